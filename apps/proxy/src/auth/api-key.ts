import { createHash, timingSafeEqual } from 'node:crypto';

/** Request headers read by name: a web `Headers`, or a Node request's through `nodeHeaders`. */
export type HeaderSource = { get(name: string): string | null };

/** The key a client presented, from `x-api-key` or `Authorization: Bearer …`. */
export function presentedApiKey(headers: HeaderSource): string | undefined {
  const apiKey = headers.get('x-api-key');
  if (apiKey) return apiKey.trim();
  const authorization = headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match?.[1]) return match[1].trim();
  }
  return undefined;
}

/** Compares two keys in constant time (hashing first so lengths leak nothing either). */
export function keysMatch(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
