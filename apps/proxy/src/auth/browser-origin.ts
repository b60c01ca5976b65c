import { AnthropicApiError } from '@ccp/convert';
import type { MiddlewareHandler } from 'hono';

/**
 * Refuses requests that a web page made: browsers add an `Origin` header, Claude Code and the
 * SDKs send none. Without this, any site the user visits could post a "simple" cross-site
 * request to the proxy on localhost and spend the user's provider credit. Returns the 403 to
 * answer, or null when the request may go on.
 */
export function createOriginCheck(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  return (origin: string | null | undefined): AnthropicApiError | null => {
    if (origin === undefined || origin === null || origin === '') return null;
    if (allowed.has(origin.toLowerCase().replace(/\/+$/, ''))) return null;
    return AnthropicApiError.fromStatus(
      403,
      `Requests from web pages (Origin: ${origin.slice(0, 100)}) are refused. To allow a page, add its origin to ALLOWED_ORIGINS.`,
    );
  };
}

/** {@link createOriginCheck} as Hono middleware. */
export function refuseBrowserOrigins(allowedOrigins: readonly string[]): MiddlewareHandler {
  const check = createOriginCheck(allowedOrigins);
  return async (c, next) => {
    const refusal = check(c.req.header('origin'));
    if (refusal) throw refusal;
    await next();
  };
}
