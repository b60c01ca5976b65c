import { randomBytes } from 'node:crypto';

// A random prefix per process and a counter: unique across proxies sharing one store, and no
// entropy to draw on every request.
const prefix = randomBytes(12).toString('base64url');
let counter = 0;

/** A new request id, `req_` and 24 characters, like Anthropic's. */
export function nextRequestId(): string {
  counter = (counter + 1) % 0x1000000;
  return `req_${prefix.slice(0, 18)}${counter.toString(36).padStart(6, '0')}`;
}
