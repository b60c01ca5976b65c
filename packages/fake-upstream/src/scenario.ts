import type { FinishReason } from './openai-wire';
import type { RecordedRequest } from './recorded-request';

/** Where the reasoning text goes: DeepSeek/vLLM-old, Ollama/vLLM-new, or OpenRouter (with details). */
export type ReasoningField = 'reasoning_content' | 'reasoning' | 'openrouter';

/** Token counts to report instead of the estimate (request chars / 4, output chars / 4). */
export interface UsageNumbers {
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
}

/** A tool call the fake model makes. A string `arguments` is sent verbatim (to test broken JSON). */
export interface ToolCallSpec {
  name: string;
  arguments: string | Record<string, unknown>;
  id?: string;
}

/** What an answer says and how it is shaped, in both streaming and JSON mode. */
export interface AnswerOptions {
  /** Model name in the answer; defaults to the request's `model`. */
  model?: string;
  /** Reasoning text, sent before the content. */
  reasoning?: string;
  /** Default `reasoning_content`. */
  reasoningField?: ReasoningField;
  /** Signature of OpenRouter's last `reasoning_details` entry. */
  reasoningSignature?: string;
  usage?: UsageNumbers;
  /** Default `stop`, or `tool_calls` when the answer calls tools. */
  finishReason?: FinishReason;
}

/** How a stream is paced and framed. */
export interface StreamOptions extends AnswerOptions {
  /** UTF-16 code units per content / reasoning / arguments fragment. Default 8. */
  fragmentSize?: number;
  /** Pause between SSE lines. Default 0 (written in one go). */
  delayMs?: number;
  /** Pause before the first line (time to first token). Default 0. */
  initialDelayMs?: number;
  /** Leading `: OPENROUTER PROCESSING` keep-alive comments (`true` = 2). */
  comments?: boolean | number;
  /**
   * `after-finish` (default, OpenAI): a `choices: []` usage chunk after the finish chunk, only when the
   * request set `stream_options.include_usage`. `in-finish-chunk` (DeepSeek, Groq): usage on the finish
   * chunk, always.
   */
  usagePlacement?: 'after-finish' | 'in-finish-chunk';
}

export interface StreamToolCallsOptions extends StreamOptions {
  /** Text streamed before the calls. */
  text?: string;
  /** Round-robin the calls' fragments instead of one call after another. */
  interleave?: boolean;
  /** Put the first fragment of every call in one chunk. */
  sameChunk?: boolean;
  /** Each call complete (name and all arguments) in one chunk, as Ollama does. */
  wholeCalls?: boolean;
}

/** Everything an answer can hold; the input of `reply` and `completion`. */
export interface Answer extends StreamToolCallsOptions {
  text?: string;
  toolCalls?: ToolCallSpec[];
}

/** A streamed answer: the base of the mid-stream failure scenarios. */
export interface StreamScenario {
  kind: 'stream-text' | 'stream-tool-calls';
  answer: Answer;
}

export interface RawOptions {
  delayMs?: number;
  status?: number;
  headers?: Record<string, string>;
  /**
   * Write each entry exactly as given, with no SSE framing (to split one event across network writes).
   * Otherwise each entry is one SSE line: `data: ` is added unless it already starts with a field name or
   * `:`, and a blank line follows it.
   */
  verbatim?: boolean;
}

/** How the fake upstream answers one chat-completions request. */
export type Scenario =
  | StreamScenario
  | { kind: 'completion'; answer: Answer }
  | { kind: 'reply'; answer: Answer }
  | { kind: 'http-error'; status: number; body: unknown; headers: Record<string, string> }
  | { kind: 'mid-stream-error'; afterChunks: number; error: Record<string, unknown>; stream: StreamScenario }
  | { kind: 'drop-mid-stream'; afterChunks: number; stream: StreamScenario }
  | { kind: 'end-without-finish'; stream: StreamScenario }
  | { kind: 'stall-after'; afterChunks: number; stream: StreamScenario }
  | { kind: 'garbage'; lines: string[]; done: boolean }
  | { kind: 'non-json'; status: number; body: string }
  | { kind: 'hang' }
  | { kind: 'raw'; chunks: string[]; options: RawOptions };

/** Picks the scenario for a request when nothing is queued. */
export type Responder = (request: RecordedRequest) => Scenario | Promise<Scenario>;

const interruptedText = 'This answer is interrupted part way through, so the rest never arrives.';

/**
 * A streamed text answer: role chunk, content fragments, `finish_reason: "stop"`, usage (when asked), `[DONE]`.
 *
 * @example
 * upstream.enqueue(streamText('Hello!', { reasoning: 'Greet.', reasoningField: 'openrouter', delayMs: 5 }));
 */
export function streamText(text: string, options: StreamOptions = {}): StreamScenario {
  return { kind: 'stream-text', answer: { ...options, text } };
}

/**
 * A streamed tool-calling answer: optional text, then each call's header fragment and argument fragments,
 * `finish_reason: "tool_calls"`.
 *
 * @example
 * upstream.enqueue(streamToolCalls([{ name: 'Bash', arguments: { command: 'ls' } }], { interleave: true }));
 */
export function streamToolCalls(calls: ToolCallSpec[], options: StreamToolCallsOptions = {}): StreamScenario {
  return { kind: 'stream-tool-calls', answer: { ...options, toolCalls: calls } };
}

/**
 * A non-streaming `chat.completion` JSON answer, whatever the request asked.
 *
 * @example
 * upstream.enqueue(completion({ text: 'Done.', usage: { promptTokens: 10, completionTokens: 2 } }));
 */
export function completion(answer: Answer): Scenario {
  return { kind: 'completion', answer };
}

/**
 * The answer most tests want: streamed when the request set `stream: true`, JSON otherwise.
 *
 * @example
 * upstream.enqueue(reply({ text: 'Sure.', toolCalls: [{ name: 'Read', arguments: { file_path: '/a' } }] }));
 */
export function reply(answer: Answer): Scenario {
  return { kind: 'reply', answer };
}

/**
 * An HTTP error. `body` undefined → an OpenAI error body for the status; a string → sent as is
 * (`text/html` when it starts with `<`, empty allowed); anything else → JSON.
 *
 * @example
 * upstream.enqueue(httpError(429, undefined, { 'retry-after': '2' }));
 */
export function httpError(status: number, body?: unknown, headers: Record<string, string> = {}): Scenario {
  return { kind: 'http-error', status, body, headers };
}

/**
 * Streams `afterChunks` chunks of `stream`, then `data: {"error": error}` and ends (no `[DONE]`).
 *
 * @example
 * upstream.enqueue(midStreamError(2, { message: 'Provider overloaded', code: 502 }));
 */
export function midStreamError(
  afterChunks: number,
  error: Record<string, unknown> = {
    message: 'The upstream provider failed mid-stream.',
    type: 'server_error',
    code: 'server_error',
  },
  stream: StreamScenario = streamText(interruptedText),
): Scenario {
  return { kind: 'mid-stream-error', afterChunks, error, stream };
}

/**
 * Streams `afterChunks` chunks of `stream`, then destroys the socket (no finish, no `[DONE]`).
 *
 * @example
 * upstream.enqueue(dropMidStream(3));
 */
export function dropMidStream(
  afterChunks: number,
  stream: StreamScenario = streamText(interruptedText),
): Scenario {
  return { kind: 'drop-mid-stream', afterChunks, stream };
}

/**
 * Streams `stream` without its finish chunk, usage and `[DONE]`, then ends the response cleanly.
 *
 * @example
 * upstream.enqueue(endWithoutFinish(streamText('cut short')));
 */
export function endWithoutFinish(stream: StreamScenario = streamText(interruptedText)): Scenario {
  return { kind: 'end-without-finish', stream };
}

/**
 * Streams `afterChunks` chunks of `stream`, then stays silent until the client or the server closes.
 *
 * @example
 * upstream.enqueue(stallAfter(1));
 */
export function stallAfter(
  afterChunks: number,
  stream: StreamScenario = streamText(interruptedText),
): Scenario {
  return { kind: 'stall-after', afterChunks, stream };
}

/**
 * A 200 `text/event-stream` whose data lines are not JSON.
 *
 * @example
 * upstream.enqueue(garbage());
 */
export function garbage(
  lines: string[] = ['this is not json', '{"id":"chatcmpl-broken","choices":[{"delta":', '<html>oops</html>'],
  options: { done?: boolean } = {},
): Scenario {
  return { kind: 'garbage', lines, done: options.done ?? true };
}

/**
 * A 200 `application/json` response whose body is an HTML page (a misconfigured gateway).
 *
 * @example
 * upstream.enqueue(nonJson());
 */
export function nonJson(
  body = '<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>',
): Scenario {
  return { kind: 'non-json', status: 200, body };
}

/**
 * Reads the request and never answers, until the client aborts or the server closes.
 *
 * @example
 * upstream.enqueue(hang());
 */
export function hang(): Scenario {
  return { kind: 'hang' };
}

/**
 * Replays literal SSE lines (a recorded fixture), then ends the response.
 *
 * @example
 * upstream.enqueue(raw(['{"id":"x","object":"chat.completion.chunk","choices":[]}', '[DONE]']));
 */
export function raw(chunks: string[], options: RawOptions = {}): Scenario {
  return { kind: 'raw', chunks, options };
}

/** An HTML error page like the ones load balancers return. */
export function htmlErrorPage(status: number, title = 'Bad Gateway'): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
