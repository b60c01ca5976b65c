import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeKeys, startFakeBillingServer } from '@ccp/metering/testing';
import { createBillingRoutes } from './billing-routes';
import { adminHeaders, adminKey } from '../../test/support/route-test-meter';

let fake: Awaited<ReturnType<typeof startFakeBillingServer>>;
beforeAll(async () => {
  fake = await startFakeBillingServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.state.failWith = null;
});

const now = () => Date.UTC(2026, 10, 26, 12);

function configuredApp() {
  return createBillingRoutes({
    adminKey,
    now,
    providers: {
      openrouter: { apiKey: fakeKeys.openrouter, baseUrl: fake.baseUrl },
      openai: { adminKey: fakeKeys.openai, baseUrl: fake.baseUrl },
      anthropic: { adminKey: fakeKeys.anthropic, baseUrl: fake.baseUrl },
    },
  });
}

async function json(response: Response) {
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('billing routes', () => {
  it('answers 200 {configured:false, message} for providers without keys', async () => {
    const app = createBillingRoutes({ adminKey, providers: {} });
    const balance = await json(await app.request('/billing/balance', { headers: adminHeaders }));
    expect(balance).toEqual({
      providers: {
        openrouter: {
          provider: 'openrouter',
          configured: false,
          message: expect.stringContaining('OPENROUTER_API_KEY'),
        },
        openai: {
          provider: 'openai',
          configured: false,
          message: expect.stringContaining('OPENAI_ADMIN_KEY'),
        },
        anthropic: {
          provider: 'anthropic',
          configured: false,
          message: expect.stringContaining('ANTHROPIC_ADMIN_KEY'),
        },
      },
    });
    const one = await json(await app.request('/billing/provider/openai', { headers: adminHeaders }));
    expect(one).toMatchObject({ provider: 'openai', configured: false });
  });

  it('shows balances from the providers', async () => {
    const balance = await json(await configuredApp().request('/billing/balance', { headers: adminHeaders }));
    expect(balance).toMatchObject({
      providers: {
        openrouter: {
          ok: true,
          credits: { totalCreditsUsd: 100.5, remainingUsd: 74.75 },
          key: { usageDailyUsd: 1.25, limitRemainingUsd: 24.5 },
        },
        openai: { ok: true, monthToDateCostUsd: 2 },
        anthropic: { ok: true, monthToDateCostUsd: 2.5 },
      },
    });
  });

  it('shows usage for the requested days and one provider in detail', async () => {
    const usage = await json(
      await configuredApp().request('/billing/usage?days=7', { headers: adminHeaders }),
    );
    expect(usage).toMatchObject({
      days: 7,
      providers: {
        openrouter: { ok: true, key: { usageWeeklyUsd: 6.5 } },
        openai: {
          ok: true,
          totalCostUsd: 2,
          byModel: [{ model: 'gpt-4o', requests: 7 }, { model: 'gpt-4o-mini' }],
        },
        anthropic: { ok: true, daily: [{ day: '2026-11-20', costUsd: 2 }, { day: '2026-11-21' }] },
      },
    });
    const detail = await json(
      await configuredApp().request('/billing/provider/anthropic?days=3', { headers: adminHeaders }),
    );
    expect(detail).toMatchObject({
      provider: 'anthropic',
      days: 3,
      balance: { ok: true },
      usage: { ok: true, byModel: [{ model: 'claude-sonnet-4-5' }] },
    });
  });

  it('reports upstream failures in a 200 body, never as a thrown error, and never with a key', async () => {
    fake.state.failWith = 503;
    const response = await configuredApp().request('/billing/balance', { headers: adminHeaders });
    const text = await response.text();
    expect(response.status).toBe(200);
    const balance = JSON.parse(text) as {
      providers: Record<string, { ok: boolean; status: number; message: string }>;
    };
    for (const name of ['openrouter', 'openai', 'anthropic']) {
      expect(balance.providers[name]).toMatchObject({ configured: true, ok: false, status: 503 });
    }
    for (const key of Object.values(fakeKeys)) expect(text).not.toContain(key);
  });

  it('keeps what worked when only one OpenRouter look-up is refused', async () => {
    const app = createBillingRoutes({
      adminKey,
      providers: { openrouter: { apiKey: fakeKeys.openrouterInference, baseUrl: fake.baseUrl } },
    });
    const balance = await json(await app.request('/billing/balance', { headers: adminHeaders }));
    expect(balance).toMatchObject({
      providers: {
        openrouter: {
          ok: true,
          key: { usageUsd: 25.5 },
          warnings: [{ status: 403, message: expect.stringContaining('management keys') }],
        },
      },
    });
    expect((balance.providers as { openrouter: Record<string, unknown> }).openrouter.credits).toBeUndefined();
  });

  it('reports a wrong key as a failure with the status', async () => {
    const app = createBillingRoutes({
      adminKey,
      providers: { openrouter: { apiKey: 'sk-or-v1-wrong', baseUrl: fake.baseUrl } },
    });
    const balance = await json(await app.request('/billing/balance', { headers: adminHeaders }));
    expect(balance).toMatchObject({
      providers: { openrouter: { configured: true, ok: false, status: 401 } },
    });
  });

  it('answers 404 for an unknown provider, 400 for bad days and 401 without the admin key', async () => {
    const unknown = await configuredApp().request('/billing/provider/azure', { headers: adminHeaders });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error', message: expect.stringContaining('openrouter') },
    });
    const badDays = await configuredApp().request('/billing/usage?days=-1', { headers: adminHeaders });
    expect(badDays.status).toBe(400);
    expect(await badDays.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('"days"') },
    });
    expect((await configuredApp().request('/billing/balance')).status).toBe(401);
  });
});
