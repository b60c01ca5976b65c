import { AnthropicApiError } from '@ccp/convert';
import { isLoopbackName } from './loopback';

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

/**
 * The origin check of WebSocket subscribers to the feed. Browsers let any page open a WebSocket
 * to any address and send its `Origin`; only the page decides what to do with what it reads, so
 * the proxy must refuse foreign pages itself. Allowed: no `Origin` (tools and terminal
 * dashboards), pages on this machine (`http(s)://localhost`, `127.x.x.x`, `[::1]`, any port), the
 * proxy's own pages (the origin's host is the request's Host, which the host check has already
 * accepted), and `ALLOWED_ORIGINS`. Returns the 403 to answer, or null.
 */
export function createFeedOriginCheck(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  return (origin: string | undefined, host: string | undefined): AnthropicApiError | null => {
    if (origin === undefined || origin === '') return null;
    if (allowed.has(origin.toLowerCase().replace(/\/+$/, ''))) return null;
    const page = _parseWebOrigin(origin);
    if (page && (isLoopbackName(page.hostname) || (host !== undefined && page.host === host.toLowerCase())))
      return null;
    return AnthropicApiError.fromStatus(
      403,
      `The feed refuses subscribers from web pages on other sites (Origin: ${origin.slice(0, 100)}). To allow a page, add its origin to ALLOWED_ORIGINS.`,
    );
  };
}

function _parseWebOrigin(origin: string): URL | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
