import { AnthropicApiError } from '@ccp/convert';

/**
 * Reads a request body as JSON, refusing bodies over `maxBytes` with 413 and text that is not
 * JSON with 400, each in Anthropic's error envelope.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
  /** The Node request behind `request`, when there is one: read directly, without web streams. */
  incoming?: AsyncIterable<Uint8Array> & { destroy?: () => void },
): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (incoming) {
    for await (const chunk of incoming) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  } else {
    if (!request.body) throw AnthropicApiError.fromStatus(400, 'Request body is empty: send a JSON object.');
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
  }
  if (size === 0) throw AnthropicApiError.fromStatus(400, 'Request body is empty: send a JSON object.');
  const text = Buffer.concat(chunks, size).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'parse error';
    throw AnthropicApiError.fromStatus(400, `Request body is not valid JSON (${reason}).`);
  }
}

function tooLarge(maxBytes: number): AnthropicApiError {
  return AnthropicApiError.fromStatus(
    413,
    `Request body exceeds the ${Math.round(maxBytes / 1024 / 1024)} MB limit (MAX_BODY_MB).`,
  );
}
