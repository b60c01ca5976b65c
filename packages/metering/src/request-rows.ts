import type { InStatement } from '@libsql/client';
import { utcDay } from './time';
import type { RequestRecord, RequestRow } from './types';

/** A record as queued: the flattened row plus how it counts toward the user's daily usage. */
export interface QueuedRecord {
  row: RequestRow;
  /** 1 when no quota reservation already counted this request. */
  countRequest: 0 | 1;
  /** false when `settleQuota` already added the tokens and cost. */
  countUsage: boolean;
}

function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Copies a record into a flat row so later mutation by the caller cannot change what is stored. */
export function toRequestRow(record: RequestRecord): RequestRow {
  return {
    id: String(record.id),
    startedAt: Math.round(finiteOrZero(record.startedAt)),
    userId: record.userId ?? null,
    sessionId: record.sessionId ?? null,
    claudeModel: String(record.claudeModel ?? ''),
    routedModel: String(record.routedModel ?? ''),
    provider: String(record.provider ?? ''),
    endpoint: String(record.endpoint ?? ''),
    route: record.route ?? null,
    streamed: Boolean(record.streamed),
    status: Math.round(finiteOrZero(record.status)),
    errorType: record.errorType ?? null,
    inputTokens: Math.round(finiteOrZero(record.inputTokens)),
    outputTokens: Math.round(finiteOrZero(record.outputTokens)),
    cacheReadTokens: Math.round(finiteOrZero(record.cacheReadTokens)),
    cacheWriteTokens: Math.round(finiteOrZero(record.cacheWriteTokens)),
    thinkingTokens: Math.round(finiteOrZero(record.thinkingTokens)),
    timeToFirstTokenMs: finiteOrNull(record.timeToFirstTokenMs),
    totalMs: finiteOrZero(record.totalMs),
    parseMs: finiteOrZero(record.phases?.parseMs ?? 0),
    routeMs: finiteOrZero(record.phases?.routeMs ?? 0),
    upstreamWaitMs: finiteOrZero(record.phases?.upstreamWaitMs ?? 0),
    streamMs: finiteOrZero(record.phases?.streamMs ?? 0),
    costUsd: finiteOrNull(record.costUsd),
  };
}

const columns = [
  'id',
  'started_at',
  'user_id',
  'session_id',
  'claude_model',
  'routed_model',
  'provider',
  'endpoint',
  'route',
  'streamed',
  'status',
  'error_type',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'thinking_tokens',
  'time_to_first_token_ms',
  'total_ms',
  'parse_ms',
  'route_ms',
  'upstream_wait_ms',
  'stream_ms',
  'cost_usd',
] as const;

function rowValues(row: RequestRow): (string | number | null)[] {
  return [
    row.id,
    row.startedAt,
    row.userId,
    row.sessionId,
    row.claudeModel,
    row.routedModel,
    row.provider,
    row.endpoint,
    row.route,
    row.streamed ? 1 : 0,
    row.status,
    row.errorType,
    row.inputTokens,
    row.outputTokens,
    row.cacheReadTokens,
    row.cacheWriteTokens,
    row.thinkingTokens,
    row.timeToFirstTokenMs,
    row.totalMs,
    row.parseMs,
    row.routeMs,
    row.upstreamWaitMs,
    row.streamMs,
    row.costUsd,
  ];
}

/** Tokens a request counts against a daily token quota. */
export function quotaTokens(usage: {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}): number {
  return (
    usage.inputTokens + (usage.cacheReadTokens ?? 0) + (usage.cacheWriteTokens ?? 0) + usage.outputTokens
  );
}

/** Adds to a user's daily usage row, creating it when missing. */
export function dailyUsageUpsert(
  userId: string,
  day: string,
  delta: {
    requests: number;
    inputTokens: number;
    outputTokens: number;
    totalTokens: number;
    costUsd: number;
  },
): InStatement {
  return {
    sql:
      'INSERT INTO daily_usage (user_id, day, requests, input_tokens, output_tokens, total_tokens, cost_usd) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, day) DO UPDATE SET ' +
      'requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens, ' +
      'output_tokens = output_tokens + excluded.output_tokens, total_tokens = total_tokens + excluded.total_tokens, ' +
      'cost_usd = cost_usd + excluded.cost_usd',
    args: [
      userId,
      day,
      delta.requests,
      delta.inputTokens,
      delta.outputTokens,
      delta.totalTokens,
      delta.costUsd,
    ],
  };
}

/**
 * The statements that store one batch: a single multi-row insert of the requests (ignoring ids
 * already stored, so a retried batch is harmless) and one usage upsert per user and day.
 */
export function batchStatements(batch: readonly QueuedRecord[]): InStatement[] {
  if (batch.length === 0) return [];
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const insert: InStatement = {
    sql: `INSERT INTO requests (${columns.join(', ')}) VALUES ${batch.map(() => placeholders).join(', ')} ON CONFLICT (id) DO NOTHING`,
    args: batch.flatMap((item) => rowValues(item.row)),
  };
  const usage = new Map<
    string,
    {
      userId: string;
      day: string;
      requests: number;
      inputTokens: number;
      outputTokens: number;
      totalTokens: number;
      costUsd: number;
    }
  >();
  for (const { row, countRequest, countUsage } of batch) {
    if (row.userId === null || (countRequest === 0 && !countUsage)) continue;
    const day = utcDay(row.startedAt);
    const key = `${row.userId}\u0000${day}`;
    const entry = usage.get(key) ?? {
      userId: row.userId,
      day,
      requests: 0,
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      costUsd: 0,
    };
    entry.requests += countRequest;
    if (countUsage) {
      entry.inputTokens += row.inputTokens;
      entry.outputTokens += row.outputTokens;
      entry.totalTokens += quotaTokens(row);
      entry.costUsd += row.costUsd ?? 0;
    }
    usage.set(key, entry);
  }
  return [insert, ...[...usage.values()].map((entry) => dailyUsageUpsert(entry.userId, entry.day, entry))];
}

const sqlColumnToField: Record<(typeof columns)[number], keyof RequestRow> = {
  id: 'id',
  started_at: 'startedAt',
  user_id: 'userId',
  session_id: 'sessionId',
  claude_model: 'claudeModel',
  routed_model: 'routedModel',
  provider: 'provider',
  endpoint: 'endpoint',
  route: 'route',
  streamed: 'streamed',
  status: 'status',
  error_type: 'errorType',
  input_tokens: 'inputTokens',
  output_tokens: 'outputTokens',
  cache_read_tokens: 'cacheReadTokens',
  cache_write_tokens: 'cacheWriteTokens',
  thinking_tokens: 'thinkingTokens',
  time_to_first_token_ms: 'timeToFirstTokenMs',
  total_ms: 'totalMs',
  parse_ms: 'parseMs',
  route_ms: 'routeMs',
  upstream_wait_ms: 'upstreamWaitMs',
  stream_ms: 'streamMs',
  cost_usd: 'costUsd',
};

/** The SQL column list of `requests`, in the order {@link rowFromSql} expects. */
export const requestColumnsSql = columns.join(', ');

/** Field names of an exported row, in column order (the CSV header). */
export const requestRowFields: readonly (keyof RequestRow)[] = columns.map(
  (column) => sqlColumnToField[column],
);

/** Turns a `SELECT ${requestColumnsSql}` result row back into a {@link RequestRow}. */
export function rowFromSql(row: Record<string, unknown>): RequestRow {
  const nullableNumber = (value: unknown): number | null => (value === null ? null : Number(value));
  const nullableString = (value: unknown): string | null => (value === null ? null : String(value));
  return {
    id: String(row.id),
    startedAt: Number(row.started_at),
    userId: nullableString(row.user_id),
    sessionId: nullableString(row.session_id),
    claudeModel: String(row.claude_model),
    routedModel: String(row.routed_model),
    provider: String(row.provider),
    endpoint: String(row.endpoint),
    route: nullableString(row.route),
    streamed: Number(row.streamed) === 1,
    status: Number(row.status),
    errorType: nullableString(row.error_type),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cacheReadTokens: Number(row.cache_read_tokens),
    cacheWriteTokens: Number(row.cache_write_tokens),
    thinkingTokens: Number(row.thinking_tokens),
    timeToFirstTokenMs: nullableNumber(row.time_to_first_token_ms),
    totalMs: Number(row.total_ms),
    parseMs: Number(row.parse_ms),
    routeMs: Number(row.route_ms),
    upstreamWaitMs: Number(row.upstream_wait_ms),
    streamMs: Number(row.stream_ms),
    costUsd: nullableNumber(row.cost_usd),
  };
}
