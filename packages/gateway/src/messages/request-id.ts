import { randomBytes } from 'node:crypto';

/**
 * A source of request ids, `req_` and 24 characters like Anthropic's: a random prefix per source
 * and a counter, so ids are unique across proxies sharing one store without drawing entropy on
 * every request.
 */
export function createRequestIds(): () => string {
  const prefix = randomBytes(12).toString('base64url').slice(0, 18);
  let counter = 0;
  return () => {
    counter = (counter + 1) % 0x1000000;
    return `req_${prefix}${counter.toString(36).padStart(6, '0')}`;
  };
}
