import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from '@ccp/config';
import { type FakeUpstream, startFakeUpstream } from '@ccp/fake-upstream';
import { type Meter, openMeter } from '@ccp/metering';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from '../src/server';

// Two stateless proxies sharing one metering store, as in a scaled-out deployment.
let directory: string;
let upstream: FakeUpstream;
const meters: Meter[] = [];
const proxies: RunningProxy[] = [];

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ccp-scale-out-'));
  upstream = await startFakeUpstream();
  const url = `file:${join(directory, 'shared.db')}`;
  for (let index = 0; index < 2; index++) {
    const meter = await openMeter({ url, flushIntervalMs: 20 });
    meters.push(meter);
    const settings = resolveSettings({
      PROVIDER_BASE_URL: upstream.url,
      PROVIDER_API_KEY: 'sk-upstream',
      ADMIN_KEY: 'admin',
      PORT: '0',
    });
    proxies.push(await startProxy({ settings, meter }));
  }
});

afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  for (const meter of meters) await meter.close();
  await upstream.close();
  rmSync(directory, { recursive: true, force: true });
});

const send = (proxy: RunningProxy, apiKey: string) =>
  fetch(`${proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('two proxies sharing one metering store', () => {
  it('hold a user quota across both instances under concurrency', async () => {
    const [first, second] = proxies as [RunningProxy, RunningProxy];
    const created = await fetch(`${first.url}/api/users`, {
      method: 'POST',
      headers: { 'x-api-key': 'admin', 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'shared', quota_requests: 5 }),
    });
    expect(created.status).toBe(201);
    const { api_key: apiKey } = (await created.json()) as { api_key: string };

    // The user made on the first instance is known to the second at once.
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) => send(index % 2 === 0 ? first : second, apiKey)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
    const refused = (await responses.find((response) => response.status === 429)?.json()) as {
      error: { type: string };
    };
    expect(refused.error.type).toBe('rate_limit_error');
  });

  it('record every request from both instances in the one store', async () => {
    for (const meter of meters) await meter.flush();
    const [first, second] = proxies as [RunningProxy, RunningProxy];
    const summary = async (proxy: RunningProxy) =>
      (await (await fetch(`${proxy.url}/api/analytics/summary?days=1`, { headers: { 'x-api-key': 'admin' } })).json()) as Record<
        string,
        unknown
      >;
    const fromFirst = await summary(first);
    const fromSecond = await summary(second);
    // Both instances read the same store: the 5 served requests and the 7 refused over quota,
    // which are recorded too (they never went upstream and used no quota).
    expect(fromFirst.requests).toBe(12);
    expect(fromSecond.requests).toBe(12);
    expect(fromFirst.successes).toBe(5);
    expect(fromSecond.successes).toBe(fromFirst.successes);
    expect(await meters[0]!.countRequests()).toBe(12);
  });
});
