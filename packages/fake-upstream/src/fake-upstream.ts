import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AnswerIdentity } from './build-answer';
import { createDefaultResponder } from './default-responder';
import { matchRoute } from './match-route';
import { ollamaTagList, openAIModelList } from './model-lists';
import { openAIError, playScenario } from './play-scenario';
import { isRecord, type RecordedRequest } from './recorded-request';
import type { Responder, Scenario } from './scenario';

export interface FakeUpstreamOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Answers chat-completions requests when nothing is queued. Default `createDefaultResponder()`. */
  defaultResponder?: Responder;
  /** Keep every request in `requests`. Default true; turn off for long benchmarks. */
  record?: boolean;
  /** Model ids listed by `GET /v1/models` and `GET /api/tags`. */
  models?: string[];
}

export interface FakeUpstream {
  /** Base URL for an OpenAI client, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  /** Requests received so far (when recording), oldest first. */
  requests: RecordedRequest[];
  /** The next chat-completions requests are answered by these, in order, then by the responder. */
  enqueue(...scenarios: Scenario[]): void;
  /** Replaces the responder used when nothing is queued. */
  setResponder(responder: Responder): void;
  /** Sockets currently open. */
  openConnections(): number;
  /**
   * Resolves once `predicate` holds for the recorded requests; re-checked whenever a request arrives,
   * aborts or completes. Rejects after `timeoutMs` (default 5000) naming what it waited for.
   */
  waitFor(predicate: (requests: readonly RecordedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Clears the queue and the recorded requests. */
  reset(): void;
  /** Closes the server and destroys every open socket. */
  close(): Promise<void>;
}

function headerRecord(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function rawHeaderLines(request: IncomingMessage): [string, string][] {
  const lines: [string, string][] = [];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    lines.push([request.rawHeaders[index] as string, request.rawHeaders[index + 1] as string]);
  }
  return lines;
}

function parseBody(text: string): unknown {
  if (text.length === 0) return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    // A client that leaves mid-body never sends 'end'; settle so the handler can record the abort.
    request.on('close', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}

function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
) {
  const text = JSON.stringify(openAIError(message, type, code));
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * Starts an OpenAI-compatible fake upstream on loopback that streams like real providers do.
 *
 * @example
 * const upstream = await startFakeUpstream();
 * upstream.enqueue(reply({ text: 'Hi!' }), httpError(429, undefined, { 'retry-after': '1' }));
 * await fetch(`${upstream.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) });
 * await upstream.close();
 */
export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const host = options.host ?? '127.0.0.1';
  const record = options.record ?? true;
  const models = options.models ?? ['fake-model', 'fake-model-mini', 'fake-reasoner'];
  const startedAt = Math.floor(Date.now() / 1000);
  const idPrefix = randomBytes(4).toString('hex');
  let responder: Responder = options.defaultResponder ?? createDefaultResponder();
  const queue: Scenario[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const listeners = new Set<() => void>();
  let counter = 0;

  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  const identity = (): AnswerIdentity => {
    counter += 1;
    let toolCalls = 0;
    const id = `chatcmpl-${idPrefix}${counter.toString(36).padStart(6, '0')}`;
    return {
      id,
      created: Math.floor(Date.now() / 1000),
      nextToolCallId: () => {
        toolCalls += 1;
        return `call_${idPrefix}${counter.toString(36)}x${toolCalls}`;
      },
    };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    let closed = false;
    let droppedByServer = false;
    let recorded: RecordedRequest | undefined;
    const closedPromise = new Promise<void>((resolve) => {
      response.on('close', () => {
        closed = true;
        if (recorded && !response.writableFinished && !droppedByServer && !recorded.aborted) {
          recorded.aborted = true;
          recorded.abortedAt = Date.now();
        }
        resolve();
        notify();
      });
    });

    const rawBody = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://fake-upstream');
    const method = request.method ?? 'GET';
    const matched = matchRoute(method, url.pathname);
    recorded = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: headerRecord(request),
      rawHeaders: rawHeaderLines(request),
      body: parseBody(rawBody),
      rawBody,
      route: matched.route,
      receivedAt: Date.now(),
      aborted: false,
      chunksWritten: 0,
    };
    if (matched.deployment !== undefined) {
      recorded.deployment = matched.deployment;
      const apiVersion = url.searchParams.get('api-version');
      if (apiVersion !== null) recorded.apiVersion = apiVersion;
    }
    if (record) requests.push(recorded);
    notify();
    if (closed) {
      recorded.aborted = true;
      recorded.abortedAt = Date.now();
      return;
    }

    switch (matched.route) {
      case 'not-found':
        recorded.status = 404;
        return sendError(
          response,
          404,
          `Invalid URL (${method} ${url.pathname})`,
          'invalid_request_error',
          null,
        );
      case 'models':
        recorded.status = 200;
        return sendModels(response, openAIModelList(models, startedAt));
      case 'ollama-tags':
        recorded.status = 200;
        return sendModels(
          response,
          ollamaTagList(
            models.map((model) => (model.includes(':') ? model : `${model}:latest`)),
            new Date(startedAt * 1000).toISOString(),
          ),
        );
      case 'chat-completions':
        break;
    }
    if (recorded.deployment !== undefined && recorded.apiVersion === undefined) {
      recorded.status = 404;
      return sendError(
        response,
        404,
        'Resource not found: an Azure deployment path needs the api-version query parameter.',
        'invalid_request_error',
        '404',
      );
    }
    if (!isRecord(recorded.body)) {
      recorded.status = 400;
      return sendError(
        response,
        400,
        'The request body is not a JSON object. Send a JSON chat completion request with Content-Type: application/json.',
        'invalid_request_error',
        null,
      );
    }

    const current = recorded;
    let scenario: Scenario;
    try {
      scenario = queue.shift() ?? (await responder(current));
    } catch (error) {
      current.status = 500;
      const reason = error instanceof Error ? error.message : String(error);
      return sendError(response, 500, `The fake upstream responder failed: ${reason}`, 'server_error', null);
    }
    await playScenario(scenario, {
      request: current,
      response,
      identity: identity(),
      closed: closedPromise,
      isClosed: () => closed || response.destroyed,
      markDroppedByServer: () => {
        droppedByServer = true;
      },
    });
    notify();
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A handler bug must still answer, in the OpenAI error shape, instead of leaving the client waiting.
      if (!response.headersSent) {
        const reason = error instanceof Error ? error.message : String(error);
        sendError(response, 500, `The fake upstream failed: ${reason}`, 'server_error', null);
      } else {
        response.destroy();
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: `${origin}/v1`,
    origin,
    port,
    requests,
    enqueue: (...scenarios) => {
      queue.push(...scenarios);
    },
    setResponder: (next) => {
      responder = next;
    },
    openConnections: () => sockets.size,
    waitFor: (predicate, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(requests)) return resolve();
        const listener = () => {
          if (!predicate(requests)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new Error(
              `The fake upstream waited ${timeoutMs} ms and the condition never held (${requests.length} requests recorded). Check that the request reached ${origin}.`,
            ),
          );
        }, timeoutMs);
        listeners.add(listener);
      }),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function sendModels(response: ServerResponse, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
