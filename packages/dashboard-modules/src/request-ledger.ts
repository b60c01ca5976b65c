import type {
  FeedEvent,
  RequestEndEvent,
  RequestErrorEvent,
  RequestPhase,
  RequestStartEvent,
} from '@ccp/feed';

export type RequestStatus = 'active' | 'succeeded' | 'failed';

/** Everything known about one request, folded from its events. */
export interface RequestRecord {
  start: RequestStartEvent;
  phases: ReadonlyArray<{ phase: RequestPhase; at: number }>;
  outputTokens: number;
  thinkingTokens: number;
  lastUsageAt: number | null;
  status: RequestStatus;
  end: RequestEndEvent | null;
  error: RequestErrorEvent | null;
  /** Time of the last event seen for the request, used as "now" when rendering a recording. */
  lastEventAt: number;
}

/** The recent requests, oldest first, bounded to `limit`. */
export interface RequestLedger {
  readonly records: ReadonlyMap<string, RequestRecord>;
  readonly order: readonly string[];
  readonly limit: number;
  /** Time of the newest event folded in. */
  readonly latestAt: number;
}

export function createRequestLedger(limit = 50): RequestLedger {
  return { records: new Map(), order: [], limit: Math.max(1, limit), latestAt: 0 };
}

/**
 * Folds one feed event into the ledger. A `stats-snapshot` replaces the ledger with the
 * requests it carries. Events for requests the ledger never saw start are ignored.
 */
export function reduceRequestLedger(ledger: RequestLedger, event: FeedEvent): RequestLedger {
  if (event.type === 'stats-snapshot') {
    return event.recentEvents.reduce(reduceRequestLedger, createRequestLedger(ledger.limit));
  }
  if (event.type === 'request-start') {
    const record: RequestRecord = {
      start: event,
      phases: [],
      outputTokens: 0,
      thinkingTokens: 0,
      lastUsageAt: null,
      status: 'active',
      end: null,
      error: null,
      lastEventAt: event.startedAt,
    };
    const order = ledger.records.has(event.requestId)
      ? [...ledger.order.filter((id) => id !== event.requestId), event.requestId]
      : [...ledger.order, event.requestId];
    const records = new Map(ledger.records).set(event.requestId, record);
    while (order.length > ledger.limit) {
      const dropped = order.shift();
      if (dropped !== undefined) records.delete(dropped);
    }
    return { ...ledger, records, order, latestAt: Math.max(ledger.latestAt, event.startedAt) };
  }
  const current = ledger.records.get(event.requestId);
  if (!current) return ledger;
  let next: RequestRecord;
  switch (event.type) {
    case 'request-phase':
      next = { ...current, phases: [...current.phases, { phase: event.phase, at: event.at }] };
      break;
    case 'usage-update':
      next = {
        ...current,
        outputTokens: Math.max(current.outputTokens, event.outputTokens),
        thinkingTokens: Math.max(current.thinkingTokens, event.thinkingTokens),
        lastUsageAt: event.at,
      };
      break;
    case 'request-end':
      next = {
        ...current,
        status: event.status < 400 ? 'succeeded' : 'failed',
        end: event,
        outputTokens: event.outputTokens,
        thinkingTokens: event.thinkingTokens,
      };
      break;
    case 'request-error':
      next = { ...current, status: 'failed', error: event };
      break;
  }
  next = { ...next, lastEventAt: Math.max(current.lastEventAt, event.at) };
  return {
    ...ledger,
    records: new Map(ledger.records).set(event.requestId, next),
    latestAt: Math.max(ledger.latestAt, event.at),
  };
}

/** Records newest first. */
export function newestRecords(ledger: RequestLedger): RequestRecord[] {
  const records: RequestRecord[] = [];
  for (let index = ledger.order.length - 1; index >= 0; index -= 1) {
    const record = ledger.records.get(ledger.order[index] ?? '');
    if (record) records.push(record);
  }
  return records;
}

/** How long a request ran, or has been running at `now`. */
export function requestDuration(record: RequestRecord, now: number): number {
  if (record.end) return record.end.durationMs;
  if (record.error) return record.error.durationMs;
  return Math.max(0, now - record.start.startedAt);
}

/** Input tokens the request filled its context with: exact when ended, else the estimate. */
export function contextTokens(record: RequestRecord): number {
  if (!record.end) return record.start.estimatedInputTokens;
  return record.end.inputTokens + record.end.cacheReadTokens + record.end.cacheWriteTokens;
}

/** Output rate: after the first token for finished requests, since receiving began for live ones. */
export function requestTokensPerSecond(record: RequestRecord, now: number): number | null {
  if (record.end) {
    const generating = record.end.durationMs - (record.end.timeToFirstTokenMs ?? 0);
    return _rate(record.end.outputTokens, generating);
  }
  if (record.error) return null;
  const receiving = record.phases.find((entry) => entry.phase === 'receive')?.at ?? record.start.startedAt;
  const until = record.lastUsageAt ?? now;
  return _rate(record.outputTokens + record.thinkingTokens, until - receiving);
}

function _rate(tokens: number, milliseconds: number): number | null {
  if (milliseconds < 50 || tokens <= 0) return null;
  return (tokens * 1000) / milliseconds;
}

/** The phase a live request is in now. */
export function currentPhase(record: RequestRecord): RequestPhase | null {
  return record.phases.at(-1)?.phase ?? null;
}
