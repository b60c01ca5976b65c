import type { InValue } from '@libsql/client';
import type { MeteringContext } from './metering-context';
import { requestColumnsSql, rowFromSql } from './request-rows';
import { bucketStarts, daysBetween, windowStart } from './time';
import type {
  CostBreakdown,
  CostLine,
  ErrorReport,
  RequestRow,
  Summary,
  Timeseries,
  TimeseriesInterval,
  TimeseriesPoint,
} from './types';

/** A request counts as an error when it failed with a status or broke mid-stream. */
const isErrorSql = '(status >= 400 OR error_type IS NOT NULL)';

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function rate(successes: number, total: number): number | null {
  return total === 0 ? null : successes / total;
}

async function rows(context: MeteringContext, sql: string, args: Record<string, InValue>) {
  const result = await context.client.execute({ sql, args });
  return result.rows as unknown as Record<string, unknown>[];
}

async function percentile(context: MeteringContext, since: number, count: number, fraction: number) {
  if (count === 0) return null;
  const offset = Math.min(count - 1, Math.max(0, Math.ceil(count * fraction) - 1));
  const [row] = await rows(
    context,
    'SELECT total_ms FROM requests WHERE started_at >= :since ORDER BY total_ms LIMIT 1 OFFSET :offset',
    { since, offset },
  );
  return numberOrNull(row?.total_ms);
}

/** Totals, latency and top models for the last `days` days. */
export async function summary(context: MeteringContext, days: number): Promise<Summary> {
  const since = windowStart(context.now(), days);
  const [totals] = await rows(
    context,
    `SELECT count(*) AS requests,
       total(CASE WHEN ${isErrorSql} THEN 0 ELSE 1 END) AS successes,
       total(streamed) AS streamed,
       total(input_tokens) AS input_tokens, total(output_tokens) AS output_tokens,
       total(cache_read_tokens) AS cache_read_tokens, total(cache_write_tokens) AS cache_write_tokens,
       total(thinking_tokens) AS thinking_tokens, total(cost_usd) AS cost_usd,
       avg(total_ms) AS average_total_ms, avg(time_to_first_token_ms) AS average_ttft_ms,
       count(DISTINCT user_id) AS users, count(DISTINCT session_id) AS sessions
     FROM requests WHERE started_at >= :since`,
    { since },
  );
  const requests = Number(totals?.requests ?? 0);
  const successes = Number(totals?.successes ?? 0);
  const topModels = await rows(
    context,
    `SELECT routed_model, provider, count(*) AS requests, total(cost_usd) AS cost_usd FROM requests
     WHERE started_at >= :since GROUP BY routed_model, provider ORDER BY requests DESC, routed_model LIMIT 10`,
    { since },
  );
  return {
    days,
    since: new Date(since).toISOString(),
    requests,
    successes,
    errors: requests - successes,
    successRate: rate(successes, requests),
    streamedRequests: Number(totals?.streamed ?? 0),
    inputTokens: Number(totals?.input_tokens ?? 0),
    outputTokens: Number(totals?.output_tokens ?? 0),
    cacheReadTokens: Number(totals?.cache_read_tokens ?? 0),
    cacheWriteTokens: Number(totals?.cache_write_tokens ?? 0),
    thinkingTokens: Number(totals?.thinking_tokens ?? 0),
    costUsd: Number(totals?.cost_usd ?? 0),
    averageTotalMs: numberOrNull(totals?.average_total_ms),
    averageTimeToFirstTokenMs: numberOrNull(totals?.average_ttft_ms),
    p50TotalMs: await percentile(context, since, requests, 0.5),
    p95TotalMs: await percentile(context, since, requests, 0.95),
    users: Number(totals?.users ?? 0),
    sessions: Number(totals?.sessions ?? 0),
    topModels: topModels.map((row) => ({
      routedModel: String(row.routed_model),
      provider: String(row.provider),
      requests: Number(row.requests),
      costUsd: Number(row.cost_usd),
    })),
  };
}

/** Requests, errors, tokens, cost and latency per hour or day, with empty buckets filled in. */
export async function timeseries(
  context: MeteringContext,
  days: number,
  interval: TimeseriesInterval,
): Promise<Timeseries> {
  const now = context.now();
  const since = windowStart(now, days);
  const format = interval === 'hour' ? '%Y-%m-%dT%H:00:00Z' : '%Y-%m-%dT00:00:00Z';
  const found = await rows(
    context,
    `SELECT strftime('${format}', started_at / 1000, 'unixepoch') AS bucket, count(*) AS requests,
       total(CASE WHEN ${isErrorSql} THEN 1 ELSE 0 END) AS errors,
       total(input_tokens) AS input_tokens, total(output_tokens) AS output_tokens, total(cost_usd) AS cost_usd,
       avg(total_ms) AS average_total_ms, avg(time_to_first_token_ms) AS average_ttft_ms
     FROM requests WHERE started_at >= :since GROUP BY bucket ORDER BY bucket`,
    { since },
  );
  const byBucket = new Map(found.map((row) => [String(row.bucket), row]));
  const points: TimeseriesPoint[] = bucketStarts(since, now, interval).map((bucket) => {
    const row = byBucket.get(bucket);
    return {
      bucket,
      requests: Number(row?.requests ?? 0),
      errors: Number(row?.errors ?? 0),
      inputTokens: Number(row?.input_tokens ?? 0),
      outputTokens: Number(row?.output_tokens ?? 0),
      costUsd: Number(row?.cost_usd ?? 0),
      averageTotalMs: numberOrNull(row?.average_total_ms),
      averageTimeToFirstTokenMs: numberOrNull(row?.average_ttft_ms),
    };
  });
  return { days, interval, points };
}

const costLineSql = `count(*) AS requests, total(input_tokens) AS input_tokens, total(output_tokens) AS output_tokens,
  total(cost_usd) AS cost_usd, total(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END) AS unpriced`;

function costLine(row: Record<string, unknown>): CostLine {
  return {
    requests: Number(row.requests),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costUsd: Number(row.cost_usd),
    unpricedRequests: Number(row.unpriced),
  };
}

/** Estimated cost by routed model, by provider and by UTC day. */
export async function costBreakdown(context: MeteringContext, days: number): Promise<CostBreakdown> {
  const since = windowStart(context.now(), days);
  const byModel = await rows(
    context,
    `SELECT routed_model, provider, ${costLineSql} FROM requests WHERE started_at >= :since
     GROUP BY routed_model, provider ORDER BY cost_usd DESC, requests DESC, routed_model`,
    { since },
  );
  const byProvider = await rows(
    context,
    `SELECT provider, ${costLineSql} FROM requests WHERE started_at >= :since
     GROUP BY provider ORDER BY cost_usd DESC, requests DESC, provider`,
    { since },
  );
  const byDay = await rows(
    context,
    `SELECT strftime('%Y-%m-%d', started_at / 1000, 'unixepoch') AS day, ${costLineSql} FROM requests
     WHERE started_at >= :since GROUP BY day ORDER BY day`,
    { since },
  );
  return {
    days,
    totalCostUsd: byProvider.reduce((sum, row) => sum + Number(row.cost_usd), 0),
    byModel: byModel.map((row) => ({
      routedModel: String(row.routed_model),
      provider: String(row.provider),
      ...costLine(row),
    })),
    byProvider: byProvider.map((row) => ({ provider: String(row.provider), ...costLine(row) })),
    byDay: byDay.map((row) => ({ day: String(row.day), ...costLine(row) })),
  };
}

/** Success rate, error types and a daily error trend. */
export async function errors(context: MeteringContext, days: number): Promise<ErrorReport> {
  const now = context.now();
  const since = windowStart(now, days);
  const [totals] = await rows(
    context,
    `SELECT count(*) AS requests, total(CASE WHEN ${isErrorSql} THEN 1 ELSE 0 END) AS errors
     FROM requests WHERE started_at >= :since`,
    { since },
  );
  const byType = await rows(
    context,
    `SELECT coalesce(error_type, 'http_' || status) AS error_type, status, count(*) AS count FROM requests
     WHERE started_at >= :since AND ${isErrorSql} GROUP BY 1, status ORDER BY count DESC, 1`,
    { since },
  );
  const trendRows = await rows(
    context,
    `SELECT strftime('%Y-%m-%d', started_at / 1000, 'unixepoch') AS day, count(*) AS requests,
       total(CASE WHEN ${isErrorSql} THEN 1 ELSE 0 END) AS errors
     FROM requests WHERE started_at >= :since GROUP BY day`,
    { since },
  );
  const trendByDay = new Map(trendRows.map((row) => [String(row.day), row]));
  const requests = Number(totals?.requests ?? 0);
  const errorCount = Number(totals?.errors ?? 0);
  return {
    days,
    requests,
    errors: errorCount,
    successRate: rate(requests - errorCount, requests),
    byType: byType.map((row) => ({
      errorType: String(row.error_type),
      status: Number(row.status),
      count: Number(row.count),
    })),
    trend: daysBetween(since, now).map((day) => {
      const row = trendByDay.get(day);
      const dayRequests = Number(row?.requests ?? 0);
      const dayErrors = Number(row?.errors ?? 0);
      return {
        day,
        requests: dayRequests,
        errors: dayErrors,
        successRate: rate(dayRequests - dayErrors, dayRequests),
      };
    }),
  };
}

/** Streams stored requests oldest first, a page at a time (keyset pagination on time and id). */
export async function* exportRows(
  context: MeteringContext,
  days: number,
  pageSize = 500,
): AsyncIterable<RequestRow> {
  const since = windowStart(context.now(), days);
  let afterStartedAt = -1;
  let afterId = '';
  for (;;) {
    const page = await rows(
      context,
      `SELECT ${requestColumnsSql} FROM requests
       WHERE started_at >= :since AND (started_at > :afterStartedAt OR (started_at = :afterStartedAt AND id > :afterId))
       ORDER BY started_at, id LIMIT :pageSize`,
      { since, afterStartedAt, afterId, pageSize },
    );
    for (const row of page) yield rowFromSql(row);
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    afterStartedAt = Number(last.started_at);
    afterId = String(last.id);
  }
}

/**
 * The newest stored requests that started at or after `since` (epoch ms), at most `limit` of
 * them, oldest first: what a dashboard shows of the time before it connected.
 */
export async function recentRequests(
  context: MeteringContext,
  options: { since: number; limit: number },
): Promise<RequestRow[]> {
  const limit = Math.max(0, Math.floor(options.limit));
  if (limit === 0) return [];
  const newestFirst = await rows(
    context,
    `SELECT ${requestColumnsSql} FROM requests WHERE started_at >= :since
     ORDER BY started_at DESC, id DESC LIMIT :limit`,
    { since: options.since, limit },
  );
  return newestFirst.reverse().map(rowFromSql);
}

/** All stored requests, all time. */
export async function countRequests(context: MeteringContext): Promise<number> {
  const [row] = await rows(context, 'SELECT count(*) AS count FROM requests', {});
  return Number(row?.count ?? 0);
}
