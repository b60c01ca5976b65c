import { AnthropicApiError } from '@ccp/convert';
import type { MiddlewareHandler } from 'hono';
import { isLoopbackHost, isLoopbackName } from './loopback';

export type HostCheckOptions = {
  /** The address the proxy binds (`HOST`). */
  bindHost: string;
  /** `ALLOWED_HOSTS`: lower-case names, each with an optional `:port`; `*` turns the check off. */
  allowedHosts: readonly string[];
};

/** The 403 for a request whose Host header the proxy does not answer to, or null. */
export type HostCheck = (host: string | null | undefined) => AnthropicApiError | null;

/**
 * Refuses requests addressed to a host name the proxy does not answer to, so a web page cannot
 * reach it through DNS rebinding (a name of the attacker's that first points at the attacker and
 * then at 127.0.0.1: the browser then treats the proxy as the attacker's own site, but the Host
 * header still carries the attacker's name).
 *
 * Allowed: loopback names (`localhost`, `127.x.x.x`, `[::1]`) and the bind address, on any port
 * (a tunnel or a port mapping may change it), and every `ALLOWED_HOSTS` entry (a name alone
 * allows any port, `name:port` that port only). A request without a Host header is let through:
 * browsers always send one.
 *
 * The check runs when the proxy binds loopback, or whenever `ALLOWED_HOSTS` is set. A proxy bound
 * to another address without `ALLOWED_HOSTS` cannot know the names it is reached by (a DNS name,
 * a load balancer), so it checks nothing; its feed, dashboard and admin APIs need the admin key.
 */
export function createHostCheck(options: HostCheckOptions): HostCheck {
  const allowed = options.allowedHosts.map(_normalizeEntry);
  const active = !allowed.includes('*') && (isLoopbackHost(options.bindHost) || allowed.length > 0);
  if (!active) return () => null;
  const bindName = _hostnameOf(options.bindHost.includes(':') ? `[${options.bindHost}]` : options.bindHost);
  const anyAddress = bindName === '0.0.0.0' || bindName === '[::]';
  // Host headers found allowed, as sent: a client sends the same one on every request, and
  // parsing it as a URL each time cost more than the rest of the check. Refusals are not kept,
  // so foreign names cannot fill it.
  const admitted = new Set<string>();
  return (host) => {
    if (host === undefined || host === null || host === '' || admitted.has(host)) return null;
    const parsed = _parseHost(host);
    if (parsed) {
      const { hostname, port } = parsed;
      const withPort = `${hostname}:${port}`;
      if (
        isLoopbackName(hostname) ||
        (!anyAddress && hostname === bindName) ||
        allowed.some((entry) => entry === hostname || entry === withPort)
      ) {
        if (admitted.size < 64) admitted.add(host);
        return null;
      }
    }
    return new AnthropicApiError(
      `Requests for host ${JSON.stringify(host.slice(0, 100))} are refused: this proxy answers only to its own address and loopback names, so web pages cannot reach it by a name of theirs (DNS rebinding). To reach it by this name, add it to ALLOWED_HOSTS.`,
      { status: 403, errorType: 'permission_error' },
    );
  };
}

/** {@link createHostCheck} as Hono middleware, for every route. */
export function refuseForeignHosts(check: HostCheck): MiddlewareHandler {
  return async (c, next) => {
    const refusal = check(c.req.header('host'));
    if (refusal) throw refusal;
    await next();
  };
}

function _parseHost(host: string): { hostname: string; port: string } | null {
  try {
    const url = new URL(`http://${host.trim()}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
    return { hostname: url.hostname.replace(/\.$/, ''), port: url.port || '80' };
  } catch {
    return null;
  }
}

/** An `ALLOWED_HOSTS` entry as {@link _parseHost} writes Host headers: `name` or `name:port`. */
function _normalizeEntry(entry: string): string {
  if (entry === '*') return entry;
  const parsed = _parseHost(entry);
  if (!parsed) return entry.toLowerCase();
  return /^(?:\[.*\]|[^:]*):\d+$/.test(entry.trim()) ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
}

function _hostnameOf(host: string): string | null {
  return _parseHost(host)?.hostname ?? null;
}
