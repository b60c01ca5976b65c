import { describe, expect, it } from 'vitest';
import type { RequestEvent, RequestEventInput } from './feed-events';
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
});
