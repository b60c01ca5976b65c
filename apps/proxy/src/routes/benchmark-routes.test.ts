import type { BenchmarkRunDetail, Meter } from '@ccp/metering';
import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BenchmarkPrompt,
  benchmarkPrompts,
  createBenchmarkRoutes,
  type RunPrompt,
} from './benchmark-routes';
import { adminHeaders, adminKey, openTestMeter } from '../../test/support/route-test-meter';

let meter: Meter;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ meter, cleanup } = await openTestMeter());
});
afterEach(async () => {
  await cleanup();
});

/** A deterministic stand-in for the upstream: slower models answer later, one prompt kind fails. */
function fakeRunPrompt(calls: { model: string; prompt: BenchmarkPrompt }[]): RunPrompt {
  return async (model, prompt) => {
    calls.push({ model, prompt });
    if (model === 'broken') throw new Error('upstream refused the connection');
    if (prompt.kind === 'tool-call' && model === 'no-tools')
      return { ttftMs: null, totalMs: 50, outputTokens: 0, ok: false, error: 'model does not support tools' };
    return { ttftMs: 100, totalMs: 1000, outputTokens: 200, ok: true };
  };
}

async function waitForRun(app: Hono, id: string): Promise<BenchmarkRunDetail> {
  for (;;) {
    const response = await app.request(`/benchmarks/results/${id}`, { headers: adminHeaders });
    const run = (await response.json()) as BenchmarkRunDetail;
    if (run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('benchmark routes', () => {
  it('runs every fixed prompt for each iteration in the background and stores the results', async () => {
    const calls: { model: string; prompt: BenchmarkPrompt }[] = [];
    const app = createBenchmarkRoutes({ meter, adminKey, runPrompt: fakeRunPrompt(calls) });
    const response = await app.request('/benchmarks/run?model_name=gpt-4o&iterations=2', {
      method: 'POST',
      headers: adminHeaders,
    });
    expect(response.status).toBe(202);
    const started = (await response.json()) as {
      id: string;
      prompts: string[];
      requests: number;
      quota: string;
      results_url: string;
    };
    expect(started.prompts).toEqual(['short-answer', 'long-answer', 'tool-call', 'reasoning']);
    expect(started.requests).toBe(8);
    expect(started.quota).toContain('not charged to any user quota');
    expect(started.results_url).toBe(`/api/benchmarks/results/${started.id}`);

    const run = await waitForRun(app, started.id);
    expect(run.status).toBe('completed');
    expect(run.results).toHaveLength(8);
    expect(calls.map((call) => call.prompt.kind)).toEqual([
      ...benchmarkPrompts.map((prompt) => prompt.kind),
      ...benchmarkPrompts.map((prompt) => prompt.kind),
    ]);
    expect(run.summary).toEqual([
      {
        model: 'gpt-4o',
        runs: 8,
        successes: 8,
        successRate: 1,
        averageTimeToFirstTokenMs: 100,
        averageTotalMs: 1000,
        averageTokensPerSecond: 200,
      },
    ]);
    const list = await app.request('/benchmarks/results', { headers: adminHeaders });
    expect(((await list.json()) as { runs: { id: string }[] }).runs.map((listed) => listed.id)).toEqual([
      started.id,
    ]);
  });

  it('compares models and records failures, including a runPrompt that throws', async () => {
    const app = createBenchmarkRoutes({ meter, adminKey, runPrompt: fakeRunPrompt([]) });
    const response = await app.request('/benchmarks/compare?models=no-tools&models=broken&iterations=1', {
      method: 'POST',
      headers: adminHeaders,
    });
    expect(response.status).toBe(202);
    const { id, models } = (await response.json()) as { id: string; models: string[] };
    expect(models).toEqual(['no-tools', 'broken']);
    const run = await waitForRun(app, id);
    expect(run.status).toBe('completed');
    expect(run.summary.map((line) => [line.model, line.successes, line.runs])).toEqual([
      ['no-tools', 3, 4],
      ['broken', 0, 4],
    ]);
    expect(run.results.find((result) => result.model === 'broken')?.error).toContain(
      'refused the connection',
    );
    expect(run.results.find((result) => result.model === 'no-tools' && !result.success)?.promptKind).toBe(
      'tool-call',
    );
  });

  it('refuses a second run while one is going', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = createBenchmarkRoutes({
      meter,
      adminKey,
      runPrompt: async () => {
        await gate;
        return { ttftMs: 1, totalMs: 2, outputTokens: 1, ok: true };
      },
    });
    const first = await app.request('/benchmarks/run?model_name=a&iterations=1', {
      method: 'POST',
      headers: adminHeaders,
    });
    const second = await app.request('/benchmarks/run?model_name=b', {
      method: 'POST',
      headers: adminHeaders,
    });
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    release();
    await waitForRun(app, ((await first.json()) as { id: string }).id);
  });

  it('validates query parameters with 400s naming them', async () => {
    const app = createBenchmarkRoutes({ meter, adminKey, runPrompt: fakeRunPrompt([]) });
    const cases: [string, string][] = [
      ['/benchmarks/run', 'model_name'],
      ['/benchmarks/run?model_name=a&iterations=0', 'iterations'],
      ['/benchmarks/run?model_name=a&iterations=11', 'iterations'],
      ['/benchmarks/compare?models=a', 'models'],
      ['/benchmarks/compare?models=a&models=a', 'models'],
      ['/benchmarks/compare', 'models'],
    ];
    for (const [path, parameter] of cases) {
      const response = await app.request(path, { method: 'POST', headers: adminHeaders });
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as { error: { type: string; message: string } };
      expect(body.error.type).toBe('invalid_request_error');
      expect(body.error.message).toContain(`"${parameter}"`);
    }
    expect(await meter.listBenchmarkRuns()).toEqual([]);
  });

  it('is admin-only and answers 404 for an unknown run', async () => {
    const app = createBenchmarkRoutes({ meter, adminKey, runPrompt: fakeRunPrompt([]) });
    expect((await app.request('/benchmarks/run?model_name=a', { method: 'POST' })).status).toBe(401);
    expect((await app.request('/benchmarks/results')).status).toBe(401);
    const missing = await app.request('/benchmarks/results/bench_missing', { headers: adminHeaders });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: 'not_found_error' } });
  });
});
