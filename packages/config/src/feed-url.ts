/**
 * Turns what a user types into a feed URL: `ws://…` is kept, `http(s)://host:port` becomes
 * `ws(s)://host:port/feed`, and a bare `host:port` becomes `ws://host:port/feed`. Throws a
 * TypeError for text that makes no URL.
 *
 * @example toFeedUrl('http://127.0.0.1:8082') // 'ws://127.0.0.1:8082/feed'
 */
export function toFeedUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `ws://${trimmed}`;
  const parsed = new URL(withScheme);
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/feed';
  return parsed.toString();
}
