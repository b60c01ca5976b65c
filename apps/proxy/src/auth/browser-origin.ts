import { AnthropicApiError } from '@ccp/convert';
import type { MiddlewareHandler } from 'hono';

/**
 * Refuses requests that a web page made: browsers add an `Origin` header, Claude Code and the
 * SDKs send none. Without this, any site the user visits could post a "simple" cross-site
 * request to the proxy on localhost and spend the user's provider credit.
 */
export function refuseBrowserOrigins(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== '' && !allowed.has(origin.toLowerCase().replace(/\/+$/, ''))) {
      throw AnthropicApiError.fromStatus(
        403,
        `Requests from web pages (Origin: ${origin.slice(0, 100)}) are refused. To allow a page, add its origin to ALLOWED_ORIGINS.`,
      );
    }
    await next();
  };
}
