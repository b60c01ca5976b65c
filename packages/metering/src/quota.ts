import type { MeteringContext } from './metering-context';
import { dailyUsageUpsert, quotaTokens } from './request-rows';
import { nextUtcMidnight, nextUtcMonthStart, utcDay, utcMonthStartDay } from './time';
import type { DailyUsageRow, QuotaDecision, QuotaReservation, QuotaStatus, UsageSettlement } from './types';
import { getUser } from './users';

/**
 * Admits one request only if every limit still has room, and counts it, in ONE SQL statement.
 * SQLite takes the write lock at the start of an INSERT, so the check and the increment cannot
 * interleave with another connection or process; a remote sqld runs the statement atomically too.
 */
const reserveSql = `
INSERT INTO daily_usage (user_id, day, requests, input_tokens, output_tokens, total_tokens, cost_usd)
SELECT u.id, :day, 1, 0, 0, 0, 0 FROM users u
WHERE u.id = :userId AND u.disabled_at IS NULL
  AND (u.quota_requests IS NULL OR coalesce(
    (SELECT d.requests FROM daily_usage d WHERE d.user_id = u.id AND d.day = :day), 0) < u.quota_requests)
  AND (u.quota_tokens IS NULL OR coalesce(
    (SELECT d.total_tokens FROM daily_usage d WHERE d.user_id = u.id AND d.day = :day), 0) < u.quota_tokens)
  AND (u.quota_cost IS NULL OR coalesce(
    (SELECT sum(d.cost_usd) FROM daily_usage d WHERE d.user_id = u.id AND d.day >= :monthStart AND d.day <= :day), 0)
    < u.quota_cost)
ON CONFLICT (user_id, day) DO UPDATE SET requests = requests + 1
RETURNING requests`;

async function usedToday(context: MeteringContext, userId: string, now: number) {
  const day = utcDay(now);
  const result = await context.client.execute({
    sql: `SELECT
        coalesce((SELECT requests FROM daily_usage WHERE user_id = :userId AND day = :day), 0) AS requests,
        coalesce((SELECT total_tokens FROM daily_usage WHERE user_id = :userId AND day = :day), 0) AS tokens,
        coalesce((SELECT sum(cost_usd) FROM daily_usage
          WHERE user_id = :userId AND day >= :monthStart AND day <= :day), 0) AS cost`,
    args: { userId, day, monthStart: utcMonthStartDay(now) },
  });
  const row = result.rows[0];
  return {
    requests: Number(row?.requests ?? 0),
    tokens: Number(row?.tokens ?? 0),
    cost: Number(row?.cost ?? 0),
  };
}

/** Checks and reserves one request for `userId`; see {@link QuotaDecision}. */
export async function reserveQuota(
  context: MeteringContext,
  userId: string,
  requestId: string | null,
): Promise<QuotaDecision> {
  const now = context.now();
  const day = utcDay(now);
  const result = await context.client.execute({
    sql: reserveSql,
    args: { userId, day, monthStart: utcMonthStartDay(now) },
  });
  if (result.rows.length > 0) return { ok: true, reservation: { userId, day, requestId } };

  const user = await getUser(context, userId);
  const dailyReset = nextUtcMidnight(now);
  if (!user || user.disabledAt !== null) {
    return {
      ok: false,
      limit: 'requests',
      resetsAt: dailyReset,
      message: 'This API key belongs to a user that is disabled or unknown; ask the proxy administrator.',
    };
  }
  const used = await usedToday(context, userId, now);
  if (user.quotaRequests !== null && used.requests >= user.quotaRequests) {
    return {
      ok: false,
      limit: 'requests',
      resetsAt: dailyReset,
      message: `Daily request quota reached (${used.requests} of ${user.quotaRequests} requests); it resets at ${dailyReset.toISOString()}.`,
    };
  }
  if (user.quotaTokens !== null && used.tokens >= user.quotaTokens) {
    return {
      ok: false,
      limit: 'tokens',
      resetsAt: dailyReset,
      message: `Daily token quota reached (${used.tokens} of ${user.quotaTokens} tokens); it resets at ${dailyReset.toISOString()}.`,
    };
  }
  const monthlyReset = nextUtcMonthStart(now);
  return {
    ok: false,
    limit: 'cost',
    resetsAt: monthlyReset,
    message: `Monthly cost cap reached ($${used.cost.toFixed(4)} of $${user.quotaCost ?? 0}); it resets at ${monthlyReset.toISOString()}.`,
  };
}

/** Adds a finished request's tokens and cost to the reservation's day. */
export async function settleQuota(
  context: MeteringContext,
  reservation: QuotaReservation,
  usage: UsageSettlement,
): Promise<void> {
  await context.client.execute(
    dailyUsageUpsert(reservation.userId, reservation.day, {
      requests: 0,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      totalTokens: quotaTokens(usage),
      costUsd: usage.costUsd ?? 0,
    }),
  );
}

/** Used and remaining amounts of each limit right now. */
export async function quotaStatus(context: MeteringContext, userId: string): Promise<QuotaStatus | null> {
  const user = await getUser(context, userId);
  if (!user) return null;
  const now = context.now();
  const used = await usedToday(context, userId, now);
  const daily = nextUtcMidnight(now).toISOString();
  const counter = (value: number, limit: number | null, resetsAt: string) => ({
    used: value,
    limit,
    remaining: limit === null ? null : Math.max(0, limit - value),
    resetsAt,
  });
  return {
    userId,
    requests: counter(used.requests, user.quotaRequests, daily),
    tokens: counter(used.tokens, user.quotaTokens, daily),
    cost: counter(used.cost, user.quotaCost, nextUtcMonthStart(now).toISOString()),
  };
}

/** The user's usage per UTC day over the last `days` days (days without usage are left out). */
export async function dailyUsage(
  context: MeteringContext,
  userId: string,
  days: number,
): Promise<DailyUsageRow[]> {
  const fromDay = utcDay(context.now() - (days - 1) * 86_400_000);
  const result = await context.client.execute({
    sql: `SELECT day, requests, input_tokens, output_tokens, total_tokens, cost_usd FROM daily_usage
          WHERE user_id = :userId AND day >= :fromDay ORDER BY day`,
    args: { userId, fromDay },
  });
  return result.rows.map((row) => ({
    day: String(row.day),
    requests: Number(row.requests),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    totalTokens: Number(row.total_tokens),
    costUsd: Number(row.cost_usd),
  }));
}
