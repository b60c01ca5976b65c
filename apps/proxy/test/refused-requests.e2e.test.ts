import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CatalogModel, createCatalog } from '@ccp/catalog';
import { resolveSettings } from '@ccp/config';
import { type FeedEvent, connectFeed, type FeedConnection } from '@ccp/feed';
import { type FakeUpstream, httpError, reply, startFakeUpstream } from '@ccp/fake-upstream';
import { configuredSecrets } from '@ccp/gateway';
import { type Meter, openMeter, type RequestRow } from '@ccp/metering';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from '../src/server';
import { createTerminalLogger } from '../src/terminal-logger';
import { startProxyProcess } from './support/proxy-process';

// Every request that reaches POST /v1/messages shows up everywhere a request shows up, also when
// the proxy refuses it before it is routed: on the feed, in /api/status, in metering (and so the
// error analytics) and in the terminal log. The key a refused caller presented shows up nowhere.

const upstreamKey = 'sk-upstream-secret-0123456789';
const proxyKey = 'proxy-client-key-5555666677778888';
const adminKey = 'admin-key-for-refused-requests-1234';
/** A key that looks real and is wrong: refused, and never to be repeated anywhere. */
const presentedKey = 'sk-ant-api03-presented-but-wrong-9f8e7d6c5b4a';

/** A model with a small window, so the context guard refuses a long prompt before it goes upstream. */
const smallWindowModel: CatalogModel = {
  id: 'e2e/small-window',
  name: 'E2E small window',
  provider: 'e2e',
  source: 'openrouter',
  pricing: { inputPerMillion: 1, outputPerMillion: 1, cacheReadPerMillion: null, cacheWritePerMillion: null },
  contextWindow: 4096,
  maxOutput: 1024,
  reasoning: false,
  vision: false,
  tools: true,
  free: false,
  local: false,
  endpoint: 'https://example.invalid/v1',
};

let upstream: FakeUpstream;
let proxy: RunningProxy;
let meter: Meter;
let directory: string;
let feed: FeedConnection;
const feedEvents: FeedEvent[] = [];
const inProcessEvents: FeedEvent[] = [];
const logLines: string[] = [];
let quotaUserKey: string;
let refundUserKey: string;
let refundUserId: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ccp-refused-'));
  upstream = await startFakeUpstream();
  meter = await openMeter({ url: `file:${join(directory, 'ccp.db')}`, flushIntervalMs: 50 });
  const settings = resolveSettings({
    PROVIDER_BASE_URL: upstream.url,
    PROVIDER_API_KEY: upstreamKey,
    PROXY_AUTH_KEY: proxyKey,
    ADMIN_KEY: adminKey,
    BIG_MODEL: 'big-model',
    MIDDLE_MODEL: 'middle-model',
    SMALL_MODEL: smallWindowModel.id,
    MAX_BODY_MB: '1',
    PORT: '0',
  });
  proxy = await startProxy({ settings, meter, catalog: createCatalog([smallWindowModel]) });
  // The terminal logger as the CLI wires it: on the feed, with the configured keys masked.
  const logger = createTerminalLogger({
    write: (line) => logLines.push(line),
    color: false,
    compact: false,
    level: 'info',
    secrets: configuredSecrets(settings),
  });
  proxy.feed.subscribe((event) => {
    inProcessEvents.push(event);
    logger.handle(event);
  });
  feed = connectFeed({
    url: `${proxy.url.replace('http', 'ws')}/feed`,
    onEvent: (event) => feedEvents.push(event),
  });
  await until(
    () => (feedEvents.some((event) => event.type === 'stats-snapshot') ? true : undefined),
    'the feed',
  );

  const quotaUser = await meter.createUser({ username: 'over-quota', quotaRequests: 1 });
  quotaUserKey = quotaUser.apiKey;
  const refundUser = await meter.createUser({ username: 'invalid-requests', quotaRequests: 1 });
  refundUserKey = refundUser.apiKey;
  refundUserId = refundUser.user.id;
});

afterAll(async () => {
  feed?.close();
  await proxy?.close();
  await upstream?.close();
  await meter?.close();
  rmSync(directory, { recursive: true, force: true });
});

const validBody = { model: 'claude-sonnet-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] };

async function post(
  body: string | object,
  headers: Record<string, string> = { 'x-api-key': proxyKey },
): Promise<{ status: number; requestId: string | null; errorType: string | undefined }> {
  const response = await fetch(`${proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const errorType = response.ok ? undefined : (JSON.parse(text) as { error: { type: string } }).error.type;
  return { status: response.status, requestId: response.headers.get('request-id'), errorType };
}

/** Polls until `read` finds something (every 50 ms, up to 10 s). */
async function until<T>(read: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = await read();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function storedRows(): Promise<RequestRow[]> {
  await meter.flush();
  const rows: RequestRow[] = [];
  for await (const row of meter.exportRows(1)) rows.push(row);
  return rows;
}

const refusals = [
  { kind: 'a body that is not JSON', send: () => post('{"model": "claude-sonnet-4-5", '), status: 400 },
  {
    kind: 'a request with no messages and no max_tokens',
    send: () => post({ model: 'claude-sonnet-4-5', messages: [] }),
    status: 400,
  },
  { kind: 'a wrong key', send: () => post(validBody, { 'x-api-key': presentedKey }), status: 401 },
  {
    kind: 'a wrong bearer key',
    send: () => post(validBody, { authorization: `Bearer ${presentedKey}` }),
    status: 401,
  },
  {
    kind: 'a browser origin',
    send: () => post(validBody, { 'x-api-key': proxyKey, origin: 'https://evil.example' }),
    status: 403,
  },
  {
    kind: 'a body over MAX_BODY_MB',
    send: () => post({ ...validBody, messages: [{ role: 'user', content: 'x'.repeat(1_200_000) }] }),
    status: 413,
  },
  {
    kind: 'a prompt the context guard finds too long',
    send: () =>
      post({
        ...validBody,
        model: 'claude-haiku-4-5',
        messages: [{ role: 'user', content: 'word '.repeat(8000) }],
      }),
    status: 400,
  },
] as const;

describe('requests refused before they are routed', () => {
  for (const refusal of refusals) {
    it(`shows ${refusal.kind} on the feed, in /api/status, in metering and in the log`, async () => {
      const before = (await (await fetch(`${proxy.url}/api/status`)).json()) as {
        requests: number;
        failed: number;
      };
      const loggedBefore = logLines.length;
      const answer = await refusal.send();
      expect(answer.status).toBe(refusal.status);
      const requestId = answer.requestId;
      expect(requestId).toMatch(/^req_/);

      // The feed, over the WebSocket and in process: a start and an error, as for any failed request.
      for (const events of [feedEvents, inProcessEvents]) {
        const mine = await until(() => {
          const found = events.filter((event) => 'requestId' in event && event.requestId === requestId);
          return found.some((event) => event.type === 'request-error') ? found : undefined;
        }, `the events of ${requestId}`);
        expect(mine.map((event) => event.type)).toEqual(['request-start', 'request-error']);
        expect(mine[1]).toMatchObject({ status: refusal.status, errorType: answer.errorType });
      }

      // /api/status counts it as a failed request.
      const after = (await (await fetch(`${proxy.url}/api/status`)).json()) as {
        requests: number;
        failed: number;
      };
      expect(after.requests).toBe(before.requests + 1);
      expect(after.failed).toBe(before.failed + 1);

      // Metering stored it with its status and error type.
      const row = (await storedRows()).find((candidate) => candidate.id === requestId);
      expect(row).toMatchObject({ status: refusal.status, errorType: answer.errorType });

      // The terminal log has its error line.
      const logged = logLines.slice(loggedBefore).filter((line) => line.startsWith('✗'));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(`${refusal.status} ${answer.errorType}`);
    });
  }

  it('records a user over quota as theirs, without using more of the quota', async () => {
    upstream.enqueue(reply({ text: 'the one request of the day' }));
    expect((await post(validBody, { 'x-api-key': quotaUserKey })).status).toBe(200);
    const over = await post(validBody, { 'x-api-key': quotaUserKey });
    expect(over).toMatchObject({ status: 429, errorType: 'rate_limit_error' });
    const row = (await storedRows()).find((candidate) => candidate.id === over.requestId);
    expect(row).toMatchObject({ status: 429, errorType: 'rate_limit_error', userId: expect.any(String) });
    const user = (await meter.listUsers()).find((candidate) => candidate.username === 'over-quota');
    expect(row?.userId).toBe(user?.id);
    expect((await meter.quotaStatus(user?.id ?? ''))?.requests).toMatchObject({ used: 1, remaining: 0 });
  });

  it('gives the quota back for a request refused after the key was accepted', async () => {
    const invalid = await post({ model: 'claude-sonnet-4-5', messages: [] }, { 'x-api-key': refundUserKey });
    expect(invalid.status).toBe(400);
    const row = (await storedRows()).find((candidate) => candidate.id === invalid.requestId);
    expect(row).toMatchObject({ userId: refundUserId, status: 400, errorType: 'invalid_request_error' });
    expect((await meter.quotaStatus(refundUserId))?.requests).toMatchObject({ used: 0, remaining: 1 });
    // The one request of the day is still there.
    upstream.enqueue(reply({ text: 'still allowed' }));
    expect((await post(validBody, { 'x-api-key': refundUserKey })).status).toBe(200);
  });

  it('shows refusals in the error analytics beside upstream failures', async () => {
    upstream.enqueue(httpError(500));
    expect((await post(validBody)).status).toBe(500);
    await meter.flush();
    const response = await fetch(`${proxy.url}/api/analytics/errors?days=1`, {
      headers: { 'x-api-key': adminKey },
    });
    const report = (await response.json()) as {
      errors: number;
      byType: Array<{ errorType: string; status: number }>;
    };
    const seen = report.byType.map((entry) => `${entry.status} ${entry.errorType}`);
    for (const expected of [
      '400 invalid_request_error',
      '401 authentication_error',
      '403 permission_error',
      '413 request_too_large',
      '429 rate_limit_error',
      '500 api_error',
    ]) {
      expect(seen).toContain(expected);
    }
    expect(report.errors).toBeGreaterThanOrEqual(refusals.length + 2);
  });

  it('answers a refusal made through the Hono app (app.request) the same way', async () => {
    const response = await proxy.app.request('/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': presentedKey },
      body: JSON.stringify(validBody),
    });
    expect(response.status).toBe(401);
    const requestId = response.headers.get('request-id');
    expect(requestId).toMatch(/^req_/);
    const mine = await until(() => {
      const found = inProcessEvents.filter((event) => 'requestId' in event && event.requestId === requestId);
      return found.length === 2 ? found : undefined;
    }, `the events of ${requestId}`);
    expect(mine.map((event) => event.type)).toEqual(['request-start', 'request-error']);
    expect((await storedRows()).find((row) => row.id === requestId)).toMatchObject({ status: 401 });
  });

  it('never repeats a presented or configured key', async () => {
    const everything = JSON.stringify({
      feed: feedEvents,
      inProcess: inProcessEvents,
      rows: await storedRows(),
      status: await (await fetch(`${proxy.url}/api/status`)).json(),
      errors: await (
        await fetch(`${proxy.url}/api/analytics/errors?days=1`, { headers: { 'x-api-key': adminKey } })
      ).json(),
      log: logLines,
    });
    expect(everything).toContain('authentication_error');
    for (const secret of [presentedKey, proxyKey, upstreamKey, adminKey, quotaUserKey, refundUserKey]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('the real ccp-proxy command', () => {
  it('logs refused requests on its terminal, without the key', async () => {
    const fake = await startFakeUpstream();
    const running = await startProxyProcess({
      PROVIDER_BASE_URL: fake.url,
      PROVIDER_API_KEY: upstreamKey,
      PROXY_AUTH_KEY: proxyKey,
    });
    try {
      const send = (body: object, key: string) =>
        fetch(`${running.url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify(body),
        });
      const invalid = await send({ model: 'claude-sonnet-4-5', messages: [] }, proxyKey);
      expect(invalid.status).toBe(400);
      const unauthorized = await send(validBody, presentedKey);
      expect(unauthorized.status).toBe(401);
      const lines = await until(() => {
        const output = running.lines();
        return output.some((line) => line.includes('401 authentication_error')) ? output : undefined;
      }, 'the 401 in the log');
      expect(lines.find((line) => line.includes('400 invalid_request_error'))).toMatch(/^✗ .*messages/);
      expect(lines.find((line) => line.includes('401 authentication_error'))).toMatch(
        /^✗ .*Invalid API key\. Send the proxy key \(PROXY_AUTH_KEY\)/,
      );
      const output = lines.join('\n');
      for (const secret of [presentedKey, proxyKey, upstreamKey]) expect(output).not.toContain(secret);
    } finally {
      await running.stop();
      await fake.close();
    }
  }, 60_000);
});
