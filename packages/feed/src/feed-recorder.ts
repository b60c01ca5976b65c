import { type RequestEvent, type StatsSnapshot, type StatsTotals, feedProtocolVersion } from './feed-events';

export interface FeedRecorderOptions {
  /** How many of the most recent requests to keep for new subscribers. Default 50. */
  recentRequestLimit?: number;
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
  const totals = emptyTotals();
  // Insertion order of a Map is the request order, which makes trimming the oldest cheap.
  const requests = new Map<string, RequestEvent[]>();
  const active = new Set<string>();

  function record(event: RequestEvent): void {
    let events = requests.get(event.requestId);
    if (event.type === 'request-start') {
      totals.requests += 1;
      active.add(event.requestId);
      events = [];
      requests.delete(event.requestId);
      requests.set(event.requestId, events);
      while (requests.size > limit) {
        const oldest = requests.keys().next().value;
        if (oldest === undefined) break;
        requests.delete(oldest);
      }
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
    if (!events) return;
    // Only the latest usage update matters to a late subscriber.
    if (event.type === 'usage-update') {
      const previous = events.findIndex((candidate) => candidate.type === 'usage-update');
      if (previous >= 0) events.splice(previous, 1);
    }
    events.push(event);
  }

  function snapshot(now = Date.now()): StatsSnapshot {
    const recentEvents = [...requests.values()].flat().sort((left, right) => left.seq - right.seq);
    return { protocolVersion: feedProtocolVersion, at: now, totals: { ...totals }, recentEvents };
  }

  return { record, snapshot };
}
