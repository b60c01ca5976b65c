import { describe, expect, it } from 'vitest';
import { parseFeedEvent } from './feed-events';
import { startInput } from '../test/feed-test-helpers';

describe('parseFeedEvent', () => {
  it('accepts a valid request-start', () => {
    const event = { ...startInput('req_1', 'session-1'), seq: 3 };
    expect(parseFeedEvent(event)).toEqual(event);
  });

  it('rejects an unknown type, a wrong phase and a missing field', () => {
    expect(parseFeedEvent({ type: 'request-started', seq: 1, requestId: 'x' })).toBeNull();
    expect(parseFeedEvent({ type: 'request-phase', seq: 1, requestId: 'x', phase: 'nap', at: 1 })).toBeNull();
    const { routedModel: _omitted, ...withoutModel } = { ...startInput('req_1'), seq: 1 };
    expect(parseFeedEvent(withoutModel)).toBeNull();
    expect(parseFeedEvent('not an object')).toBeNull();
  });

  it('accepts a snapshot holding recent events', () => {
    const snapshot = {
      type: 'stats-snapshot',
      seq: 2,
      protocolVersion: 1,
      at: 10,
      totals: {
        requests: 1,
        succeeded: 0,
        failed: 0,
        active: 1,
        inputTokens: 0,
        outputTokens: 0,
        thinkingTokens: 0,
        cacheReadTokens: 0,
        costUsd: 0,
      },
      recentEvents: [{ ...startInput('req_1'), seq: 1 }],
    };
    expect(parseFeedEvent(snapshot)?.type).toBe('stats-snapshot');
    expect(parseFeedEvent({ ...snapshot, recentEvents: [{ type: 'bogus' }] })).toBeNull();
    const history = { totals: { ...snapshot.totals, active: 0 }, lastSeq: 1 };
    expect(parseFeedEvent({ ...snapshot, history })).toMatchObject({ history });
    expect(parseFeedEvent({ ...snapshot, history: { totals: snapshot.totals } })).toBeNull();
  });
});
