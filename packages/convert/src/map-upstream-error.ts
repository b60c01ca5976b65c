import { AnthropicApiError, anthropicStatusForUpstreamStatus, errorTypeForStatus } from './anthropic-error';
import { isRecord } from './is-record';
import { redactSecrets, truncateText } from './redact-secrets';

/** Longest upstream detail quoted in an error message. */
const maximumDetailLength = 600;
/** Headers Anthropic clients use to decide whether and when to retry. */
const forwardedHeaderNames = ['retry-after', 'retry-after-ms', 'x-should-retry'] as const;

export type UpstreamHeaders = Headers | Record<string, string | string[] | undefined>;

export type UpstreamHttpErrorInput = {
  /** The upstream HTTP status. */
  status: number;
  /** The upstream response body as text (may be JSON, HTML, plain text or empty). */
  bodyText: string;
  headers?: UpstreamHeaders;
  /**
   * The caller's own estimate of the prompt's tokens, used in `prompt is too long: N tokens > M
   * maximum` when the upstream names its limit but not the size of the request.
   */
  estimatedPromptTokens?: number;
  /**
   * The secret values the caller knows (every upstream API key, the proxy's own keys): replaced
   * by `[redacted]` wherever the upstream echoes them, also partly masked. Keys in well-known
   * formats (`sk-…`, `Bearer …`) are masked either way.
   */
  secrets?: readonly string[];
};

type UpstreamErrorDetail = { message: string; code?: string; type?: string; fields: Record<string, unknown> };

/**
 * Turns an upstream OpenAI-compatible HTTP error into the Anthropic error Claude Code understands:
 * the right status and type (502/503 → 529 overloaded, 504 → timeout, ...), `retry-after` kept,
 * a readable message without secrets, and context-window overflows reworded as
 * `prompt is too long: N tokens > M maximum` so Claude Code compacts the conversation.
 *
 * @example
 * const error = mapUpstreamHttpError({ status: 429, bodyText: await response.text(), headers: response.headers });
 * error.status; // 429, error.errorType === 'rate_limit_error', error.headers?.['retry-after'] === '20'
 * // Known key values are hidden whatever their format:
 * mapUpstreamHttpError({ status: 401, bodyText, secrets: [endpoint.apiKey, proxyAuthKey] });
 */
export function mapUpstreamHttpError(input: UpstreamHttpErrorInput): AnthropicApiError {
  const detail = readUpstreamErrorDetail(input.bodyText);
  const headers = pickRetryHeaders(input.headers);
  const redaction = { secrets: input.secrets };
  const quoted = detail.message
    ? truncateText(redactSecrets(detail.message, redaction), maximumDetailLength)
    : '';

  const overflow = readContextOverflow(detail, input.bodyText);
  if (overflow && input.status < 500 && input.status !== 429) {
    const requested = overflow.requestedTokens ?? input.estimatedPromptTokens;
    const summary =
      requested !== undefined && overflow.maximumTokens !== undefined
        ? `prompt is too long: ${requested} tokens > ${overflow.maximumTokens} maximum`
        : overflow.maximumTokens !== undefined
          ? `prompt is too long: the request exceeds the upstream model's context window of ${overflow.maximumTokens} tokens`
          : `prompt is too long: the request exceeds the upstream model's context window`;
    return new AnthropicApiError(`${summary} (upstream provider returned ${input.status}: ${quoted})`, {
      status: 400,
      errorType: 'invalid_request_error',
      headers,
    });
  }

  const status = anthropicStatusForUpstreamStatus(input.status);
  const hint = hintForUpstreamStatus(input.status);
  const body = quoted || 'no error details in the response body';
  const separator = /[.!?]$/.test(body) ? ' ' : '. ';
  return new AnthropicApiError(
    `Upstream provider returned ${input.status}: ${body}${hint ? separator + hint : ''}`,
    {
      status,
      errorType: errorTypeForStatus(status),
      headers,
    },
  );
}

function hintForUpstreamStatus(status: number): string {
  if (status === 401 || status === 403)
    return 'Check the API key the proxy sends to this provider and that it may use this model';
  if (status === 402) return 'The provider account needs credits or a payment method';
  if (status === 404) return 'Check the model name and the provider base URL';
  if (status === 429) return 'The provider is rate limiting requests; retry after a pause';
  if (status === 408 || status === 504) return 'The provider timed out; retry, or pick a faster model';
  if (status >= 500) return 'The provider failed; retry later or switch provider or model';
  return '';
}

function pickRetryHeaders(headers: UpstreamHeaders | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const picked: Record<string, string> = {};
  for (const name of forwardedHeaderNames) {
    const value = readHeader(headers, name);
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** A fetch `Headers` (from any realm), as opposed to a plain header record. */
function isHeaders(headers: UpstreamHeaders): headers is Headers {
  return typeof headers.get === 'function';
}

function readHeader(headers: UpstreamHeaders, name: string): string | undefined {
  if (isHeaders(headers)) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Reads `{error:{message,type,code,metadata}}`, `{error:"..."}`, `{message}`, `{detail}`, HTML or text. */
function readUpstreamErrorDetail(bodyText: string): UpstreamErrorDetail {
  const text = bodyText.trim();
  if (!text) return { message: '', fields: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { message: plainTextOf(text), fields: {} };
  }
  if (Array.isArray(parsed)) parsed = parsed[0];
  if (!isRecord(parsed)) return { message: plainTextOf(text), fields: {} };
  const error = parsed.error;
  if (typeof error === 'string') return { message: error, fields: parsed };
  const source = isRecord(error) ? error : parsed;
  let message = asText(source.message) ?? asText(source.detail) ?? asText(parsed.detail);
  if (message === undefined && Array.isArray(parsed.detail)) message = JSON.stringify(parsed.detail);
  // OpenRouter puts the provider's own error in metadata.raw and its name in metadata.provider_name.
  const metadata = isRecord(source.metadata) ? source.metadata : undefined;
  const provider = metadata ? asText(metadata.provider_name) : undefined;
  const raw = metadata ? rawText(metadata.raw) : undefined;
  const parts = [
    provider ? `${provider}: ${message ?? ''}`.trim() : message,
    raw && raw !== message ? raw : undefined,
  ];
  return {
    message: parts.filter((part): part is string => Boolean(part)).join(' | ') || text,
    code: asText(source.code),
    type: asText(source.type),
    fields: source,
  };
}

function rawText(raw: unknown): string | undefined {
  if (typeof raw === 'string') {
    try {
      const nested: unknown = JSON.parse(raw);
      if (isRecord(nested)) {
        const inner = isRecord(nested.error) ? nested.error : nested;
        return asText(inner.message) ?? raw;
      }
    } catch {
      // not JSON: quote it as it is
    }
    return raw;
  }
  if (isRecord(raw)) return asText(raw.message) ?? JSON.stringify(raw);
  return undefined;
}

/** HTML error pages (gateways, load balancers): keep the title or the visible text. */
function plainTextOf(text: string): string {
  if (!/^\s*<(!doctype|html|head|body|\?xml)/i.test(text)) return text.replace(/\s+/g, ' ');
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const visible = text
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const summary = title?.replace(/\s+/g, ' ').trim() || visible;
  return `HTML error page: ${summary}`;
}

type ContextOverflow = { maximumTokens?: number; requestedTokens?: number };

const overflowPatterns: RegExp[] = [
  /context[ _-]?(length|window|size)[^.]*?(exceed|too (long|large|small))/i,
  /(exceed|exceeds|exceeded|greater than|more than|larger than)[^.]*?context[ _-]?(length|window|size)/i,
  /maximum context length/i,
  /prompt is too long/i,
  /input (is )?too long/i,
  /too many (input )?tokens/i,
  /reduce the length of the (messages|prompt|input)/i,
];

function readContextOverflow(detail: UpstreamErrorDetail, bodyText: string): ContextOverflow | undefined {
  const code = `${detail.code ?? ''} ${detail.type ?? ''}`;
  const text = `${detail.message} ${bodyText}`;
  const flagged =
    /context_length_exceeded|exceed_context_size|context_window_exceeded|string_above_max_length/i.test(
      code,
    ) || overflowPatterns.some((pattern) => pattern.test(text));
  if (!flagged) return undefined;

  const overflow: ContextOverflow = {};
  const anthropicWording = /prompt is too long:\s*(\d+)\s*tokens?\s*>\s*(\d+)/i.exec(text);
  if (anthropicWording)
    return { requestedTokens: Number(anthropicWording[1]), maximumTokens: Number(anthropicWording[2]) };
  const maximum =
    /maximum context length is\s*(\d+)/i.exec(text) ??
    /context (?:length|window|size) (?:of|is)\s*(?:only\s*)?(\d+)/i.exec(text) ??
    /context length of only\s*(\d+)/i.exec(text);
  if (maximum) overflow.maximumTokens = Number(maximum[1]);
  const requested =
    /you requested (?:about\s*)?(\d+)\s*tokens/i.exec(text) ??
    /(?:request|prompt|input) (?:has|contains|is)\s*(\d+)\s*(?:input\s*)?tokens/i.exec(text) ??
    /resulted in\s*(\d+)\s*tokens/i.exec(text);
  if (requested) overflow.requestedTokens = Number(requested[1]);
  // llama.cpp: {"type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}
  if (typeof detail.fields.n_ctx === 'number') overflow.maximumTokens = detail.fields.n_ctx;
  if (typeof detail.fields.n_prompt_tokens === 'number')
    overflow.requestedTokens = detail.fields.n_prompt_tokens;
  return overflow;
}

export type UpstreamNetworkErrorOptions = {
  /** The request timeout that fired, for the message. */
  timeoutMs?: number;
  /** The upstream base URL, only if the caller stripped credentials from it. */
  baseUrl?: string;
  /** The setting the user changes to point at another upstream; named in hints. */
  baseUrlSetting?: string;
  /** The secret values the caller knows: replaced by `[redacted]` in the message (see {@link UpstreamHttpErrorInput.secrets}). */
  secrets?: readonly string[];
};

type NetworkProblem = { code: string; description: string };

const networkProblems: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'socket closed unexpectedly',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for response headers',
  UND_ERR_BODY_TIMEOUT: 'timed out waiting for the response body',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
};

const timeoutCodes = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Turns a failed upstream fetch (connection refused, DNS failure, reset, abort or timeout) into
 * an Anthropic error: timeouts and aborts become 504 `timeout_error`, everything else 529
 * `overloaded_error` (which Claude Code retries), with a message saying what to check.
 *
 * @example
 * try { await fetch(url, init) } catch (error) {
 *   throw mapUpstreamNetworkError(error, { timeoutMs: 600_000, baseUrl: 'http://127.0.0.1:11434/v1' });
 * }
 */
export function mapUpstreamNetworkError(
  error: unknown,
  options: UpstreamNetworkErrorOptions = {},
): AnthropicApiError {
  const setting = options.baseUrlSetting ?? 'PROVIDER_BASE_URL';
  const redaction = { secrets: options.secrets };
  const where = options.baseUrl ? ` at ${redactSecrets(options.baseUrl, redaction)}` : '';
  if (isAbortOrTimeout(error)) {
    const after = options.timeoutMs !== undefined ? ` after ${formatDuration(options.timeoutMs)}` : '';
    return new AnthropicApiError(
      `Upstream provider${where} did not answer${after} (request timed out or was aborted). Retry, raise the request timeout, or pick a faster model.`,
      { status: 504, errorType: 'timeout_error', cause: error },
    );
  }
  const problem = findNetworkProblem(error);
  if (problem && timeoutCodes.has(problem.code)) {
    return new AnthropicApiError(
      `Upstream provider${where} timed out (${problem.description}, ${problem.code}). Check that the provider is reachable, or raise the request timeout.`,
      { status: 504, errorType: 'timeout_error', cause: error },
    );
  }
  const what = problem
    ? `${problem.description}, ${problem.code}`
    : redactSecrets(messageOf(error), redaction);
  const advice =
    problem?.code === 'ENOTFOUND' || problem?.code === 'EAI_AGAIN'
      ? `Check the host name in ${setting}.`
      : problem?.code.includes('CERT') || problem?.code.includes('TLS')
        ? `Check the provider's TLS certificate or the scheme in ${setting}.`
        : `Is the provider running${where}? Check ${setting}.`;
  return new AnthropicApiError(
    `Cannot reach the upstream provider${where} (${truncateText(what, 300)}). ${advice}`,
    {
      status: 529,
      errorType: 'overloaded_error',
      cause: error,
    },
  );
}

function isAbortOrTimeout(error: unknown): boolean {
  for (const candidate of causeChain(error)) {
    if (!(candidate instanceof Error) && !isRecord(candidate)) continue;
    const name = candidate.name;
    if (name === 'AbortError' || name === 'TimeoutError') return true;
    if ('code' in candidate && candidate.code === 'ABORT_ERR') return true;
  }
  return false;
}

function findNetworkProblem(error: unknown): NetworkProblem | undefined {
  for (const candidate of causeChain(error)) {
    if (!isRecord(candidate) && !(candidate instanceof Error)) continue;
    const code = 'code' in candidate ? candidate.code : undefined;
    if (typeof code === 'string' && networkProblems[code])
      return { code, description: networkProblems[code] };
    const message = candidate.message;
    if (typeof message === 'string' && /socket hang up/i.test(message))
      return { code: 'ECONNRESET', description: 'socket hang up' };
    if (typeof message === 'string' && /other side closed/i.test(message))
      return { code: 'UND_ERR_SOCKET', description: 'connection closed by the provider' };
  }
  return undefined;
}

/** The error, its `cause`s and, for AggregateError (happy eyeballs), its `errors`. */
function causeChain(error: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.length < 16) {
    const current = queue.shift();
    if (current === undefined || current === null || seen.includes(current)) continue;
    seen.push(current);
    if (typeof current !== 'object') continue;
    const cause = 'cause' in current ? current.cause : undefined;
    const errors = 'errors' in current ? current.errors : undefined;
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return seen;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  return 'unknown network error';
}

function formatDuration(milliseconds: number): string {
  if (milliseconds >= 1000 && milliseconds % 1000 === 0) return `${milliseconds / 1000} s`;
  return `${milliseconds} ms`;
}
