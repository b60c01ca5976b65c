import type { ClientRequest, IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { reply } from '@ccp/fake-upstream';
import type { FeedEvent } from '@ccp/feed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAnthropicErrorBody, messagesBody, waitUntil } from '../support/anthropic-wire';
import { requestAsHost } from '../support/spoofed-host';
import { type Stack, startStack } from '../support/start-stack';
import { upgradeStatus } from '../support/websocket-upgrade';

// A web page must not read the live feed or the proxy's pages: not by opening a WebSocket from its
// own origin (browsers allow that to any address), and not through DNS rebinding (its own host
// name, made to point at 127.0.0.1, so the browser treats the proxy as the page's own site).

const EVIL = 'https://evil.example';

/** Every route that answers on loopback without a key, and the one that spends credit. */
const ROUTES: Array<[method: string, path: string]> = [
  ['GET', '/'],
  ['GET', '/health'],
  ['GET', '/api/status'],
  ['GET', '/dashboard'],
  ['GET', '/nowhere'],
  ['POST', '/v1/messages'],
  ['POST', '/v1/messages?beta=true'],
  ['POST', '/v1/messages/count_tokens'],
];

/** The `ws` client, typed here for the calls used (this package has no @types/ws). */
type RawSocket = {
  readonly readyState: number;
  on(event: 'message', listener: (data: unknown) => void): void;
  on(event: 'open', listener: () => void): void;
  on(
    event: 'unexpected-response',
    listener: (request: ClientRequest, response: IncomingMessage) => void,
  ): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
  terminate(): void;
};
const { WebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: {
    new (url: string, options: { origin?: string; headers?: Record<string, string> }): RawSocket;
    readonly CLOSED: number;
  };
};

type Subscription = { status: number; events: FeedEvent[]; close(): void };

/** Subscribes to the feed with a real WebSocket client, as a browser page of `origin` would. */
function subscribe(url: string, options: { origin?: string; host?: string } = {}): Promise<Subscription> {
  return new Promise((resolve, reject) => {
    const events: FeedEvent[] = [];
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/feed`, {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.host ? { headers: { host: options.host } } : {}),
    });
    socket.on('message', (data) => events.push(JSON.parse(String(data)) as FeedEvent));
    socket.on('open', () => resolve({ status: 101, events, close: () => socket.close() }));
    socket.on('unexpected-response', (_request: ClientRequest, response: IncomingMessage) => {
      let body = '';
      response.on('data', (part: Buffer) => {
        body += part.toString();
      });
      response.on('end', () => {
        expectAnthropicErrorBody(response.statusCode ?? 0, body);
        resolve({ status: response.statusCode ?? 0, events, close: () => socket.terminate() });
      });
    });
    socket.on('error', (error: Error) => {
      if (socket.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}

async function postThroughProxy(stack: Stack, marker: string): Promise<void> {
  stack.upstream.enqueue(reply({ text: `answer ${marker}` }));
  const response = await fetch(`${stack.proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messagesBody(marker)),
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

describe('the feed of a loopback proxy (the default setup)', { timeout: 30_000 }, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ALLOWED_ORIGINS: 'https://tools.example.com' });
  }, 30_000);
  afterAll(() => stack.close(), 30_000);

  it('refuses a page on another site, which then sees no event, while a local tool sees them all', async () => {
    const evil = await subscribe(stack.proxy.url, { origin: EVIL });
    const local = await subscribe(stack.proxy.url);
    expect(evil.status).toBe(403);
    expect(local.status).toBe(101);
    await postThroughProxy(stack, 'secret-plans');
    await waitUntil(
      () => local.events.some((event) => event.type === 'request-end'),
      'the local tool to see the request',
    );
    expect(evil.events).toEqual([]);
    expect(stack.proxy.feed.clientCount()).toBe(1);
    local.close();
    evil.close();
  });

  it('refuses foreign origins in every form, and never by a look-alike of loopback', async () => {
    for (const origin of [
      EVIL,
      'http://evil.example:8082',
      'null',
      'file://',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example',
      'chrome-extension://abcdef',
    ]) {
      expect(await upgradeStatus(stack.proxy.url, '/feed', { origin }), origin).toBe(403);
    }
  });

  it('accepts its own dashboard page, other local pages and ALLOWED_ORIGINS', async () => {
    const own = new URL(stack.proxy.url).origin;
    for (const origin of [
      own,
      'http://localhost:3000',
      'https://127.0.0.1',
      'http://[::1]:5173',
      'https://tools.example.com',
    ]) {
      expect(await upgradeStatus(stack.proxy.url, '/feed', { origin }), origin).toBe(101);
    }
  });

  it('answers a rebinding page (its own Host name) with 403 permission_error on every route', async () => {
    stack.upstream.reset();
    for (const host of ['evil.example:8082', 'evil.example', `evil.example:${stack.proxy.port}`]) {
      for (const [method, path] of ROUTES) {
        const answer = await requestAsHost(
          stack.proxy.url,
          host,
          method,
          path,
          method === 'POST' ? JSON.stringify(messagesBody('rebound')) : undefined,
        );
        expect(answer.status, `${method} ${path} as ${host}`).toBe(403);
        const envelope = expectAnthropicErrorBody(403, answer.text);
        expect(envelope.error.type).toBe('permission_error');
        expect(envelope.error.message).toContain('ALLOWED_HOSTS');
      }
      expect((await subscribe(stack.proxy.url, { host })).status, `feed as ${host}`).toBe(403);
      expect(
        (await subscribe(stack.proxy.url, { host, origin: `http://${host}` })).status,
        `feed as ${host} from its own page`,
      ).toBe(403);
    }
    expect(stack.upstream.requests).toHaveLength(0);
  });

  it('answers loopback names on any port', async () => {
    for (const host of [
      `127.0.0.1:${stack.proxy.port}`,
      `localhost:${stack.proxy.port}`,
      'localhost',
      '[::1]:9000',
      '127.0.0.2:80',
    ]) {
      const answer = await requestAsHost(stack.proxy.url, host, 'GET', '/api/status');
      expect(answer.status, host).toBe(200);
    }
    expect((await subscribe(stack.proxy.url, { host: `localhost:${stack.proxy.port}` })).status).toBe(101);
  });
});

describe('ALLOWED_HOSTS', { timeout: 30_000 }, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ALLOWED_HOSTS: 'ccp.example.test,box.lan:9999' });
  }, 30_000);
  afterAll(() => stack.close(), 30_000);

  it('adds names (any port, or the one given) and serves the dashboard page and its feed under them', async () => {
    for (const host of ['ccp.example.test', 'CCP.example.test:8082', 'box.lan:9999']) {
      expect((await requestAsHost(stack.proxy.url, host, 'GET', '/dashboard')).status, host).toBe(200);
    }
    expect((await requestAsHost(stack.proxy.url, 'box.lan:8082', 'GET', '/dashboard')).status).toBe(403);
    expect((await requestAsHost(stack.proxy.url, 'evil.example', 'GET', '/health')).status).toBe(403);
    // The page served as http://ccp.example.test:8082/dashboard subscribes with that origin.
    const page = await subscribe(stack.proxy.url, {
      host: 'ccp.example.test:8082',
      origin: 'http://ccp.example.test:8082',
    });
    expect(page.status).toBe(101);
    page.close();
    // Another page under an allowed name is still another site.
    const other = await subscribe(stack.proxy.url, {
      host: 'ccp.example.test:8082',
      origin: 'http://other.example.test:8082',
    });
    expect(other.status).toBe(403);
  });
});

describe('a proxy bound beyond loopback', { timeout: 30_000 }, () => {
  const ADMIN_KEY = 'ccp-admin-key-7d6c5b4a3f2e';
  const stacks: Stack[] = [];
  afterAll(async () => {
    for (const stack of stacks) await stack.close();
  }, 30_000);

  // `::ffff:127.0.0.1` is reachable from this machine only, but is not a name the proxy trusts
  // as loopback, so it applies the rules of a network-facing host.
  it('checks no Host without ALLOWED_HOSTS (it cannot know its public names), and checks it with', async () => {
    const open = await startStack({ HOST: '::ffff:127.0.0.1', ADMIN_KEY });
    stacks.push(open);
    expect((await requestAsHost(open.proxy.url, 'ccp.somewhere.example', 'GET', '/health')).status).toBe(200);
    const checked = await startStack({
      HOST: '::ffff:127.0.0.1',
      ADMIN_KEY,
      ALLOWED_HOSTS: 'ccp.example.test',
    });
    stacks.push(checked);
    expect((await requestAsHost(checked.proxy.url, 'ccp.somewhere.example', 'GET', '/health')).status).toBe(
      403,
    );
    expect((await requestAsHost(checked.proxy.url, 'ccp.example.test:443', 'GET', '/health')).status).toBe(
      200,
    );
    // The bind address itself, as fetch writes it.
    expect((await fetch(`${checked.proxy.url}/health`)).status).toBe(200);
  });

  it('still refuses a foreign page on its feed, even with the admin key', async () => {
    const stack = await startStack({ HOST: '::ffff:127.0.0.1', ADMIN_KEY });
    stacks.push(stack);
    expect(await upgradeStatus(stack.proxy.url, `/feed?key=${ADMIN_KEY}`, { origin: EVIL })).toBe(403);
    expect(await upgradeStatus(stack.proxy.url, `/feed?key=${ADMIN_KEY}`)).toBe(101);
  });
});
