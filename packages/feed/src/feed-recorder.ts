import {
  type RequestEvent,
  type StatsHistory,
  type StatsSnapshot,
  type StatsTotals,
  feedProtocolVersion,
} from './feed-events';

export interface FeedRecorderOptions {
  /** How many of the most recent requests to keep for new subscribers. Default 50. */
  recentRequestLimit?: number;
  /**
   * Events of requests that finished before the proxy started (numbered, oldest first), such as
   * the ones read back from its store. They lead the recent requests until newer ones push them
   * out, and are counted in the snapshot's `history`, apart from `totals`.
   */
  history?: readonly RequestEvent[];
}

export interface FeedRecorder {
  /** Folds one published event into the totals and the recent-request history. */
  record(event: RequestEvent): void;
  /** The current totals and recent events, for a subscriber that just connected. */
  snapshot(now?: number): StatsSnapshot;
}

const emptyTotals = (): StatsTotals => ({
  requests: 0,
  succeeded: 0,
  failed: 0,
  active: 0,
  inputTokens: 0,
  outputTokens: 0,
  thinkingTokens: 0,
  cacheReadTokens: 0,
  costUsd: 0,
});

/**
 * Keeps running totals and the events of the last requests, so the feed server can greet a new
 * subscriber with a `stats-snapshot` it can render at once.
 *
 * @example
 * const recorder = createFeedRecorder({ recentRequestLimit: 20 });
 * recorder.record(event);
 * recorder.snapshot().totals.requests;
 */
export function createFeedRecorder(options: FeedRecorderOptions = {}): FeedRecorder {
  const limit = Math.max(1, options.recentRequestLimit ?? 50);
  // Insertion order of a Map is the request order, which makes trimming the oldest cheap.
  const requests = new Map<string, RequestEvent[]>();
  const live = createTotalsCounter();
  let history: StatsHistory | undefined;

  function keep(event: RequestEvent): void {
    let events = requests.get(event.requestId);
    if (event.type === 'request-start') {
      events = [];
      requests.delete(event.requestId);
      requests.set(event.requestId, events);
      while (requests.size > limit) {
        const oldest = requests.keys().next().value;
        if (oldest === undefined) break;
        requests.delete(oldest);
      }
    }
    if (!events) return;
    // Only the latest usage update matters to a late subscriber.
    if (event.type === 'usage-update') {
      const previous = events.findIndex((candidate) => candidate.type === 'usage-update');
      if (previous >= 0) events.splice(previous, 1);
    }
    events.push(event);
  }

  if (options.history && options.history.length > 0) {
    const replayed = createTotalsCounter();
    let lastSeq = 0;
    for (const event of options.history) {
      replayed.count(event);
      keep(event);
      lastSeq = Math.max(lastSeq, event.seq);
    }
    // Replayed requests are finished ones; one without its end is not running here.
    history = { totals: { ...replayed.totals, active: 0 }, lastSeq };
  }

  function record(event: RequestEvent): void {
    live.count(event);
    keep(event);
  }

  function snapshot(now = Date.now()): StatsSnapshot {
    const recentEvents = [...requests.values()].flat().sort((left, right) => left.seq - right.seq);
    return {
      protocolVersion: feedProtocolVersion,
      at: now,
      totals: { ...live.totals },
      recentEvents,
      ...(history ? { history: { totals: { ...history.totals }, lastSeq: history.lastSeq } } : {}),
    };
  }

  return { record, snapshot };
}

/** Running totals of requests, counted once each from their start and their end or error. */
function createTotalsCounter() {
  const totals = emptyTotals();
  const active = new Set<string>();
  return {
    totals,
    count(event: RequestEvent): void {
      if (event.type === 'request-start') {
        totals.requests += 1;
        active.add(event.requestId);
      }
      if (event.type === 'request-end' || event.type === 'request-error') {
        if (active.delete(event.requestId)) {
          if (event.type === 'request-end' && event.status < 400) totals.succeeded += 1;
          else totals.failed += 1;
        }
      }
      if (event.type === 'request-end') {
        totals.inputTokens += event.inputTokens;
        totals.outputTokens += event.outputTokens;
        totals.thinkingTokens += event.thinkingTokens;
        totals.cacheReadTokens += event.cacheReadTokens;
        totals.costUsd += event.costUsd ?? 0;
      }
      totals.active = active.size;
    },
  };
}
