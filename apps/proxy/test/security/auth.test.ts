import { reply } from '@ccp/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAnthropicError, messagesBody } from '../support/anthropic-wire';
import { type Stack, startStack } from '../support/start-stack';

// With PROXY_AUTH_KEY set, nothing under /v1 works without that exact key, every wrong key is
// refused the same way (no hint about length or prefix), and no refused request reaches the
// upstream.

const KEY = 'ccp-proxy-key-7f3a9c1e5b2d4a60';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ PROXY_AUTH_KEY: KEY });
}, 30_000);
afterAll(async () => {
  await stack.close();
}, 30_000);
beforeEach(() => {
  stack.upstream.reset();
});

const ENDPOINTS = [
  ['/v1/messages', messagesBody('auth')],
  ['/v1/messages?beta=true', messagesBody('auth', { stream: true })],
  ['/v1/messages/count_tokens', messagesBody('auth')],
  ['/v1/messages/count_tokens?beta=true', messagesBody('auth')],
] as const;

/** Headers that present a key that is wrong in some way, or none at all. */
const WRONG: Array<[string, Record<string, string>]> = [
  ['no key', {}],
  ['an empty x-api-key', { 'x-api-key': '' }],
  ['a wrong key of the same length', { 'x-api-key': KEY.replace(/.$/, KEY.endsWith('0') ? '1' : '0') }],
  ['the key without its last character', { 'x-api-key': KEY.slice(0, -1) }],
  ['the key with one more character', { 'x-api-key': `${KEY}0` }],
  ['only the first character', { 'x-api-key': KEY.slice(0, 1) }],
  ['the key in upper case', { 'x-api-key': KEY.toUpperCase() }],
  ['a very long key that starts with the key', { 'x-api-key': KEY + 'x'.repeat(8_000) }],
  ['a wrong bearer token', { authorization: 'Bearer not-the-key' }],
  ['a bearer prefix of the key', { authorization: `Bearer ${KEY.slice(0, 10)}` }],
  ['an empty bearer', { authorization: 'Bearer ' }],
  [
    'the key as Basic credentials',
    { authorization: `Basic ${Buffer.from(`user:${KEY}`).toString('base64')}` },
  ],
  ['the key without the Bearer scheme', { authorization: KEY }],
  ['the key in another header', { 'x-proxy-key': KEY, 'api-key': KEY }],
];

async function post(path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(`${stack.proxy.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('PROXY_AUTH_KEY', { timeout: 30_000 }, () => {
  it('refuses every wrong or missing key on every /v1 endpoint with the same 401 authentication_error', async () => {
    const messages = new Set<string>();
    for (const [path, body] of ENDPOINTS) {
      for (const [what, headers] of WRONG) {
        const response = await post(path, body, headers);
        const envelope = await expectAnthropicError(response, 401, 'authentication_error');
        messages.add(envelope.error.message);
        // The answer says what to do, and never repeats what was presented.
        expect(envelope.error.message, what).toMatch(/PROXY_AUTH_KEY/);
        for (const value of Object.values(headers))
          if (value.length > 3) expect(envelope.error.message).not.toContain(value.slice(0, 12));
      }
    }
    // Whatever was wrong with the key (length, prefix, case, scheme), the answer is the same.
    expect([...messages]).toHaveLength(1);
    expect(stack.upstream.requests).toHaveLength(0);
  });

  it('refuses the key in the query string', async () => {
    const response = await post(`/v1/messages?key=${KEY}&api_key=${KEY}`, messagesBody('query'), {});
    await expectAnthropicError(response, 401, 'authentication_error');
    expect(stack.upstream.requests).toHaveLength(0);
  });

  it('checks the key before reading the body (an oversized or broken body without a key is still a 401)', async () => {
    const broken = await fetch(`${stack.proxy.url}/v1/messages`, { method: 'POST', body: '{"not json' });
    await expectAnthropicError(broken, 401, 'authentication_error');
    const large = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    await expectAnthropicError(large, 401, 'authentication_error');
  });

  it('accepts the key as x-api-key and as a bearer token (any scheme case)', async () => {
    const accepted: Array<Record<string, string>> = [
      { 'x-api-key': KEY },
      { authorization: `Bearer ${KEY}` },
      { authorization: `bearer ${KEY}` },
    ];
    for (const headers of accepted) {
      stack.upstream.enqueue(reply({ text: 'authorised' }));
      const response = await post('/v1/messages', messagesBody('ok'), headers);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { content: Array<{ text: string }> }).content[0]?.text).toBe(
        'authorised',
      );
      const counted = await post('/v1/messages/count_tokens', messagesBody('ok'), headers);
      expect(counted.status).toBe(200);
      await counted.arrayBuffer();
    }
  });

  it('never forwards the client key upstream', async () => {
    stack.upstream.enqueue(reply({ text: 'ok' }));
    const response = await post('/v1/messages', messagesBody('forward'), { 'x-api-key': KEY });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const sent = stack.upstream.requests[0];
    expect(JSON.stringify(sent?.headers)).not.toContain(KEY);
    expect(sent?.rawBody).not.toContain(KEY);
    expect(sent?.headers.authorization).toBe('Bearer sk-upstream-secret-0123456789');
  });

  it('leaves the reachability probe and /health open, without revealing the key', async () => {
    const probe = await fetch(`${stack.proxy.url}/`, { method: 'HEAD' });
    expect(probe.status).toBe(200);
    const health = await fetch(`${stack.proxy.url}/health`);
    expect(health.status).toBe(200);
    const text = await health.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'ok', authRequired: true });
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('sk-upstream-secret');
  });
});
