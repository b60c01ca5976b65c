import type { AnthropicStreamEvent } from '@ccp/convert';
import type { BodyReader } from './read-json-body';
import { readWebRequestBody } from './read-json-body';
import { sseResponseStream } from './sse-response-stream';
import type { SsePumpOptions } from './sse-pump';

/** One `POST /v1/messages` call, whatever server it arrived on. */
export type MessagesCall = {
  readBody: BodyReader;
  /** A request header by its lower-case name. */
  header(name: string): string | null | undefined;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /**
   * The controller behind `signal`, when the server owns one: the handler then aborts the
   * upstream call through it directly instead of linking a controller of its own.
   */
  abort?: AbortController;
  userId: string | null;
  requestId?: string;
};

/** The answer: a JSON body, or Anthropic events to send as SSE, those of one upstream read together. */
export type MessagesAnswer =
  | { status: number; headers: Record<string, string>; json: string }
  | {
      status: number;
      headers: Record<string, string>;
      batches: AsyncIterable<readonly AnthropicStreamEvent[]>;
      pump: SsePumpOptions;
    };

/** A call made of a web `Request` (Hono's `app.request`, the benchmark runner). */
export function webMessagesCall(
  request: Request,
  context: { userId: string | null; requestId?: string },
): MessagesCall {
  return {
    readBody: (maxBytes) => readWebRequestBody(request, maxBytes),
    header: (name) => request.headers.get(name),
    signal: request.signal,
    userId: context.userId,
    ...(context.requestId ? { requestId: context.requestId } : {}),
  };
}

/** The answer as a web `Response`. */
export function answerToResponse(answer: MessagesAnswer): Response {
  if ('json' in answer) return new Response(answer.json, { status: answer.status, headers: answer.headers });
  return new Response(sseResponseStream(answer.batches, answer.pump), {
    status: answer.status,
    headers: answer.headers,
  });
}
