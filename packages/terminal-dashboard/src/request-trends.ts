import type { FeedEvent, RequestEndEvent } from '@ccp/feed';

/** Per finished request, oldest first: what the trends view charts. */
export interface RequestTrends {
  /** Total time of each successful request, in ms. */
  latencyMs: number[];
  /** Output tokens per second after the first token (0 when too short to tell). */
  tokensPerSecond: number[];
  /** When each request ended, in epoch ms. */
  endedAt: number[];
}

/** Requests kept: more than any terminal is wide. */
export const trendLength = 240;

export function createRequestTrends(): RequestTrends {
  return { latencyMs: [], tokensPerSecond: [], endedAt: [] };
}

/**
 * Adds a finished request to the trends (in place); a `stats-snapshot` starts them over from the
 * requests it carries. Failed requests are left out: their time says nothing about speed.
 */
export function addToTrends(trends: RequestTrends, event: FeedEvent): void {
  if (event.type === 'stats-snapshot') {
    trends.latencyMs.length = 0;
    trends.tokensPerSecond.length = 0;
    trends.endedAt.length = 0;
    for (const recent of event.recentEvents) addToTrends(trends, recent);
    return;
  }
  if (event.type !== 'request-end' || event.status >= 400) return;
  trends.latencyMs.push(Math.round(event.durationMs));
  trends.tokensPerSecond.push(_tokensPerSecond(event));
  trends.endedAt.push(event.at);
  if (trends.latencyMs.length > trendLength) {
    trends.latencyMs.shift();
    trends.tokensPerSecond.shift();
    trends.endedAt.shift();
  }
}

function _tokensPerSecond(end: RequestEndEvent): number {
  const generatingMs = end.durationMs - (end.timeToFirstTokenMs ?? 0);
  if (generatingMs < 50 || end.outputTokens <= 0) return 0;
  return Math.round((end.outputTokens * 1000) / generatingMs);
}
