/**
 * Turns what a user types into a feed URL: `ws://…` is kept, `http(s)://host:port` becomes
 * `ws(s)://host:port/feed`, a bare `host:port` becomes `ws://host:port/feed`, and a bare port
 * (`9000` or `:9000`) means the proxy on this machine. Throws a TypeError for text that makes
 * no URL.
 *
 * @example toFeedUrl('http://127.0.0.1:8082') // 'ws://127.0.0.1:8082/feed'
 * @example toFeedUrl('9000') // 'ws://127.0.0.1:9000/feed'
 */
export function toFeedUrl(input: string): string {
  const port = /^:?(\d{1,5})$/.exec(input.trim())?.[1];
  if (port !== undefined) {
    if (Number(port) < 1 || Number(port) > 65_535) throw new TypeError(`${port} is not a port`);
    return `ws://127.0.0.1:${Number(port)}/feed`;
  }
  const trimmed = input.trim();
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `ws://${trimmed}`;
  const parsed = new URL(withScheme);
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/feed';
  return parsed.toString();
}
