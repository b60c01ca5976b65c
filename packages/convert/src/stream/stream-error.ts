import type { AnthropicErrorDetail } from '../anthropic-api';
import { isRecord } from '../is-record';
import { redactSecrets, truncateText } from '../redact-secrets';

const transientCodes = new Set([
  '429',
  '500',
  '502',
  '503',
  '504',
  '529',
  'rate_limit_exceeded',
  'server_error',
  'overloaded',
]);
const transientWords = [
  'overload',
  'rate limit',
  'rate_limit',
  'capacity',
  'timeout',
  'timed out',
  'temporar',
  'disconnect',
];

function _describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// Every detail that quotes upstream text takes the caller's known `secrets` and redacts them
// before cutting the text, so a cut can never leave a secret half-shown.

/**
 * The `error` event for an upstream `{"error":{…}}` chunk. Transient failures (rate limits,
 * overload, 5xx) become `overloaded_error`, which Claude Code retries; others `api_error`.
 */
export function upstreamStreamErrorDetail(error: unknown, secrets?: readonly string[]): AnthropicErrorDetail {
  const record = isRecord(error) ? error : {};
  const message = typeof record.message === 'string' ? record.message : _describe(error);
  const code = record.code ?? record.status;
  const codeText = code === undefined || code === null ? '' : String(code);
  const lower = message.toLowerCase();
  const transient = transientCodes.has(codeText) || transientWords.some((word) => lower.includes(word));
  const shown = truncateText(redactSecrets(message, { secrets }), 600);
  return {
    type: transient ? 'overloaded_error' : 'api_error',
    message:
      `The upstream provider failed mid-stream: ${shown}${codeText ? ` (code ${codeText})` : ''}. ` +
      'Retry the request; if it keeps failing, switch to another model or provider.',
  };
}

/** The `error` event for a stream event that is not JSON. */
export function garbageStreamErrorDetail(data: string, secrets?: readonly string[]): AnthropicErrorDetail {
  return {
    type: 'api_error',
    message:
      `The upstream sent a stream event that is not JSON: ${truncateText(redactSecrets(data, { secrets }), 200)}. ` +
      'Check that the endpoint speaks OpenAI Chat Completions streaming, then retry.',
  };
}

/** The `error` event for a stream that ended without `finish_reason` or `[DONE]`. */
export function truncatedStreamErrorDetail(): AnthropicErrorDetail {
  return {
    type: 'overloaded_error',
    message:
      'The upstream stream ended before the response was complete (no finish_reason and no [DONE]). Retry the request.',
  };
}

/** The `error` event for a connection that broke while reading the upstream body. */
export function brokenStreamErrorDetail(error: unknown, secrets?: readonly string[]): AnthropicErrorDetail {
  return {
    type: 'overloaded_error',
    message: `The connection to the upstream broke mid-stream (${truncateText(redactSecrets(_describe(error), { secrets }), 300)}). Retry the request.`,
  };
}

/** The `error` event when the caller aborted the stream. */
export function abortedStreamErrorDetail(reason: unknown): AnthropicErrorDetail {
  const isTimeout =
    typeof reason === 'object' && reason !== null && 'name' in reason && reason.name === 'TimeoutError';
  return isTimeout
    ? {
        type: 'timeout_error',
        message: 'The upstream took too long and the request was stopped. Retry the request.',
      }
    : { type: 'api_error', message: 'The request was cancelled before the upstream finished.' };
}
