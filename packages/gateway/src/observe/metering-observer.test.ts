import { createServer } from 'node:net';
import { resolveSettings } from '@ccp/config';
import {
  type FakeUpstream,
  httpError,
  midStreamError,
  reply,
  type Scenario,
  startFakeUpstream,
} from '@ccp/fake-upstream';
import { type Meter, openMeter } from '@ccp/metering';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../gateway';
import { UpstreamClient } from '../upstream/upstream-client';
import { failedThroughNoFaultOfCaller } from './metering-observer';
import { sendMessage } from '../../test/send-message';

describe('failedThroughNoFaultOfCaller', () => {
  it('refunds upstream faults and the proxy account being refused, not what the caller got wrong', () => {
    const refunded = (status: number, errorType: string | null) =>
      failedThroughNoFaultOfCaller({ status, errorType });
    expect(refunded(200, null)).toBe(false);
    for (const [status, type] of [
      [500, 'api_error'],
      [529, 'overloaded_error'],
      [504, 'timeout_error'],
      [429, 'rate_limit_error'],
      [401, 'authentication_error'],
      [402, 'billing_error'],
      [403, 'permission_error'],
      [502, 'some_new_error'],
    ] as const) {
      expect(refunded(status, type), `${status} ${type}`).toBe(true);
    }
    for (const [status, type] of [
      [400, 'invalid_request_error'],
      [404, 'not_found_error'],
      [413, 'request_too_large'],
      [499, 'client_closed'],
    ] as const) {
      expect(refunded(status, type), `${status} ${type}`).toBe(false);
    }
  });
});

// Through the real gateway: a user with a quota of 2 reserves one request per call, as the
// server does before handing a request over, and the request ends as the upstream decides.
let upstream: FakeUpstream;
let meter: Meter;
let gateway: Gateway;
let unreachable: Gateway;
const clients: UpstreamClient[] = [];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 9;
}

function gatewayFor(baseUrl: string): Gateway {
  const client = new UpstreamClient({ timeoutMs: 10_000 });
  clients.push(client);
  return createGateway({
    settings: resolveSettings({ PROVIDER_BASE_URL: baseUrl, PROVIDER_API_KEY: 'sk-upstream-test' }),
    upstream: client,
    meter,
  });
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  meter = await openMeter({ url: ':memory:', flushIntervalMs: 60_000 });
  gateway = gatewayFor(upstream.url);
  unreachable = gatewayFor(`http://127.0.0.1:${await closedPort()}/v1`);
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await meter.close();
  await upstream.close();
});

let requestCount = 0;

/** Reserves quota, sends one request, reads the whole answer; returns the status the client saw. */
async function send(target: Gateway, userId: string, stream: boolean): Promise<number> {
  requestCount += 1;
  const requestId = `req_quota_${requestCount}`;
  const decision = await meter.reserveQuota(userId, { requestId });
  if (!decision.ok) return 429;
  const body = { model: 'claude-sonnet-4-5', max_tokens: 50, stream, messages: [{ role: 'user', content: 'hello' }] };
  return (await sendMessage(target, body, { userId, requestId })).status;
}

async function remaining(userId: string, scenarios: Scenario[], stream = false, target = gateway) {
  for (const scenario of scenarios) upstream.enqueue(scenario);
  for (let index = 0; index < Math.max(1, scenarios.length); index += 1) await send(target, userId, stream);
  await meter.flush();
  return (await meter.quotaStatus(userId))?.requests.remaining;
}

describe('a user quota through the gateway', () => {
  it('is given back when the upstream fails (500, 401, 503, mid-stream, unreachable)', async () => {
    const { user } = await meter.createUser({ username: 'upstream-failures', quotaRequests: 2 });
    expect(await remaining(user.id, [httpError(500)])).toBe(2);
    expect(await remaining(user.id, [httpError(401, { error: { message: 'bad key' } })])).toBe(2);
    expect(await remaining(user.id, [httpError(503), httpError(500), httpError(502)])).toBe(2);
    expect(await remaining(user.id, [midStreamError(2)], true)).toBe(2);
    expect(await remaining(user.id, [], false, unreachable)).toBe(2);
    // Still both requests left: the next two are answered, and then the quota is used up.
    expect(await remaining(user.id, [reply({ text: 'one' }), reply({ text: 'two' })])).toBe(0);
    expect(await send(gateway, user.id, false)).toBe(429);
  });

  it('is not used by a request refused before it went upstream', async () => {
    const { user } = await meter.createUser({ username: 'refused-requests', quotaRequests: 1 });
    const upstreamRequests = upstream.requests.length;
    const decision = await meter.reserveQuota(user.id, { requestId: 'req_quota_refused' });
    expect(decision.ok).toBe(true);
    const refused = await sendMessage(
      gateway,
      { model: 'claude-sonnet-4-5', messages: [] },
      { userId: user.id, requestId: 'req_quota_refused' },
    );
    expect(refused.status).toBe(400);
    await meter.flush();
    expect((await meter.quotaStatus(user.id))?.requests.remaining).toBe(1);
    expect(upstream.requests).toHaveLength(upstreamRequests);
  });

  it('is used up by the caller’s own mistakes', async () => {
    const { user } = await meter.createUser({ username: 'user-errors', quotaRequests: 2 });
    const tooLong = httpError(400, {
      error: {
        message: "This model's maximum context length is 4096 tokens",
        code: 'context_length_exceeded',
      },
    });
    expect(await remaining(user.id, [tooLong])).toBe(1);
    expect(await remaining(user.id, [httpError(400, { error: { message: 'invalid tools' } })])).toBe(0);
    expect(await send(gateway, user.id, false)).toBe(429);
  });
});
