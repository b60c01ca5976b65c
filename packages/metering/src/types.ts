/** What the proxy hands to {@link Meter.record} at the end of each `/v1/messages` request. */
export interface RequestRecord {
  id: string;
  /** Epoch milliseconds. */
  startedAt: number;
  userId: string | null;
  sessionId: string | null;
  claudeModel: string;
  routedModel: string;
  provider: string;
  /** Upstream base URL, without secrets. */
  endpoint: string;
  streamed: boolean;
  status: number;
  errorType: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  thinkingTokens: number;
  timeToFirstTokenMs: number | null;
  totalMs: number;
  phases: { parseMs: number; routeMs: number; upstreamWaitMs: number; streamMs: number };
  costUsd: number | null;
  /** The routing rule that chose the model, when one did. */
  route?: string | null;
  /**
   * True when the request failed for a reason that is not the caller's (the upstream or the proxy
   * failed): its quota reservation is given back, once, when the record is stored, so it does not
   * count against the user's daily request quota. Tokens and cost it did use still count.
   */
  refundsQuota?: boolean;
}

/** A stored request, flattened (one column per field), as the export and analytics return it. */
export interface RequestRow {
  id: string;
  startedAt: number;
  userId: string | null;
  sessionId: string | null;
  claudeModel: string;
  routedModel: string;
  provider: string;
  endpoint: string;
  route: string | null;
  streamed: boolean;
  status: number;
  errorType: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  thinkingTokens: number;
  timeToFirstTokenMs: number | null;
  totalMs: number;
  parseMs: number;
  routeMs: number;
  upstreamWaitMs: number;
  streamMs: number;
  costUsd: number | null;
}

/** Health of the asynchronous writer. */
export interface MeterStats {
  /** Records waiting to be written. */
  queued: number;
  /** Records written to the database. */
  written: number;
  /** Records refused because the queue was full (bounded memory). */
  dropped: number;
  /** Records lost because a batch failed twice. */
  failed: number;
  /** Records found in the journal at open (left by a process that stopped before storing them) and stored. */
  replayed: number;
}

export interface Summary {
  days: number;
  since: string;
  requests: number;
  successes: number;
  errors: number;
  successRate: number | null;
  streamedRequests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  thinkingTokens: number;
  costUsd: number;
  averageTotalMs: number | null;
  averageTimeToFirstTokenMs: number | null;
  p50TotalMs: number | null;
  p95TotalMs: number | null;
  users: number;
  sessions: number;
  topModels: { routedModel: string; provider: string; requests: number; costUsd: number }[];
}

export type TimeseriesInterval = 'hour' | 'day';

export interface TimeseriesPoint {
  /** Bucket start, ISO 8601 UTC. */
  bucket: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  averageTotalMs: number | null;
  averageTimeToFirstTokenMs: number | null;
}

export interface Timeseries {
  days: number;
  interval: TimeseriesInterval;
  points: TimeseriesPoint[];
}

export interface CostLine {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Requests whose cost is unknown (no catalog price). */
  unpricedRequests: number;
}

export interface CostBreakdown {
  days: number;
  totalCostUsd: number;
  byModel: (CostLine & { routedModel: string; provider: string })[];
  byProvider: (CostLine & { provider: string })[];
  byDay: (CostLine & { day: string })[];
}

export interface ErrorReport {
  days: number;
  requests: number;
  errors: number;
  successRate: number | null;
  byType: { errorType: string; status: number; count: number }[];
  trend: { day: string; requests: number; errors: number; successRate: number | null }[];
}

export interface User {
  id: string;
  username: string;
  email: string | null;
  createdAt: number;
  disabledAt: number | null;
  quotaRequests: number | null;
  quotaTokens: number | null;
  quotaCost: number | null;
}

export interface CreateUserInput {
  username: string;
  email?: string | null;
  /** Requests per UTC day. */
  quotaRequests?: number | null;
  /** Tokens per UTC day. */
  quotaTokens?: number | null;
  /** US dollars per UTC calendar month. */
  quotaCost?: number | null;
}

export type QuotaLimit = 'requests' | 'tokens' | 'cost';

export interface QuotaReservation {
  userId: string;
  /** UTC day the request was counted on. */
  day: string;
  requestId: string | null;
}

export type QuotaDecision =
  | { ok: true; reservation: QuotaReservation }
  | { ok: false; limit: QuotaLimit; resetsAt: Date; message: string };

export interface QuotaUsageCounter {
  used: number;
  limit: number | null;
  remaining: number | null;
  resetsAt: string;
}

export interface QuotaStatus {
  userId: string;
  requests: QuotaUsageCounter;
  tokens: QuotaUsageCounter;
  cost: QuotaUsageCounter;
}

export interface DailyUsageRow {
  day: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
}

export interface UsageSettlement {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  costUsd: number | null;
}

export type BenchmarkPromptKind = 'short-answer' | 'long-answer' | 'tool-call' | 'reasoning';

export interface BenchmarkResultInput {
  runId: string;
  model: string;
  promptKind: string;
  iteration: number;
  timeToFirstTokenMs: number | null;
  totalMs: number;
  outputTokens: number;
  success: boolean;
  error?: string | null;
}

export interface BenchmarkResult extends BenchmarkResultInput {
  tokensPerSecond: number | null;
  error: string | null;
  createdAt: number;
}

export type BenchmarkRunStatus = 'running' | 'completed' | 'failed';

export interface BenchmarkRun {
  id: string;
  kind: 'run' | 'compare';
  models: string[];
  iterations: number;
  status: BenchmarkRunStatus;
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
}

export interface BenchmarkModelSummary {
  model: string;
  runs: number;
  successes: number;
  successRate: number | null;
  averageTimeToFirstTokenMs: number | null;
  averageTotalMs: number | null;
  averageTokensPerSecond: number | null;
}

export interface BenchmarkRunDetail extends BenchmarkRun {
  results: BenchmarkResult[];
  summary: BenchmarkModelSummary[];
}

/** The metering store: request records, analytics, users, keys, quotas and benchmarks. */
export interface Meter {
  /** Enqueues a record. Synchronous; never throws; never waits for the database. */
  record(record: RequestRecord): void;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  /** Flushes, stops the timer and closes the database. */
  close(): Promise<void>;
  stats(): MeterStats;

  summary(days: number): Promise<Summary>;
  timeseries(days: number, interval: TimeseriesInterval): Promise<Timeseries>;
  costBreakdown(days: number): Promise<CostBreakdown>;
  errors(days: number): Promise<ErrorReport>;
  /** Streams stored requests of the last `days` days, oldest first, page by page. */
  exportRows(days: number): AsyncIterable<RequestRow>;
  /** Number of stored requests (all time). */
  countRequests(): Promise<number>;
  /**
   * The newest stored requests that started at or after `since` (epoch ms), at most `limit`,
   * oldest first. Records still queued are not among them.
   */
  recentRequests(options: { since: number; limit: number }): Promise<RequestRow[]>;

  createUser(input: CreateUserInput): Promise<{ user: User; apiKey: string }>;
  listUsers(): Promise<User[]>;
  getUser(userId: string): Promise<User | null>;
  disableUser(userId: string): Promise<User | null>;
  rotateKey(userId: string): Promise<{ user: User; apiKey: string } | null>;
  /** The active user owning `apiKey`, or `null`. Constant-time hash comparison. */
  authenticate(apiKey: string): Promise<User | null>;
  /**
   * Whether any user exists. Meant to be asked before every request until one does: each ask
   * reads the database (one plain statement), so a user created by any process sharing it
   * counts at once; once one exists the answer is kept.
   */
  hasUsers(): Promise<boolean>;

  /** Atomically admits one request against the user's quotas (across processes). */
  reserveQuota(userId: string, options?: { requestId?: string }): Promise<QuotaDecision>;
  /** Adds a finished request's tokens and cost to the user's daily usage right away. */
  settleQuota(reservation: QuotaReservation, usage: UsageSettlement): Promise<void>;
  quotaStatus(userId: string): Promise<QuotaStatus | null>;
  dailyUsage(userId: string, days: number): Promise<DailyUsageRow[]>;

  createBenchmarkRun(input: {
    kind: 'run' | 'compare';
    models: string[];
    iterations: number;
  }): Promise<BenchmarkRun>;
  recordBenchmarkResult(result: BenchmarkResultInput): Promise<void>;
  finishBenchmarkRun(
    runId: string,
    outcome: { status: 'completed' | 'failed'; error?: string | null },
  ): Promise<void>;
  listBenchmarkRuns(): Promise<BenchmarkRun[]>;
  getBenchmarkRun(runId: string): Promise<BenchmarkRunDetail | null>;
}
