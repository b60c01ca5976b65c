import type { ChatCompletionChunk } from '../src/openai-wire';

export interface ParsedStream {
  /** Payload of each `data:` line, in order (including `[DONE]`). */
  data: string[];
  /** Text of each `:` comment line. */
  comments: string[];
  /** `data:` payloads that parse as JSON (not `[DONE]`, not garbage). */
  chunks: ChatCompletionChunk[];
}

/** Splits an SSE body into its data and comment lines. */
export function parseSse(text: string): ParsedStream {
  const data: string[] = [];
  const comments: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
    else if (line.startsWith(':')) comments.push(line.slice(1).trim());
  }
  const chunks: ChatCompletionChunk[] = [];
  for (const payload of data) {
    try {
      chunks.push(JSON.parse(payload) as ChatCompletionChunk);
    } catch {
      // Not JSON ([DONE] or a garbage scenario): only `data` keeps it.
    }
  }
  return { data, comments, chunks };
}

/** POSTs a chat-completions request body as JSON. */
export function postChat(baseUrl: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify(body),
    ...init,
  });
}

/** A minimal chat-completions request. */
export function chatRequest(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'test-model', messages: [{ role: 'user', content: 'Say hello' }], ...extra };
}
