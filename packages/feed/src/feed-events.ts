import * as v from 'valibot';

/** The steps of one request, in the order the proxy passes through them. */
export const requestPhaseNames = ['parse', 'route', 'think', 'send', 'wait', 'receive', 'done'] as const;

/** Version of the feed protocol, sent in every `stats-snapshot` so clients can detect a mismatch. */
export const feedProtocolVersion = 1;

const nonNegativeNumber = v.pipe(v.number(), v.minValue(0));
const nullableNonNegativeNumber = v.nullable(nonNegativeNumber);
/** Epoch milliseconds. */
const timestamp = nonNegativeNumber;
const sequence = v.pipe(v.number(), v.integer(), v.minValue(0));

export const RequestPhaseSchema = v.picklist(requestPhaseNames);

export const RequestStartEventSchema = v.object({
  type: v.literal('request-start'),
  seq: sequence,
  requestId: v.string(),
  /** Claude Code's `x-claude-code-session-id` header; null for other clients. */
  sessionId: v.nullable(v.string()),
  claudeModel: v.string(),
  routedModel: v.string(),
  provider: v.string(),
  /** Upstream base URL without credentials or query. */
  endpoint: v.string(),
  streamed: v.boolean(),
  startedAt: timestamp,
  estimatedInputTokens: nonNegativeNumber,
  contextWindow: nullableNonNegativeNumber,
  maxOutputTokens: nullableNonNegativeNumber,
  reasoning: v.object({
    effort: v.nullable(v.string()),
    budgetTokens: nullableNonNegativeNumber,
  }),
  /** Why the model was chosen (tier name, task route such as `background` or `long-context`). */
  route: v.nullable(v.string()),
});

export const RequestPhaseEventSchema = v.object({
  type: v.literal('request-phase'),
  seq: sequence,
  requestId: v.string(),
  phase: RequestPhaseSchema,
  at: timestamp,
});

export const UsageUpdateEventSchema = v.object({
  type: v.literal('usage-update'),
  seq: sequence,
  requestId: v.string(),
  outputTokens: nonNegativeNumber,
  thinkingTokens: nonNegativeNumber,
  at: timestamp,
});

export const RequestEndEventSchema = v.object({
  type: v.literal('request-end'),
  seq: sequence,
  requestId: v.string(),
  status: v.number(),
  inputTokens: nonNegativeNumber,
  outputTokens: nonNegativeNumber,
  cacheReadTokens: nonNegativeNumber,
  cacheWriteTokens: nonNegativeNumber,
  thinkingTokens: nonNegativeNumber,
  costUsd: nullableNonNegativeNumber,
  durationMs: nonNegativeNumber,
  timeToFirstTokenMs: nullableNonNegativeNumber,
  stopReason: v.nullable(v.string()),
  at: timestamp,
});

export const RequestErrorEventSchema = v.object({
  type: v.literal('request-error'),
  seq: sequence,
  requestId: v.string(),
  status: v.number(),
  /** Anthropic error type, such as `overloaded_error`. */
  errorType: v.string(),
  message: v.string(),
  durationMs: nonNegativeNumber,
  at: timestamp,
});

export const RequestEventSchema = v.variant('type', [
  RequestStartEventSchema,
  RequestPhaseEventSchema,
  UsageUpdateEventSchema,
  RequestEndEventSchema,
  RequestErrorEventSchema,
]);

export const StatsTotalsSchema = v.object({
  requests: nonNegativeNumber,
  succeeded: nonNegativeNumber,
  failed: nonNegativeNumber,
  active: nonNegativeNumber,
  inputTokens: nonNegativeNumber,
  outputTokens: nonNegativeNumber,
  thinkingTokens: nonNegativeNumber,
  cacheReadTokens: nonNegativeNumber,
  costUsd: nonNegativeNumber,
});

/** Requests read back from the proxy's store when it started, as a snapshot carries them. */
export const StatsHistorySchema = v.object({
  /** What the replayed requests add up to. */
  totals: StatsTotalsSchema,
  /** The seq of the last replayed event: events in `recentEvents` up to it are history. */
  lastSeq: sequence,
});

export const StatsSnapshotEventSchema = v.object({
  type: v.literal('stats-snapshot'),
  /** The seq of the last event already folded into this snapshot; later events have a larger seq. */
  seq: sequence,
  protocolVersion: v.number(),
  at: timestamp,
  totals: StatsTotalsSchema,
  /** The events of the most recent requests, oldest first, so a new subscriber can fold them. */
  recentEvents: v.array(RequestEventSchema),
  /**
   * Requests that finished before this proxy started, read back from its store so a dashboard
   * opened after a restart still shows them. They are counted here, not in `totals`; their events
   * come first in `recentEvents` while they are among the recent requests. Absent when none were.
   */
  history: v.optional(StatsHistorySchema),
});

export const FeedEventSchema = v.variant('type', [
  RequestStartEventSchema,
  RequestPhaseEventSchema,
  UsageUpdateEventSchema,
  RequestEndEventSchema,
  RequestErrorEventSchema,
  StatsSnapshotEventSchema,
]);

export type RequestPhase = v.InferOutput<typeof RequestPhaseSchema>;
export type RequestStartEvent = v.InferOutput<typeof RequestStartEventSchema>;
export type RequestPhaseEvent = v.InferOutput<typeof RequestPhaseEventSchema>;
export type UsageUpdateEvent = v.InferOutput<typeof UsageUpdateEventSchema>;
export type RequestEndEvent = v.InferOutput<typeof RequestEndEventSchema>;
export type RequestErrorEvent = v.InferOutput<typeof RequestErrorEventSchema>;
/** Events about one request (everything except the snapshot). */
export type RequestEvent = v.InferOutput<typeof RequestEventSchema>;
export type StatsTotals = v.InferOutput<typeof StatsTotalsSchema>;
export type StatsHistory = v.InferOutput<typeof StatsHistorySchema>;
export type StatsSnapshotEvent = v.InferOutput<typeof StatsSnapshotEventSchema>;
/** Every message a feed subscriber can receive. */
export type FeedEvent = v.InferOutput<typeof FeedEventSchema>;
export type FeedEventType = FeedEvent['type'];

/** What the proxy hands to `publish`: an event without its `seq`, which the feed assigns. */
export type RequestEventInput = RequestEvent extends infer E
  ? E extends RequestEvent
    ? Omit<E, 'seq'>
    : never
  : never;

/** What a `snapshot` provider returns: the snapshot without `type` and `seq`, which the feed adds. */
export type StatsSnapshot = Omit<StatsSnapshotEvent, 'type' | 'seq'>;

/**
 * Validates one decoded feed message. Returns null for anything that is not a valid event, so a
 * client can skip messages from a newer proxy instead of crashing.
 *
 * @example parseFeedEvent(JSON.parse(message))?.type // 'request-start'
 */
export function parseFeedEvent(value: unknown): FeedEvent | null {
  const result = v.safeParse(FeedEventSchema, value);
  return result.success ? result.output : null;
}

/**
 * What a dashboard counts: the snapshot's totals plus those of the requests replayed from the
 * store, so the numbers match the requests it lists.
 *
 * @example totalsWithHistory(snapshot).requests // 212: 200 from before the restart, 12 since
 */
export function totalsWithHistory(snapshot: Pick<StatsSnapshot, 'totals' | 'history'>): StatsTotals {
  const { totals, history } = snapshot;
  if (!history) return { ...totals };
  const sum = { ...totals };
  for (const key of Object.keys(sum) as (keyof StatsTotals)[]) sum[key] += history.totals[key];
  return sum;
}

/**
 * The snapshot of the running proxy alone: the replayed history taken out of its events and
 * totals. For numbers about this process, such as `/api/status` beside the uptime.
 *
 * @example withoutHistory(snapshot).recentEvents.every((event) => event.seq > lastSeq) // true
 */
export function withoutHistory(snapshot: StatsSnapshotEvent): StatsSnapshotEvent {
  const { history, ...live } = snapshot;
  if (!history) return snapshot;
  return { ...live, recentEvents: live.recentEvents.filter((event) => event.seq > history.lastSeq) };
}
