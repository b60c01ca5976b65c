import { MeteringInputError } from './metering-input-error';
import type { Meter } from './types';

const disabledMessage =
  'Usage tracking is off (TRACK_USAGE=false), so users, keys and benchmarks cannot be stored. ' +
  'Set TRACK_USAGE=true and restart the proxy.';

/**
 * A meter that stores nothing, for `TRACK_USAGE=false`: recording is a no-op, analytics are
 * empty, nobody authenticates, every quota check passes, and writes of users or benchmarks fail
 * with a {@link MeteringInputError} (`code: 'disabled'`).
 *
 * @example
 * const meter = trackUsage ? await openMeter({ url }) : createNullMeter();
 */
export function createNullMeter(): Meter {
  const refuse = async (): Promise<never> => {
    throw new MeteringInputError('disabled', disabledMessage);
  };
  const since = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  return {
    record() {},
    flush: async () => {},
    close: async () => {},
    stats: () => ({ queued: 0, written: 0, dropped: 0, failed: 0, replayed: 0 }),
    summary: async (days) => ({
      days,
      since: since(days),
      requests: 0,
      successes: 0,
      errors: 0,
      successRate: null,
      streamedRequests: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      thinkingTokens: 0,
      costUsd: 0,
      averageTotalMs: null,
      averageTimeToFirstTokenMs: null,
      p50TotalMs: null,
      p95TotalMs: null,
      users: 0,
      sessions: 0,
      topModels: [],
    }),
    timeseries: async (days, interval) => ({ days, interval, points: [] }),
    costBreakdown: async (days) => ({ days, totalCostUsd: 0, byModel: [], byProvider: [], byDay: [] }),
    errors: async (days) => ({ days, requests: 0, errors: 0, successRate: null, byType: [], trend: [] }),
    async *exportRows() {},
    countRequests: async () => 0,
    recentRequests: async () => [],
    createUser: refuse,
    listUsers: async () => [],
    getUser: async () => null,
    disableUser: async () => null,
    rotateKey: async () => null,
    authenticate: async () => null,
    hasUsers: async () => false,
    reserveQuota: async (userId, options) => ({
      ok: true,
      reservation: {
        userId,
        day: new Date().toISOString().slice(0, 10),
        requestId: options?.requestId ?? null,
      },
    }),
    settleQuota: async () => {},
    quotaStatus: async () => null,
    dailyUsage: async () => [],
    createBenchmarkRun: refuse,
    recordBenchmarkResult: refuse,
    finishBenchmarkRun: refuse,
    listBenchmarkRuns: async () => [],
    getBenchmarkRun: async () => null,
  };
}
