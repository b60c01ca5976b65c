import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const keyPrefixLength = 12;

/** A fresh user API key: `ccp_` + 32 URL-safe characters (192 random bits). */
export function generateApiKey(): string {
  return `ccp_${randomBytes(24).toString('base64url')}`;
}

/** The non-secret start of a key, stored in clear to find the candidate hash quickly. */
export function apiKeyPrefix(apiKey: string): string {
  return apiKey.slice(0, keyPrefixLength);
}

/** SHA-256 of a key, hex. Keys are high-entropy random strings, so a fast hash is enough. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

/** Constant-time comparison of a presented key against a stored SHA-256 hex hash. */
export function apiKeyMatchesHash(apiKey: string, storedHashHex: string): boolean {
  const presented = createHash('sha256').update(apiKey).digest();
  const stored = Buffer.from(storedHashHex, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

/**
 * Constant-time string equality for secrets of any length (both sides are hashed first, so the
 * comparison neither short-circuits nor reveals the length).
 *
 * @example
 * secretsEqual(request.headers.get('x-api-key') ?? '', adminKey)
 */
export function secretsEqual(presented: string, expected: string): boolean {
  const left = createHash('sha256').update(presented).digest();
  const right = createHash('sha256').update(expected).digest();
  return timingSafeEqual(left, right);
}
