import type { InStatement } from '@libsql/client';
import { utcDay } from './time';
import type { RequestRecord, RequestRow } from './types';

/** A record as queued (and journaled): the flattened row plus how it counts toward the user's daily usage. */
export interface QueuedRecord {
  row: RequestRow;
  /**
   * What the request adds to the user's request count: 1 when no quota reservation counted it,
   * 0 when one did, -1 when that reservation is given back (the request failed for a reason
   * that is not the caller's).
   */
  requestDelta: -1 | 0 | 1;
  /** The UTC day `requestDelta` applies to: the reservation's day, else the row's. */
  requestDay: string;
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

type UsageDelta = {
  requestId: string;
  userId: string;
  day: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
};

const zeroUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0 };

/** The usage changes of one record: one per day it touches (the reservation's day may differ). */
function usageDeltas({ row, requestDelta, requestDay, countUsage }: QueuedRecord): UsageDelta[] {
  if (row.userId === null) return [];
  const rowDay = utcDay(row.startedAt);
  const usage = countUsage
    ? {
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
        totalTokens: quotaTokens(row),
        costUsd: row.costUsd ?? 0,
      }
    : zeroUsage;
  const deltas: UsageDelta[] = [];
  const base = { requestId: row.id, userId: row.userId };
  if (requestDay === rowDay) deltas.push({ ...base, day: rowDay, requests: requestDelta, ...usage });
  else {
    deltas.push({ ...base, day: requestDay, requests: requestDelta, ...zeroUsage });
    deltas.push({ ...base, day: rowDay, requests: 0, ...usage });
  }
  return deltas.filter(
    (delta) =>
      delta.requests !== 0 ||
      delta.inputTokens !== 0 ||
      delta.outputTokens !== 0 ||
      delta.totalTokens !== 0 ||
      delta.costUsd !== 0,
  );
}

/**
 * Adds the usage of the batch's requests that are not stored yet, summed per user and day. Run
 * before the insert of the rows in the same transaction, so a request counts exactly once however
 * often its record is written: a retried batch, a journal replayed after a crash, or the same
 * journal replayed by two processes.
 */
function usageStatement(deltas: readonly UsageDelta[]): InStatement {
  const tuple = '(?, ?, ?, ?, ?, ?, ?, ?)';
  return {
    sql:
      'INSERT INTO daily_usage (user_id, day, requests, input_tokens, output_tokens, total_tokens, cost_usd) ' +
      'SELECT incoming.column2, incoming.column3, sum(incoming.column4), sum(incoming.column5), ' +
      'sum(incoming.column6), sum(incoming.column7), sum(incoming.column8) ' +
      `FROM (VALUES ${deltas.map(() => tuple).join(', ')}) AS incoming ` +
      'WHERE NOT EXISTS (SELECT 1 FROM requests WHERE requests.id = incoming.column1) ' +
      'GROUP BY incoming.column2, incoming.column3 ' +
      'ON CONFLICT (user_id, day) DO UPDATE SET ' +
      'requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens, ' +
      'output_tokens = output_tokens + excluded.output_tokens, total_tokens = total_tokens + excluded.total_tokens, ' +
      'cost_usd = cost_usd + excluded.cost_usd',
    args: deltas.flatMap((delta) => [
      delta.requestId,
      delta.userId,
      delta.day,
      delta.requests,
      delta.inputTokens,
      delta.outputTokens,
      delta.totalTokens,
      delta.costUsd,
    ]),
  };
}

/**
 * The statements that store one batch, idempotently: the usage of requests not stored yet, then
 * a single multi-row insert of the requests that ignores ids already stored. The first record of
 * an id wins within a batch.
 */
export function batchStatements(batch: readonly QueuedRecord[]): InStatement[] {
  const seen = new Set<string>();
  const records = batch.filter((record) => {
    if (seen.has(record.row.id)) return false;
    seen.add(record.row.id);
    return true;
  });
  if (records.length === 0) return [];
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const insert: InStatement = {
    sql: `INSERT INTO requests (${columns.join(', ')}) VALUES ${records.map(() => placeholders).join(', ')} ON CONFLICT (id) DO NOTHING`,
    args: records.flatMap((record) => rowValues(record.row)),
  };
  const deltas = records.flatMap(usageDeltas);
  return deltas.length > 0 ? [usageStatement(deltas), insert] : [insert];
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
