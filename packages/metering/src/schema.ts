import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** One row per proxied `/v1/messages` request. Times are epoch milliseconds (UTC). */
export const requests = sqliteTable(
  'requests',
  {
    id: text('id').primaryKey(),
    startedAt: integer('started_at').notNull(),
    userId: text('user_id'),
    sessionId: text('session_id'),
    claudeModel: text('claude_model').notNull(),
    routedModel: text('routed_model').notNull(),
    provider: text('provider').notNull(),
    endpoint: text('endpoint').notNull(),
    route: text('route'),
    streamed: integer('streamed', { mode: 'boolean' }).notNull(),
    status: integer('status').notNull(),
    errorType: text('error_type'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    cacheReadTokens: integer('cache_read_tokens').notNull().default(0),
    cacheWriteTokens: integer('cache_write_tokens').notNull().default(0),
    thinkingTokens: integer('thinking_tokens').notNull().default(0),
    timeToFirstTokenMs: real('time_to_first_token_ms'),
    totalMs: real('total_ms').notNull(),
    parseMs: real('parse_ms').notNull().default(0),
    routeMs: real('route_ms').notNull().default(0),
    upstreamWaitMs: real('upstream_wait_ms').notNull().default(0),
    streamMs: real('stream_ms').notNull().default(0),
    costUsd: real('cost_usd'),
  },
  (table) => [
    index('requests_started_at_idx').on(table.startedAt),
    index('requests_user_started_at_idx').on(table.userId, table.startedAt),
  ],
);

/** Proxy users. Quotas are optional; `null` means unlimited. */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    email: text('email'),
    createdAt: integer('created_at').notNull(),
    disabledAt: integer('disabled_at'),
    /** Requests per UTC day. */
    quotaRequests: integer('quota_requests'),
    /** Tokens (input + cache + output) per UTC day. */
    quotaTokens: integer('quota_tokens'),
    /** US dollars per UTC calendar month. */
    quotaCost: real('quota_cost'),
  },
  (table) => [uniqueIndex('users_username_idx').on(table.username)],
);

/** API keys, stored only as SHA-256 hashes; the prefix finds the candidate rows. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (table) => [index('api_keys_prefix_idx').on(table.prefix), index('api_keys_user_idx').on(table.userId)],
);

/** Per-user usage per UTC day (`YYYY-MM-DD`); the quota counters live here. */
export const dailyUsage = sqliteTable(
  'daily_usage',
  {
    userId: text('user_id').notNull(),
    day: text('day').notNull(),
    requests: integer('requests').notNull().default(0),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    totalTokens: integer('total_tokens').notNull().default(0),
    costUsd: real('cost_usd').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.userId, table.day] })],
);

/** One benchmark run (a single model, or a comparison of several). */
export const benchmarkRuns = sqliteTable('benchmark_runs', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  models: text('models').notNull(),
  iterations: integer('iterations').notNull(),
  status: text('status').notNull(),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
  error: text('error'),
});

/** One prompt run of a benchmark. */
export const benchmarkResults = sqliteTable(
  'benchmark_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: text('run_id')
      .notNull()
      .references(() => benchmarkRuns.id),
    model: text('model').notNull(),
    promptKind: text('prompt_kind').notNull(),
    iteration: integer('iteration').notNull(),
    timeToFirstTokenMs: real('time_to_first_token_ms'),
    totalMs: real('total_ms').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    tokensPerSecond: real('tokens_per_second'),
    success: integer('success', { mode: 'boolean' }).notNull(),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('benchmark_results_run_idx').on(table.runId)],
);
