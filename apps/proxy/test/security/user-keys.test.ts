import { reply } from '@ccp/fake-upstream';
import { type Meter, openMeter } from '@ccp/metering';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAnthropicError, messagesBody } from '../support/anthropic-wire';
import { type Stack, startStack } from '../support/start-stack';

// Once users exist, /v1 needs a user key (or the proxy key); wrong, disabled and rotated keys
// are refused alike, users are managed only with the admin key, and user keys stay out of the
// logs, the feed, the user list and the metering rows.

const ADMIN_KEY = 'ccp-admin-key-9f8e7d6c5b4a';
let stack: Stack;
let meter: Meter;
const feedEvents: unknown[] = [];

beforeAll(async () => {
  meter = await openMeter({ url: ':memory:', flushIntervalMs: 20 });
  stack = await startStack({ ADMIN_KEY }, { meter });
  stack.proxy.feed.subscribe((event) => feedEvents.push(event));
}, 30_000);
afterAll(async () => {
  await stack.close();
  await meter.close();
}, 30_000);
beforeEach(() => {
  stack.upstream.reset();
});

async function post(path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(`${stack.proxy.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

type CreatedUser = { user: { id: string }; api_key: string };

async function createUser(username: string): Promise<CreatedUser> {
  const response = await post('/api/users', { username }, { 'x-api-key': ADMIN_KEY });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedUser;
}

describe('user keys', { timeout: 30_000 }, () => {
  it('are created only with the admin key', async () => {
    for (const headers of [{}, { 'x-api-key': 'wrong' }, { 'x-api-key': `${ADMIN_KEY}x` }] as Array<
      Record<string, string>
    >) {
      const response = await post('/api/users', { username: 'mallory' }, headers);
      expect([401, 403]).toContain(response.status);
      await expectAnthropicError(response);
    }
    expect(await meter.hasUsers()).toBe(false);
  });

  it('close anonymous access as soon as the first user exists, and refuse every wrong key alike', async () => {
    // Before any user: the loopback proxy without PROXY_AUTH_KEY is open.
    stack.upstream.enqueue(reply({ text: 'open' }));
    const open = await post('/v1/messages', messagesBody('open'), {});
    expect(open.status).toBe(200);
    await open.arrayBuffer();
    stack.upstream.reset();

    const alice = await createUser('alice');
    const key = alice.api_key;
    expect(key.length).toBeGreaterThan(20);
    const wrong: Array<Record<string, string>> = [
      {},
      { 'x-api-key': 'anything' },
      { 'x-api-key': key.slice(0, -1) },
      { 'x-api-key': `${key}x` },
      { 'x-api-key': key.replace(/.$/, key.endsWith('a') ? 'b' : 'a') },
      { 'x-api-key': key.slice(0, 12) },
      { authorization: `Bearer ${key.toUpperCase()}` },
      { 'x-api-key': ADMIN_KEY },
    ];
    const messages = new Set<string>();
    for (const headers of wrong) {
      for (const path of ['/v1/messages', '/v1/messages/count_tokens']) {
        const envelope = await expectAnthropicError(
          await post(path, messagesBody('wrong'), headers),
          401,
          'authentication_error',
        );
        messages.add(envelope.error.message);
        expect(envelope.error.message).not.toContain(key.slice(0, 12));
      }
    }
    expect([...messages]).toHaveLength(1);
    expect(stack.upstream.requests).toHaveLength(0);

    stack.upstream.enqueue(reply({ text: 'hello alice' }));
    const accepted = await post('/v1/messages', messagesBody('alice'), { authorization: `Bearer ${key}` });
    expect(accepted.status).toBe(200);
    await accepted.arrayBuffer();
  });

  it('stop working once rotated or disabled', async () => {
    const bob = await createUser('bob');
    const rotated = await post(`/api/users/${bob.user.id}/rotate-key`, {}, { 'x-api-key': ADMIN_KEY });
    expect(rotated.status).toBe(200);
    const { api_key: newKey } = (await rotated.json()) as { api_key: string };
    expect(newKey).not.toBe(bob.api_key);
    await expectAnthropicError(
      await post('/v1/messages', messagesBody('old'), { 'x-api-key': bob.api_key }),
      401,
      'authentication_error',
    );
    stack.upstream.enqueue(reply({ text: 'new key works' }));
    const fresh = await post('/v1/messages', messagesBody('new'), { 'x-api-key': newKey });
    expect(fresh.status).toBe(200);
    await fresh.arrayBuffer();

    const disabled = await post(`/api/users/${bob.user.id}/disable`, {}, { 'x-api-key': ADMIN_KEY });
    expect(disabled.status).toBe(200);
    await disabled.arrayBuffer();
    await expectAnthropicError(
      await post('/v1/messages', messagesBody('disabled'), { 'x-api-key': newKey }),
      401,
      'authentication_error',
    );
  });

  it('never appear in the user list, the logs, the feed or the metering rows', async () => {
    const carol = await createUser('carol');
    stack.upstream.enqueue(reply({ text: 'hi carol' }));
    const response = await post('/v1/messages', messagesBody('carol', { stream: true }), {
      'x-api-key': carol.api_key,
    });
    await response.text();
    const list = await fetch(`${stack.proxy.url}/api/users`, { headers: { 'x-api-key': ADMIN_KEY } });
    expect(list.status).toBe(200);
    const listed = await list.text();
    expect(listed).toContain('carol');
    await meter.flush();
    const rows: unknown[] = [];
    for await (const row of meter.exportRows(1)) rows.push(row);
    expect(rows.length).toBeGreaterThan(0);
    const everywhere = [listed, stack.logs.join('\n'), JSON.stringify(feedEvents), JSON.stringify(rows)].join(
      '\n',
    );
    expect(everywhere).not.toContain(carol.api_key);
    expect(everywhere).not.toContain(carol.api_key.slice(-16));
    expect(everywhere).not.toContain(ADMIN_KEY);
  });
});
