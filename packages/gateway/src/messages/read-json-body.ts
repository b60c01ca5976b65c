import type { IncomingMessage } from 'node:http';
import { AnthropicApiError } from '@ccp/convert';

/** Reads a request body of at most `maxBytes` (413 beyond), in Anthropic's error envelope. */
export type BodyReader = (maxBytes: number) => Promise<Uint8Array>;

/**
 * Reads a request body as JSON, refusing bodies over `maxBytes` with 413 and text that is not
 * JSON with 400, each in Anthropic's error envelope.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  return parseJsonText(bodyText(await readWebRequestBody(request, maxBytes)));
}

/** Body bytes as text: 400 when there are none. */
export function bodyText(bytes: Uint8Array): string {
  if (bytes.byteLength === 0)
    throw AnthropicApiError.fromStatus(400, 'Request body is empty: send a JSON object.');
  return Buffer.isBuffer(bytes)
    ? bytes.toString('utf8')
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** `JSON.parse`, failing with 400 `invalid_request_error` in Anthropic's envelope. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'parse error';
    throw AnthropicApiError.fromStatus(400, `Request body is not valid JSON (${reason}).`);
  }
}

/** The body of a web `Request`. */
export async function readWebRequestBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return joined(chunks, size);
}

/**
 * The body of a Node request, read with plain events (no stream iterators). Past `maxBytes`
 * the rest is drained unread, so the 413 still reaches the client.
 */
export function readNodeRequestBody(incoming: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(incoming.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    incoming.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  if (incoming.complete && !incoming.readableFlowing) {
    // The whole body came with the head (most requests): it waits in the stream's buffer and is
    // taken now, without the ticks of switching the stream to flowing and waiting for its end.
    const chunks: Buffer[] = [];
    let size = 0;
    for (let chunk = incoming.read() as Buffer | null; chunk !== null; chunk = incoming.read() as Buffer | null) {
      size += chunk.byteLength;
      chunks.push(chunk);
    }
    // Lets the stream end, so the connection can serve the next request.
    incoming.resume();
    if (size > maxBytes) return Promise.reject(tooLarge(maxBytes));
    return Promise.resolve(joined(chunks, size));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        cleanup();
        incoming.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(joined(chunks, size));
    };
    const onGone = () => {
      cleanup();
      reject(
        AnthropicApiError.fromStatus(400, 'The client closed the connection before the body was complete.'),
      );
    };
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onGone);
      incoming.off('aborted', onGone);
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onGone);
    incoming.on('aborted', onGone);
  });
}

/** The body's chunks as one buffer; a body that came in one chunk is that chunk, not a copy. */
function joined<Chunk extends Uint8Array>(chunks: Chunk[], size: number): Chunk | Buffer {
  return chunks.length === 1 ? (chunks[0] as Chunk) : Buffer.concat(chunks, size);
}

function tooLarge(maxBytes: number): AnthropicApiError {
  return AnthropicApiError.fromStatus(
    413,
    `Request body exceeds the ${Math.round(maxBytes / 1024 / 1024)} MB limit (MAX_BODY_MB).`,
  );
}
