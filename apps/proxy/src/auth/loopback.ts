const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether the proxy listens only on this machine (so local tools may use the feed without a key). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || host.startsWith('127.');
}

/**
 * Whether a host name, as a URL parser gives it (`localhost`, `127.0.0.1`, `[::1]`,
 * `[::ffff:7f00:1]`), names this machine: such a name cannot be one a web page got through DNS.
 */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name === '[::1]' || name === '::1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  // IPv4-mapped loopback, written either way: [::ffff:127.0.0.1] or [::ffff:7f00:1].
  return /^\[?::ffff:(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|7f[0-9a-f]{2}:[0-9a-f]{1,4})\]?$/.test(name);
}
