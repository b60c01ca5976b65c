import type { FeedEvent } from '@ccp/feed';
import { describe, expect, it } from 'vitest';
import { addToTrends, createRequestTrends, trendLength } from './request-trends';

const end = (
  requestId: string,
  durationMs: number,
  outputTokens: number,
  status = 200,
  at = 0,
): FeedEvent => ({
  type: 'request-end',
  seq: 1,
  requestId,
  status,
  inputTokens: 10,
  outputTokens,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  thinkingTokens: 0,
  costUsd: null,
  durationMs,
  timeToFirstTokenMs: 200,
  stopReason: 'end_turn',
  at,
});

describe('request trends', () => {
  it('charts successful requests: latency and output speed after the first token', () => {
    const trends = createRequestTrends();
    addToTrends(trends, end('a', 1200, 100, 200, 1_000));
    addToTrends(trends, end('b', 900, 0, 200, 2_000));
    addToTrends(trends, end('c', 500, 9, 529, 3_000));
    expect(trends).toEqual({ latencyMs: [1200, 900], tokensPerSecond: [100, 0], endedAt: [1_000, 2_000] });
  });

  it('starts over from a snapshot, and keeps a bounded history', () => {
    const trends = createRequestTrends();
    for (let index = 0; index < trendLength + 10; index++)
      addToTrends(trends, end(`r${index}`, index + 300, 50, 200, index));
    expect(trends.latencyMs).toHaveLength(trendLength);
    expect(trends.latencyMs[0]).toBe(310);
    expect(trends.endedAt).toHaveLength(trendLength);
    expect(trends.endedAt[0]).toBe(10);
    addToTrends(trends, {
      type: 'stats-snapshot',
      seq: 2,
      protocolVersion: 1,
      at: 0,
      totals: {
        requests: 1,
        succeeded: 1,
        failed: 0,
        active: 0,
        inputTokens: 0,
        outputTokens: 0,
        thinkingTokens: 0,
        cacheReadTokens: 0,
        costUsd: 0,
      },
      recentEvents: [end('s', 700, 50, 200, 5_000) as never],
    } as FeedEvent);
    expect(trends).toEqual({ latencyMs: [700], tokensPerSecond: [100], endedAt: [5_000] });
  });
});
