import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getAnthropicCosts, getAnthropicMessagesUsage } from './anthropic-billing';
import { fakeKeys, startFakeBillingServer } from '../../test/fake-billing-server';
import { getOpenAICompletionsUsage, getOpenAICosts } from './openai-billing';
import { getOpenRouterCredits, getOpenRouterKeyUsage } from './openrouter-billing';

let fake: Awaited<ReturnType<typeof startFakeBillingServer>>;
beforeAll(async () => {
  fake = await startFakeBillingServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.state.failWith = null;
  fake.seen.length = 0;
});

const now = Date.UTC(2026, 10, 26, 12);

describe('OpenRouter billing', () => {
  it('reads credits and key usage with a Bearer key, whichever base URL form is given', async () => {
    const credits = await getOpenRouterCredits({ apiKey: fakeKeys.openrouter, baseUrl: fake.baseUrl });
    expect(credits).toEqual({
      provider: 'openrouter',
      configured: true,
      ok: true,
      credits: { totalCreditsUsd: 100.5, totalUsageUsd: 25.75, remainingUsd: 74.75 },
    });
    const key = await getOpenRouterKeyUsage({
      apiKey: fakeKeys.openrouter,
      baseUrl: `${fake.baseUrl}/api/v1/`,
    });
    expect(key).toMatchObject({
      ok: true,
      key: {
        limitUsd: 50,
        limitRemainingUsd: 24.5,
        usageUsd: 25.5,
        usageDailyUsd: 1.25,
        usageMonthlyUsd: 25.5,
        isFreeTier: false,
      },
    });
    expect(fake.seen.map((request) => request.path)).toEqual(['/api/v1/credits', '/api/v1/key']);
  });

  it('reports a refused key without leaking it', async () => {
    const answer = await getOpenRouterCredits({ apiKey: 'sk-or-v1-wrong-secret', baseUrl: fake.baseUrl });
    expect(answer).toMatchObject({ configured: true, ok: false, status: 401 });
    if (answer.configured && !answer.ok) {
      expect(answer.message).toContain('No auth credentials found');
      expect(answer.message).toContain('OPENROUTER_API_KEY');
      expect(answer.message).not.toContain('wrong-secret');
    }
  });
});

describe('OpenAI billing', () => {
  it('sums daily costs across pages', async () => {
    const costs = await getOpenAICosts({ adminKey: fakeKeys.openai, baseUrl: fake.baseUrl }, 7, now);
    expect(costs).toEqual({
      provider: 'openai',
      configured: true,
      ok: true,
      totalCostUsd: 2,
      daily: [
        { day: '2026-11-20', costUsd: 1.5 },
        { day: '2026-11-21', costUsd: 0 },
        { day: '2026-11-22', costUsd: 0.5 },
      ],
    });
    const [first, second] = fake.seen;
    expect(first?.query.get('start_time')).toBe(String(Date.UTC(2026, 10, 20) / 1000));
    expect(first?.query.get('bucket_width')).toBe('1d');
    expect(second?.query.get('page')).toBe('page-2');
    expect(first?.headers.authorization).toBe(`Bearer ${fakeKeys.openai}`);
  });

  it('groups completion usage by model', async () => {
    const usage = await getOpenAICompletionsUsage(
      { adminKey: fakeKeys.openai, baseUrl: `${fake.baseUrl}/v1` },
      7,
      now,
    );
    expect(usage).toMatchObject({
      ok: true,
      byModel: [
        { model: 'gpt-4o', requests: 7, inputTokens: 3000, outputTokens: 600, cachedInputTokens: 800 },
        { model: 'gpt-4o-mini', requests: 1, inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 },
      ],
    });
    expect(fake.seen[0]?.query.getAll('group_by')).toEqual(['model']);
  });

  it('reports an upstream 500 in the answer instead of throwing', async () => {
    fake.state.failWith = 500;
    const costs = await getOpenAICosts({ adminKey: fakeKeys.openai, baseUrl: fake.baseUrl }, 7, now);
    expect(costs).toMatchObject({ ok: false, status: 500, message: expect.stringContaining('answered 500') });
  });
});

describe('Anthropic billing', () => {
  it('turns cost report cents into dollars and sends the admin headers', async () => {
    const costs = await getAnthropicCosts({ adminKey: fakeKeys.anthropic, baseUrl: fake.baseUrl }, 7, now);
    expect(costs).toMatchObject({
      ok: true,
      daily: [
        { day: '2026-11-20', costUsd: 2 },
        { day: '2026-11-21', costUsd: 0.5 },
      ],
    });
    if (costs.configured && costs.ok) expect(costs.totalCostUsd).toBeCloseTo(2.5, 10);
    const [request] = fake.seen;
    expect(request?.headers['x-api-key']).toBe(fakeKeys.anthropic);
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.query.get('starting_at')).toBe('2026-11-20T00:00:00.000Z');
  });

  it('adds cache writes and reads into input tokens of the usage report', async () => {
    const usage = await getAnthropicMessagesUsage(
      { adminKey: fakeKeys.anthropic, baseUrl: fake.baseUrl },
      7,
      now,
    );
    expect(usage).toMatchObject({
      ok: true,
      byModel: [
        {
          model: 'claude-sonnet-4-5',
          requests: null,
          inputTokens: 1850,
          cachedInputTokens: 200,
          outputTokens: 500,
        },
      ],
    });
  });

  it('reports an unreachable server', async () => {
    const closed = await startFakeBillingServer();
    await closed.close();
    const costs = await getAnthropicCosts({ adminKey: fakeKeys.anthropic, baseUrl: closed.baseUrl }, 7, now);
    expect(costs).toMatchObject({
      ok: false,
      status: 0,
      message: expect.stringContaining('could not be reached'),
    });
  });
});
