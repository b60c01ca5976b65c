import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecord, tempDatabase } from '../test/temp-database';
import { openMeter } from './open-meter';
import type { Meter } from './types';

const now = Date.UTC(2026, 10, 26, 12, 30, 0);
const hour = 3_600_000;
const day = 24 * hour;

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function seededMeter(): Promise<Meter> {
  const database = tempDatabase();
  cleanups.push(database.remove);
  const meter = await openMeter({ url: database.url, now: () => now });
  cleanups.push(() => meter.close());
  const base = { cacheReadTokens: 0, cacheWriteTokens: 0, thinkingTokens: 0 };
  meter.record(
    sampleRecord({
      ...base,
      id: 'a',
      startedAt: now - hour,
      routedModel: 'gpt-4o',
      provider: 'openai',
      inputTokens: 100,
      outputTokens: 10,
      costUsd: 0.5,
      totalMs: 100,
      timeToFirstTokenMs: 10,
      userId: 'u1',
      sessionId: 's1',
    }),
  );
  meter.record(
    sampleRecord({
      ...base,
      id: 'b',
      startedAt: now - 2 * hour,
      routedModel: 'gpt-4o',
      provider: 'openai',
      inputTokens: 200,
      outputTokens: 20,
      costUsd: 0.25,
      totalMs: 300,
      timeToFirstTokenMs: 30,
      userId: 'u1',
      sessionId: 's1',
    }),
  );
  meter.record(
    sampleRecord({
      ...base,
      id: 'c',
      startedAt: now - day - hour,
      routedModel: 'deepseek-chat',
      provider: 'deepseek',
      inputTokens: 50,
      outputTokens: 5,
      costUsd: null,
      totalMs: 200,
      timeToFirstTokenMs: null,
      status: 529,
      errorType: 'overloaded_error',
      userId: 'u2',
      sessionId: 's2',
    }),
  );
  meter.record(
    sampleRecord({
      ...base,
      id: 'd',
      startedAt: now - day - 2 * hour,
      routedModel: 'deepseek-chat',
      provider: 'deepseek',
      inputTokens: 1,
      outputTokens: 1,
      costUsd: 0.125,
      totalMs: 400,
      timeToFirstTokenMs: 40,
      status: 200,
      errorType: 'api_error',
      userId: null,
      sessionId: null,
    }),
  );
  // Outside a 7-day window:
  meter.record(sampleRecord({ ...base, id: 'old', startedAt: now - 10 * day, costUsd: 100 }));
  await meter.flush();
  return meter;
}

describe('analytics', () => {
  it('summarises the window', async () => {
    const meter = await seededMeter();
    const summary = await meter.summary(7);
    expect(summary).toMatchObject({
      days: 7,
      requests: 4,
      successes: 2,
      errors: 2,
      successRate: 0.5,
      inputTokens: 351,
      outputTokens: 36,
      costUsd: 0.875,
      averageTotalMs: 250,
      averageTimeToFirstTokenMs: (10 + 30 + 40) / 3,
      p50TotalMs: 200,
      p95TotalMs: 400,
      users: 2,
      sessions: 2,
    });
    expect(summary.topModels).toEqual([
      { routedModel: 'deepseek-chat', provider: 'deepseek', requests: 2, costUsd: 0.125 },
      { routedModel: 'gpt-4o', provider: 'openai', requests: 2, costUsd: 0.75 },
    ]);
    expect((await meter.summary(30)).requests).toBe(5);
  });

  it('gives a timeseries with every bucket, empty ones included', async () => {
    const meter = await seededMeter();
    const daily = await meter.timeseries(7, 'day');
    expect(daily.points).toHaveLength(8);
    expect(daily.points.at(-1)).toMatchObject({
      bucket: '2026-11-26T00:00:00Z',
      requests: 2,
      errors: 0,
      costUsd: 0.75,
    });
    expect(daily.points.at(-2)).toMatchObject({ bucket: '2026-11-25T00:00:00Z', requests: 2, errors: 2 });
    expect(daily.points[0]).toMatchObject({ requests: 0, averageTotalMs: null });

    const hourly = await meter.timeseries(2, 'hour');
    expect(hourly.points).toHaveLength(49);
    expect(hourly.points.find((point) => point.bucket === '2026-11-26T11:00:00Z')).toMatchObject({
      requests: 1,
      averageTotalMs: 100,
    });
    expect(hourly.points.reduce((sum, point) => sum + point.requests, 0)).toBe(4);
  });

  it('breaks cost down by model, provider and day, counting unpriced requests', async () => {
    const meter = await seededMeter();
    const cost = await meter.costBreakdown(7);
    expect(cost.totalCostUsd).toBe(0.875);
    expect(cost.byProvider).toEqual([
      {
        provider: 'openai',
        requests: 2,
        inputTokens: 300,
        outputTokens: 30,
        costUsd: 0.75,
        unpricedRequests: 0,
      },
      {
        provider: 'deepseek',
        requests: 2,
        inputTokens: 51,
        outputTokens: 6,
        costUsd: 0.125,
        unpricedRequests: 1,
      },
    ]);
    expect(cost.byModel.map((line) => line.routedModel)).toEqual(['gpt-4o', 'deepseek-chat']);
    expect(cost.byDay.map((line) => [line.day, line.costUsd])).toEqual([
      ['2026-11-25', 0.125],
      ['2026-11-26', 0.75],
    ]);
  });

  it('reports errors by type with a daily trend', async () => {
    const meter = await seededMeter();
    const report = await meter.errors(7);
    expect(report).toMatchObject({ requests: 4, errors: 2, successRate: 0.5 });
    expect(report.byType).toEqual([
      { errorType: 'api_error', status: 200, count: 1 },
      { errorType: 'overloaded_error', status: 529, count: 1 },
    ]);
    expect(report.trend.at(-1)).toEqual({ day: '2026-11-26', requests: 2, errors: 0, successRate: 1 });
    expect(report.trend.at(-2)).toEqual({ day: '2026-11-25', requests: 2, errors: 2, successRate: 0 });
    expect(report.trend[0]).toMatchObject({ requests: 0, successRate: null });
  });

  it('exports rows oldest first across pages', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    const meter = await openMeter({ url: database.url });
    cleanups.push(() => meter.close());
    const startedAt = Date.now() - 1000;
    // Many rows share a timestamp so the keyset pagination must also order by id.
    for (let index = 0; index < 1234; index += 1) {
      meter.record(
        sampleRecord({ id: `row-${String(index).padStart(5, '0')}`, startedAt: startedAt + (index % 3) }),
      );
    }
    await meter.flush();
    const ids: string[] = [];
    for await (const row of meter.exportRows(1)) ids.push(row.id);
    expect(ids).toHaveLength(1234);
    expect(new Set(ids).size).toBe(1234);
    expect(ids[0]).toBe('row-00000');
  });

  it('reads back the newest requests since a time, at most a limit, oldest first', async () => {
    const meter = await seededMeter();
    const lastDay = await meter.recentRequests({ since: now - day, limit: 200 });
    expect(lastDay.map((row) => row.id)).toEqual(['b', 'a']);
    expect(lastDay[1]).toMatchObject({ routedModel: 'gpt-4o', inputTokens: 100, totalMs: 100, costUsd: 0.5 });
    const everything = await meter.recentRequests({ since: 0, limit: 200 });
    expect(everything.map((row) => row.id)).toEqual(['old', 'd', 'c', 'b', 'a']);
    // The limit keeps the newest.
    expect((await meter.recentRequests({ since: 0, limit: 2 })).map((row) => row.id)).toEqual(['b', 'a']);
    expect(await meter.recentRequests({ since: 0, limit: 0 })).toEqual([]);
    expect(await meter.recentRequests({ since: now, limit: 10 })).toEqual([]);
  });
});
