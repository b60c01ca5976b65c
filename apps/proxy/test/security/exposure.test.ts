import { reply } from '@ccp/fake-upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAnthropicErrorBody, messagesBody } from '../support/anthropic-wire';
import { type Stack, startStack } from '../support/start-stack';
import { upgradeStatus } from '../support/websocket-upgrade';

// What a proxy that listens beyond loopback must not give away: the feed, the dashboard and the
// admin APIs need the admin key, and no browser page on another origin gets to use them.
//
// Tests stay on loopback: the proxy listens on `::ffff:127.0.0.1`, an address only this machine
// reaches, but not one of the loopback names the proxy trusts, so it applies its rules for a
// network-facing host.

const PROXY_KEY = 'ccp-proxy-key-0b9e8d7c6f5a';
const ADMIN_KEY = 'ccp-admin-key-1a2b3c4d5e6f';
const EVIL = 'https://evil.example';

/** Admin APIs the proxy may mount under /api (those not mounted answer 404 and are skipped). */
const ADMIN_PATHS: Array<[method: string, path: string]> = [
  ['GET', '/api/analytics/summary'],
  ['GET', '/api/analytics/timeseries'],
  ['GET', '/api/analytics/cost-breakdown'],
  ['GET', '/api/analytics/errors'],
  ['GET', '/api/analytics/export'],
  ['GET', '/api/users'],
  ['POST', '/api/users'],
  ['GET', '/api/benchmarks/results'],
  ['POST', '/api/benchmarks/run'],
  ['GET', '/api/billing/balance'],
  ['GET', '/api/billing/usage'],
];

/** Whether the route exists at all in this build of the proxy. */
async function mounted(url: string, method: string, path: string): Promise<boolean> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
    body: method === 'POST' ? '{}' : undefined,
  });
  const text = await response.text();
  return !(response.status === 404 && text.includes('Not found:'));
}

describe('a proxy listening beyond loopback', { timeout: 30_000 }, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ HOST: '::ffff:127.0.0.1', PROXY_AUTH_KEY: PROXY_KEY, ADMIN_KEY });
  }, 30_000);
  afterAll(async () => {
    await stack.close();
  }, 30_000);

  it('refuses feed subscribers without the admin key', async () => {
    expect(await upgradeStatus(stack.proxy.url, '/feed')).toBe(401);
    expect(await upgradeStatus(stack.proxy.url, '/feed', { 'x-api-key': 'wrong' })).toBe(401);
    expect(await upgradeStatus(stack.proxy.url, '/feed', { 'x-api-key': ADMIN_KEY.slice(0, -1) })).toBe(401);
    expect(await upgradeStatus(stack.proxy.url, `/feed?key=${ADMIN_KEY}x`)).toBe(401);
    // With ADMIN_KEY set, the client key is not an admin key.
    expect(await upgradeStatus(stack.proxy.url, '/feed', { 'x-api-key': PROXY_KEY })).toBe(401);
    expect(stack.proxy.feed.clientCount()).toBe(0);
  });

  it('accepts feed subscribers with the admin key, as a header or as ?key=', async () => {
    expect(await upgradeStatus(stack.proxy.url, '/feed', { 'x-api-key': ADMIN_KEY })).toBe(101);
    expect(await upgradeStatus(stack.proxy.url, '/feed', { authorization: `Bearer ${ADMIN_KEY}` })).toBe(101);
    expect(await upgradeStatus(stack.proxy.url, `/feed?key=${encodeURIComponent(ADMIN_KEY)}`)).toBe(101);
  });

  // KNOWN GAP (reported to the lead): GET /dashboard is served to anyone on a network-facing
  // host (server.ts mounts it with no check). The page holds no data itself, but it tells anyone
  // that a ccp proxy runs here and where its feed is. Drop `.fails` once it asks for the admin key.
  it('asks for the admin key before serving /dashboard', async () => {
    const anonymous = await fetch(`${stack.proxy.url}/dashboard`);
    const text = await anonymous.text();
    expect([401, 403]).toContain(anonymous.status);
    expectAnthropicErrorBody(anonymous.status, text);
  });

  it('answers every mounted admin API with 401/403 without the admin key, and never opens it to other origins', async (context) => {
    let checked = 0;
    for (const [method, path] of ADMIN_PATHS) {
      if (!(await mounted(stack.proxy.url, method, path))) continue;
      checked += 1;
      const refused: Array<Record<string, string>> = [
        {},
        { 'x-api-key': 'wrong' },
        { 'x-api-key': PROXY_KEY },
        { authorization: `Bearer ${ADMIN_KEY.slice(0, -1)}` },
      ];
      for (const headers of refused) {
        const response = await fetch(`${stack.proxy.url}${path}`, {
          method,
          headers: { origin: EVIL, ...headers },
        });
        const text = await response.text();
        expect([401, 403], `${method} ${path} with ${JSON.stringify(headers)}`).toContain(response.status);
        expectAnthropicErrorBody(response.status, text);
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
      }
    }
    if (checked === 0) context.skip();
  });
});

describe('CORS and cross-site requests (loopback proxy, no keys: the default setup)', {
  timeout: 30_000,
}, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 30_000);
  afterAll(async () => {
    await stack.close();
  }, 30_000);

  it('lets local tools subscribe to the feed without a key (loopback only), and keeps the admin APIs shut without an admin key', async () => {
    expect(await upgradeStatus(stack.proxy.url, '/feed')).toBe(101);
    // No ADMIN_KEY and no PROXY_AUTH_KEY: admin APIs are turned off, not open.
    const users = await fetch(`${stack.proxy.url}/api/users`);
    const text = await users.text();
    if (users.status === 404 && text.includes('Not found:')) return;
    expect(users.status).toBe(403);
    expectAnthropicErrorBody(403, text);
  });

  it('grants no other origin access to the admin APIs, the dashboard, /health or /v1', async () => {
    const paths = [
      '/api/status',
      '/api/users',
      '/api/analytics/summary',
      '/dashboard',
      '/health',
      '/v1/messages',
      '/v1/messages/count_tokens',
      '/feed',
    ];
    for (const path of paths) {
      const preflight = await fetch(`${stack.proxy.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: EVIL,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-api-key, authorization',
        },
      });
      await preflight.arrayBuffer();
      expect(preflight.headers.get('access-control-allow-origin'), `preflight ${path}`).toBeNull();
      expect(preflight.headers.get('access-control-allow-credentials'), `preflight ${path}`).toBeNull();
      const plain = await fetch(`${stack.proxy.url}${path}`, { headers: { origin: EVIL } });
      await plain.arrayBuffer();
      expect(plain.headers.get('access-control-allow-origin'), `GET ${path}`).toBeNull();
    }
  });

  // KNOWN BUG (reported to the lead): /v1/messages parses any content type as JSON, so a web
  // page the user visits can POST a "simple" cross-site request (text/plain, no preflight) to
  // http://127.0.0.1:8082/v1/messages and spend the user's provider credit (the default setup has
  // no PROXY_AUTH_KEY). Fix: refuse requests whose Origin header is a web origin (Claude Code and
  // SDKs send none), and/or require content-type application/json (which forces a preflight the
  // proxy then denies). Drop `.fails` once fixed.
  it('does not let a cross-site simple request reach the upstream', async () => {
    stack.upstream.reset();
    stack.upstream.enqueue(reply({ text: 'spent' }));
    const response = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(messagesBody('csrf')),
    });
    await response.arrayBuffer();
    expect(stack.upstream.requests).toHaveLength(0);
  });
});
