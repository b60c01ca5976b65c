import { describe, expect, it } from 'vitest';
import { type RequestEvent, type RequestEventInput, totalsWithHistory, withoutHistory } from './feed-events';
import { createFeedRecorder } from './feed-recorder';
import { startInput } from '../test/feed-test-helpers';

let seq = 0;
const numbered = (event: RequestEventInput): RequestEvent => ({ ...event, seq: ++seq }) as RequestEvent;

const end = (requestId: string, status: number, costUsd: number | null): RequestEventInput => ({
  type: 'request-end',
  requestId,
  status,
  inputTokens: 100,
  outputTokens: 50,
  cacheReadTokens: 10,
  cacheWriteTokens: 0,
  thinkingTokens: 5,
  costUsd,
  durationMs: 1000,
  timeToFirstTokenMs: 200,
  stopReason: 'end_turn',
  at: 2,
});

describe('createFeedRecorder', () => {
  it('counts totals and keeps only the last requests', () => {
    const recorder = createFeedRecorder({ recentRequestLimit: 2 });
    for (const id of ['a', 'b', 'c']) recorder.record(numbered(startInput(id)));
    recorder.record(numbered(end('a', 200, 0.5)));
    recorder.record(numbered(end('b', 200, null)));
    recorder.record(
      numbered({
        type: 'request-error',
        requestId: 'c',
        status: 529,
        errorType: 'overloaded_error',
        message: 'busy',
        durationMs: 3,
        at: 3,
      }),
    );
    const snapshot = recorder.snapshot(99);
    expect(snapshot.totals).toMatchObject({ requests: 3, succeeded: 2, failed: 1, active: 0, costUsd: 0.5 });
    expect(snapshot.totals.outputTokens).toBe(100);
    const ids = new Set(snapshot.recentEvents.map((event) => event.requestId));
    expect([...ids].sort()).toEqual(['b', 'c']);
    const seqs = snapshot.recentEvents.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((left, right) => left - right));
  });

  it('keeps only the latest usage update of a request', () => {
    const recorder = createFeedRecorder();
    recorder.record(numbered(startInput('a')));
    for (const outputTokens of [10, 20, 30]) {
      recorder.record(
        numbered({ type: 'usage-update', requestId: 'a', outputTokens, thinkingTokens: 0, at: 1 }),
      );
    }
    const usage = recorder.snapshot().recentEvents.filter((event) => event.type === 'usage-update');
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ outputTokens: 30 });
    expect(recorder.snapshot().totals.active).toBe(1);
  });

  it('leads with replayed history, counted apart from the live totals, until newer requests push it out', () => {
    const history = [
      startInput('old-1'),
      end('old-1', 200, 0.25),
      startInput('old-2'),
      end('old-2', 503, null),
    ].map(numbered);
    const lastHistorySeq = history.at(-1)?.seq ?? 0;
    const recorder = createFeedRecorder({ recentRequestLimit: 3, history });
    const replayedOnly = recorder.snapshot(5);
    expect(replayedOnly.totals).toMatchObject({ requests: 0, succeeded: 0, failed: 0, costUsd: 0 });
    expect(replayedOnly.history).toEqual({
      totals: expect.objectContaining({ requests: 2, succeeded: 1, failed: 1, active: 0, costUsd: 0.25 }),
      lastSeq: lastHistorySeq,
    });
    expect(replayedOnly.recentEvents.map((event) => event.requestId)).toEqual([
      'old-1',
      'old-1',
      'old-2',
      'old-2',
    ]);

    recorder.record(numbered(startInput('live')));
    recorder.record(numbered(end('live', 200, 1)));
    const mixed = { ...recorder.snapshot(6), type: 'stats-snapshot' as const, seq: seq };
    expect(mixed.totals).toMatchObject({ requests: 1, succeeded: 1, costUsd: 1 });
    expect(totalsWithHistory(mixed)).toMatchObject({ requests: 3, succeeded: 2, failed: 1, costUsd: 1.25 });
    const live = withoutHistory(mixed);
    expect(live.history).toBeUndefined();
    expect(live.recentEvents.map((event) => event.requestId)).toEqual(['live', 'live']);
    expect(live.totals).toEqual(mixed.totals);

    // Two more live requests: the limit of 3 keeps the newest, history first to go.
    for (const id of ['live-2', 'live-3']) recorder.record(numbered(startInput(id)));
    const later = recorder.snapshot(7);
    expect(new Set(later.recentEvents.map((event) => event.requestId))).toEqual(
      new Set(['live', 'live-2', 'live-3']),
    );
    expect(later.history?.totals.requests).toBe(2);
  });

  it('sends no history when none was replayed', () => {
    const recorder = createFeedRecorder({ history: [] });
    recorder.record(numbered(startInput('a')));
    const snapshot = { ...recorder.snapshot(), type: 'stats-snapshot' as const, seq };
    expect(snapshot.history).toBeUndefined();
    expect(withoutHistory(snapshot)).toBe(snapshot);
    expect(totalsWithHistory(snapshot)).toEqual(snapshot.totals);
  });
});
