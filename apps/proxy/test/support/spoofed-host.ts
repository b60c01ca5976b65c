import { request as httpRequest } from 'node:http';

/**
 * Sends one request to the proxy at `url` with the `Host` header a browser would send for a page
 * of `host` (fetch always writes the real one), and reads the whole answer.
 *
 * @example await requestAsHost(proxy.url, 'evil.example:8082', 'GET', '/api/status')
 */
export function requestAsHost(
  url: string,
  host: string,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const outgoing = httpRequest(
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        agent: false,
        headers: {
          host,
          ...(body !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
            : {}),
        },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
