import type { AnthropicErrorBody, AnthropicErrorType } from './anthropic-api';
import { redactSecrets } from './redact-secrets';

const statusByErrorType: Record<AnthropicErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

const errorTypeByStatus: Record<number, AnthropicErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'overloaded_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * The Anthropic error type for an HTTP status, the one table both directions use: unknown 4xx are
 * `invalid_request_error`, unknown 5xx (and anything else) `api_error`.
 *
 * @example errorTypeForStatus(429) // 'rate_limit_error'
 */
export function errorTypeForStatus(status: number): AnthropicErrorType {
  const known = errorTypeByStatus[status];
  if (known) return known;
  if (status >= 400 && status < 500) return 'invalid_request_error';
  return 'api_error';
}

/**
 * The HTTP status Anthropic answers with for an error type.
 *
 * @example statusForErrorType('overloaded_error') // 529
 */
export function statusForErrorType(errorType: AnthropicErrorType): number {
  return statusByErrorType[errorType];
}

/**
 * The status ccp answers Claude Code with when the upstream answered `upstreamStatus`:
 * 502/503 become 529 (overloaded, which Claude Code retries), 504/408 become 504, other
 * known statuses pass, unknown 4xx become 400 and unknown 5xx 500.
 *
 * @example anthropicStatusForUpstreamStatus(503) // 529
 */
export function anthropicStatusForUpstreamStatus(upstreamStatus: number): number {
  return statusForErrorType(errorTypeForStatus(upstreamStatus));
}

export type AnthropicApiErrorOptions = {
  /** HTTP status; derived from `errorType` when left out. */
  status?: number;
  /** Anthropic error type; derived from `status` when left out. */
  errorType?: AnthropicErrorType;
  /** Response headers to send with the error, such as `retry-after`. */
  headers?: Record<string, string>;
  cause?: unknown;
};

/**
 * An error toward the Anthropic client: knows its status, its Anthropic error type and how to
 * render itself as `{type:"error",error:{type,message}}`. The message is shown to the user as is,
 * so it must never hold a stack trace; things that look like API keys are masked.
 *
 * @example
 * throw new AnthropicApiError('max_tokens: Field required', { status: 400 });
 * // later, in the server's error handler:
 * return c.json(error.toBody(), error.status, error.headers);
 */
export class AnthropicApiError extends Error {
  readonly status: number;
  readonly errorType: AnthropicErrorType;
  readonly headers: Record<string, string> | undefined;

  constructor(message: string, options: AnthropicApiErrorOptions = {}) {
    // Messages go to users and logs: anything that looks like a key is masked on the way in.
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AnthropicApiError';
    const errorType = options.errorType ?? errorTypeForStatus(options.status ?? 500);
    this.errorType = errorType;
    this.status = options.status ?? statusForErrorType(errorType);
    this.headers = options.headers;
  }

  /**
   * An error for a status with the matching Anthropic type.
   *
   * @example AnthropicApiError.fromStatus(404, 'Unknown path /v2/messages').errorType // 'not_found_error'
   */
  static fromStatus(status: number, message: string): AnthropicApiError {
    return new AnthropicApiError(message, { status, errorType: errorTypeForStatus(status) });
  }

  /** The Anthropic error envelope, for a JSON body or an SSE `error` event. */
  toBody(): AnthropicErrorBody {
    return { type: 'error', error: { type: this.errorType, message: this.message } };
  }

  /** A ready `Response` (JSON body, status and headers), for servers built on web standards. */
  toResponse(): Response {
    return new Response(JSON.stringify(this.toBody()), {
      status: this.status,
      headers: { 'content-type': 'application/json', ...this.headers },
    });
  }
}

/** Whether a value is an {@link AnthropicApiError} (also across package copies). */
export function isAnthropicApiError(value: unknown): value is AnthropicApiError {
  return (
    value instanceof AnthropicApiError ||
    (value instanceof Error &&
      value.name === 'AnthropicApiError' &&
      'status' in value &&
      typeof value.status === 'number' &&
      'errorType' in value &&
      typeof value.errorType === 'string')
  );
}
