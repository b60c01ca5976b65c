import type { BillingProviderName, FetchFunction, UpstreamFailure } from './billing-types';

export type ProviderJson = { ok: true; body: unknown } | UpstreamFailure;

function upstreamMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return null;
}

/**
 * GETs a provider billing URL and parses JSON. Never throws: network failures, timeouts,
 * non-2xx answers and non-JSON bodies come back as {@link UpstreamFailure}s whose message says
 * what to check. Headers (which hold keys) never appear in a message.
 *
 * @example
 * const answer = await fetchProviderJson('openrouter', url, { authorization: `Bearer ${key}` }, { fetch });
 */
export async function fetchProviderJson(
  provider: BillingProviderName,
  url: string,
  headers: Record<string, string>,
  options: { fetch?: FetchFunction; timeoutMs?: number; keyHint: string },
): Promise<ProviderJson> {
  const fetchFunction = options.fetch ?? fetch;
  const where = new URL(url);
  const endpoint = `${where.origin}${where.pathname}`;
  let response: Response;
  try {
    response = await fetchFunction(url, {
      headers: { accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
    return {
      provider,
      configured: true,
      ok: false,
      status: 0,
      message: `${endpoint} ${reason}; check the network and the provider's base URL.`,
    };
  }
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const detail = upstreamMessage(body);
    const advice =
      response.status === 401 || response.status === 403
        ? ` Check ${options.keyHint}: it must be valid and allowed to read billing data.`
        : ' Try again later.';
    return {
      provider,
      configured: true,
      ok: false,
      status: response.status,
      message: `${endpoint} answered ${response.status}${detail ? `: ${detail.slice(0, 300)}` : ''}.${advice}`,
    };
  }
  if (body === null || typeof body !== 'object') {
    return {
      provider,
      configured: true,
      ok: false,
      status: response.status,
      message: `${endpoint} answered ${response.status} without a JSON object; check the provider's base URL.`,
    };
  }
  return { ok: true, body };
}

/** `baseUrl` without a trailing slash, with `apiPath` appended unless it already ends with it. */
export function apiBase(baseUrl: string, apiPath: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith(apiPath) ? trimmed : `${trimmed}${apiPath}`;
}

/** A number from an unknown JSON value (numbers and numeric strings), else `fallback`. */
export function numberFrom(value: unknown, fallback = 0): number {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : fallback;
}

/** A number, or null when the JSON value is null/absent. */
export function nullableNumberFrom(value: unknown): number | null {
  return value === null || value === undefined ? null : numberFrom(value);
}

export function objectFrom(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function arrayFrom(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
