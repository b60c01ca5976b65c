/** Which route a request matched. */
export type RouteName = 'chat-completions' | 'models' | 'ollama-tags' | 'not-found';

/** One request the fake upstream received, with what happened to its response. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  query: Record<string, string>;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /**
   * Every header line as it arrived, in order, names as the client spelled them. Node folds
   * repeated headers into `headers` (and keeps only the first `authorization`, `user-agent` or
   * `content-type`), so a header sent twice shows only here. Set on every request the server
   * records; optional so hand-made requests (benchmarks, replays) need not invent it.
   */
  rawHeaders?: [name: string, value: string][];
  /** Parsed JSON when the body is JSON, the raw text otherwise (`''` when empty). */
  body: unknown;
  rawBody: string;
  route: RouteName;
  /** Azure-style path `/openai/deployments/:deployment/chat/completions`. */
  deployment?: string;
  /** The `api-version` query parameter of an Azure-style request. */
  apiVersion?: string;
  /** `Date.now()` when the request body had been read. */
  receivedAt: number;
  /** Set when the client went away before the response was complete. */
  aborted: boolean;
  abortedAt?: number;
  /** Kind of scenario that answered, e.g. `stream-text`. */
  scenarioKind?: string;
  status?: number;
  /** SSE data lines written (comments excluded). Stops growing once the client aborts. */
  chunksWritten: number;
  /** `Date.now()` when the response ended normally. */
  completedAt?: number;
}

/** Narrowing helper for untyped JSON. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request's `messages` array (empty when absent or malformed). */
export function requestMessages(request: RecordedRequest): Record<string, unknown>[] {
  const body = request.body;
  if (!isRecord(body) || !Array.isArray(body.messages)) return [];
  return body.messages.filter(isRecord);
}

/** Whether the request asked for a stream (`stream: true`). */
export function wantsStream(request: RecordedRequest): boolean {
  return isRecord(request.body) && request.body.stream === true;
}

/** Whether the request asked for a usage chunk (`stream_options.include_usage`). */
export function wantsUsage(request: RecordedRequest): boolean {
  const body = request.body;
  return isRecord(body) && isRecord(body.stream_options) && body.stream_options.include_usage === true;
}

/** The model the request named, if any. */
export function requestModel(request: RecordedRequest): string | undefined {
  const body = request.body;
  return isRecord(body) && typeof body.model === 'string' ? body.model : undefined;
}

/** Text of a message's `content`: a string, or the `text` of its text parts joined by newlines. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isRecord)
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text.length > 0)
    .join('\n');
}
