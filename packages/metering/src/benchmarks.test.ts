import { afterEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../test/temp-database';
import { openMeter } from './open-meter';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('benchmark storage', () => {
  it('stores runs and results and summarises them per model', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    const meter = await openMeter({ url: database.url });
    cleanups.push(() => meter.close());
    const run = await meter.createBenchmarkRun({ kind: 'compare', models: ['a', 'b'], iterations: 2 });
    expect(run).toMatchObject({ kind: 'compare', models: ['a', 'b'], status: 'running', finishedAt: null });
    await meter.recordBenchmarkResult({
      runId: run.id,
      model: 'a',
      promptKind: 'short-answer',
      iteration: 1,
      timeToFirstTokenMs: 100,
      totalMs: 1000,
      outputTokens: 50,
      success: true,
    });
    await meter.recordBenchmarkResult({
      runId: run.id,
      model: 'a',
      promptKind: 'short-answer',
      iteration: 2,
      timeToFirstTokenMs: 300,
      totalMs: 2000,
      outputTokens: 50,
      success: true,
    });
    await meter.recordBenchmarkResult({
      runId: run.id,
      model: 'b',
      promptKind: 'tool-call',
      iteration: 1,
      timeToFirstTokenMs: null,
      totalMs: 10,
      outputTokens: 0,
      success: false,
      error: 'upstream 500',
    });
    await meter.finishBenchmarkRun(run.id, { status: 'completed' });

    const detail = await meter.getBenchmarkRun(run.id);
    expect(detail?.status).toBe('completed');
    expect(detail?.finishedAt).toEqual(expect.any(Number));
    expect(detail?.results).toHaveLength(3);
    expect(detail?.results[0]?.tokensPerSecond).toBe(50);
    expect(detail?.results[2]).toMatchObject({
      success: false,
      error: 'upstream 500',
      tokensPerSecond: null,
    });
    expect(detail?.summary).toEqual([
      {
        model: 'a',
        runs: 2,
        successes: 2,
        successRate: 1,
        averageTimeToFirstTokenMs: 200,
        averageTotalMs: 1500,
        averageTokensPerSecond: 37.5,
      },
      {
        model: 'b',
        runs: 1,
        successes: 0,
        successRate: 0,
        averageTimeToFirstTokenMs: null,
        averageTotalMs: null,
        averageTokensPerSecond: null,
      },
    ]);
    expect((await meter.listBenchmarkRuns()).map((listed) => listed.id)).toEqual([run.id]);
    expect(await meter.getBenchmarkRun('bench_missing')).toBeNull();
  });
});
