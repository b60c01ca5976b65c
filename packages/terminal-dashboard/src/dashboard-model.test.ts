import { createFeedRecorder, type FeedEvent, type RequestEvent } from '@ccp/feed';
import { describe, expect, it } from 'vitest';
import recorded from './__fixtures__/two-sessions.events.json';
import { createDashboardModel } from './dashboard-model';
import { resolveDashboardDisplay } from './dashboard-options';

const events = recorded as RequestEvent[];
const replayedIds = new Set(['req_01', 'req_02']);

describe('the dashboard model', () => {
  it('counts the requests a restarted proxy replayed with the live ones, and says how many', () => {
    const recorder = createFeedRecorder({
      history: events.filter((event) => replayedIds.has(event.requestId)),
    });
    const model = createDashboardModel(resolveDashboardDisplay({}), 'in-process');
    const snapshot: FeedEvent = { ...recorder.snapshot(), type: 'stats-snapshot', seq: 0 };
    model.apply(snapshot);
    expect(model.requestsSeen).toBe(2);
    expect(model.replayedRequests).toBe(2);
    expect(model.activeRequests).toBe(0);
    expect(model.trends.latencyMs).toHaveLength(2);
    for (const event of events.filter((event) => !replayedIds.has(event.requestId))) model.apply(event);
    expect(model.requestsSeen).toBe(4);
    expect(model.replayedRequests).toBe(2);
    // A proxy that replayed nothing greets with no history.
    model.apply({ ...createFeedRecorder().snapshot(), type: 'stats-snapshot', seq: 0 });
    expect([model.requestsSeen, model.replayedRequests]).toEqual([0, 0]);
  });
});
