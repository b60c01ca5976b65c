import { randomUUID } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import type { MeteringContext } from './metering-context';
import { benchmarkResults, benchmarkRuns } from './schema';
import type {
  BenchmarkModelSummary,
  BenchmarkResult,
  BenchmarkResultInput,
  BenchmarkRun,
  BenchmarkRunDetail,
} from './types';

function toRun(row: typeof benchmarkRuns.$inferSelect): BenchmarkRun {
  return {
    id: row.id,
    kind: row.kind === 'compare' ? 'compare' : 'run',
    models: JSON.parse(row.models) as string[],
    iterations: row.iterations,
    status: row.status === 'completed' || row.status === 'failed' ? row.status : 'running',
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    error: row.error,
  };
}

export async function createBenchmarkRun(
  context: MeteringContext,
  input: { kind: 'run' | 'compare'; models: string[]; iterations: number },
): Promise<BenchmarkRun> {
  const row = {
    id: `bench_${randomUUID()}`,
    kind: input.kind,
    models: JSON.stringify(input.models),
    iterations: input.iterations,
    status: 'running',
    createdAt: context.now(),
    finishedAt: null,
    error: null,
  };
  await context.db.insert(benchmarkRuns).values(row);
  return toRun(row);
}

export async function recordBenchmarkResult(
  context: MeteringContext,
  result: BenchmarkResultInput,
): Promise<void> {
  const seconds = result.totalMs / 1000;
  await context.db.insert(benchmarkResults).values({
    runId: result.runId,
    model: result.model,
    promptKind: result.promptKind,
    iteration: result.iteration,
    timeToFirstTokenMs: result.timeToFirstTokenMs,
    totalMs: result.totalMs,
    outputTokens: result.outputTokens,
    tokensPerSecond: result.success && seconds > 0 ? result.outputTokens / seconds : null,
    success: result.success,
    error: result.error ?? null,
    createdAt: context.now(),
  });
}

export async function finishBenchmarkRun(
  context: MeteringContext,
  runId: string,
  outcome: { status: 'completed' | 'failed'; error?: string | null },
): Promise<void> {
  await context.db
    .update(benchmarkRuns)
    .set({ status: outcome.status, error: outcome.error ?? null, finishedAt: context.now() })
    .where(eq(benchmarkRuns.id, runId));
}

export async function listBenchmarkRuns(context: MeteringContext): Promise<BenchmarkRun[]> {
  const rows = await context.db.select().from(benchmarkRuns).orderBy(desc(benchmarkRuns.createdAt));
  return rows.map(toRun);
}

function average(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function summarise(model: string, results: BenchmarkResult[]): BenchmarkModelSummary {
  const successes = results.filter((result) => result.success);
  return {
    model,
    runs: results.length,
    successes: successes.length,
    successRate: results.length === 0 ? null : successes.length / results.length,
    averageTimeToFirstTokenMs: average(
      successes.flatMap((result) => (result.timeToFirstTokenMs === null ? [] : [result.timeToFirstTokenMs])),
    ),
    averageTotalMs: average(successes.map((result) => result.totalMs)),
    averageTokensPerSecond: average(
      successes.flatMap((result) => (result.tokensPerSecond === null ? [] : [result.tokensPerSecond])),
    ),
  };
}

export async function getBenchmarkRun(
  context: MeteringContext,
  runId: string,
): Promise<BenchmarkRunDetail | null> {
  const [row] = await context.db.select().from(benchmarkRuns).where(eq(benchmarkRuns.id, runId));
  if (!row) return null;
  const run = toRun(row);
  const resultRows = await context.db
    .select()
    .from(benchmarkResults)
    .where(eq(benchmarkResults.runId, runId))
    .orderBy(asc(benchmarkResults.id));
  const results: BenchmarkResult[] = resultRows.map((result) => ({
    runId: result.runId,
    model: result.model,
    promptKind: result.promptKind,
    iteration: result.iteration,
    timeToFirstTokenMs: result.timeToFirstTokenMs,
    totalMs: result.totalMs,
    outputTokens: result.outputTokens,
    tokensPerSecond: result.tokensPerSecond,
    success: result.success,
    error: result.error,
    createdAt: result.createdAt,
  }));
  return {
    ...run,
    results,
    summary: run.models.map((model) =>
      summarise(
        model,
        results.filter((result) => result.model === model),
      ),
    ),
  };
}
