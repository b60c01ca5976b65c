import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a client sent, as it came, with what the proxy answered. */
export interface RecordedExchange {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON, or null when empty. */
  body: unknown;
  status: number;
  /** The answer's text (SSE or JSON), cut at `maximumResponseChars`. */
  responseText: string;
}

export interface RecordingForwarder {
  url: string;
  exchanges: RecordedExchange[];
  close(): Promise<void>;
}

const maximumResponseChars = 200_000;
const hopByHopHeaders = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function parseBody(raw: string): unknown {
  if (raw.length === 0) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * A pass-through HTTP server on loopback in front of `target`: every request is forwarded as it
 * came and kept, with the status and text of its answer, so a run can be checked and its
 * requests turned into fixtures. Streams are passed on chunk by chunk.
 *
 * @example
 * const forwarder = await startRecordingForwarder(proxy.url);
 * // point the client at forwarder.url, then read forwarder.exchanges
 */
export async function startRecordingForwarder(target: string): Promise<RecordingForwarder> {
  const targetUrl = new URL(target);
  const exchanges: RecordedExchange[] = [];
  const server = createServer((incoming, outgoing) => {
    const parts: Buffer[] = [];
    incoming.on('data', (part: Buffer) => parts.push(part));
    incoming.on('end', () => {
      const rawBody = Buffer.concat(parts);
      const exchange: RecordedExchange = {
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        headers: flatHeaders(incoming.headers),
        body: parseBody(rawBody.toString('utf8')),
        status: 0,
        responseText: '',
      };
      exchanges.push(exchange);
      const forwardedHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(exchange.headers)) {
        if (!hopByHopHeaders.has(name)) forwardedHeaders[name] = value;
      }
      forwardedHeaders['content-length'] = String(rawBody.length);
      const upstream = httpRequest(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: exchange.method,
          path: exchange.path,
          headers: forwardedHeaders,
        },
        (answer) => {
          exchange.status = answer.statusCode ?? 0;
          const answerHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(flatHeaders(answer.headers))) {
            if (!hopByHopHeaders.has(name)) answerHeaders[name] = value;
          }
          outgoing.writeHead(exchange.status, answerHeaders);
          answer.on('data', (chunk: Buffer) => {
            if (exchange.responseText.length < maximumResponseChars)
              exchange.responseText += chunk.toString('utf8');
            outgoing.write(chunk);
          });
          answer.on('end', () => outgoing.end());
          answer.on('error', () => outgoing.destroy());
        },
      );
      upstream.on('error', (error) => {
        exchange.status = 502;
        exchange.responseText = `forwarding failed: ${error.message}`;
        if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(exchange.responseText);
      });
      // The client left before the answer ended: stop the proxied call too.
      outgoing.on('close', () => {
        if (!outgoing.writableFinished) upstream.destroy();
      });
      upstream.end(rawBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
