import { type FeedEvent, type RequestEndEvent, type RequestEvent, parseFeedEvent } from '@ccp/feed';
import { describe, expect, it } from 'vitest';
import recorded from '../__fixtures__/two-sessions.events.json';
import { analyticsPanel } from '../analytics-panel';
import { routingVisualizer, sortedRouteFlows } from '../routing-visualizer';
import {
  type DashboardPageState,
  createDashboardPageState,
  recentErrorRecords,
  reduceDashboardPageState,
  summarizeDashboardPage,
} from './dashboard-page-state';

const events = recorded.map((event) => {
  const parsed = parseFeedEvent(event);
  if (!parsed || parsed.type === 'stats-snapshot') throw new Error(`Fixture event ${event.seq} is invalid`);
  return parsed;
});
const fold = (input: FeedEvent[], from: DashboardPageState = createDashboardPageState()) =>
  input.reduce(reduceDashboardPageState, from);
const ends = events.filter((event): event is RequestEndEvent => event.type === 'request-end');
/** Output tokens per second after the first token, for the ends long enough to tell. */
const expectedRates = ends
  .map((end) => ({ tokens: end.outputTokens, ms: end.durationMs - (end.timeToFirstTokenMs ?? 0) }))
  .filter((end) => end.tokens > 0 && end.ms >= 50)
  .map((end) => (end.tokens * 1000) / end.ms);

describe('the web dashboard page state', () => {
  it('folds the recording with the same reducers as the terminal modules', () => {
    const state = fold(events);
    const analytics = events.reduce(analyticsPanel.reduce, analyticsPanel.initialState());
    const routing = events.reduce(routingVisualizer.reduce, routingVisualizer.initialState());
    expect(state.analytics).toEqual(analytics);
    expect(sortedRouteFlows(state.routing)).toEqual(sortedRouteFlows(routing));
    expect(state.ledger.order).toEqual([
      ...new Set(events.filter((event) => event.type === 'request-start').map((event) => event.requestId)),
    ]);

    const summary = summarizeDashboardPage(state);
    const finished = analytics.totals.succeeded + analytics.totals.failed;
    expect(summary).toEqual({
      requests: analytics.totals.requests,
      successRatio: analytics.totals.succeeded / finished,
      active: analytics.totals.active,
      costUsd: analytics.totals.costUsd,
      averageLatencyMs: analytics.observedDurationMs / analytics.observedFinished,
      averageOutputRate: expectedRates.reduce((sum, rate) => sum + rate, 0) / expectedRates.length,
    });
    expect(summary.active).toBeGreaterThan(0);
    expect(expectedRates.length).toBeGreaterThan(0);
  });

  it('lists the failed requests, the newest error first', () => {
    const errors = events.filter((event) => event.type === 'request-error');
    const failed = recentErrorRecords(fold(events));
    expect(failed.map((record) => record.start.requestId)).toEqual(
      [...errors].sort((left, right) => right.at - left.at).map((event) => event.requestId),
    );
    expect(failed.length).toBeGreaterThan(0);
  });

  it('counts an output rate once per request it saw start', () => {
    const state = fold(events);
    const [firstEnd] = ends;
    if (!firstEnd) throw new Error('The recording has no finished request');
    const repeated = reduceDashboardPageState(state, { ...firstEnd, seq: 9999 });
    expect(repeated.outputRates).toEqual(state.outputRates);
    const unknown = reduceDashboardPageState(state, { ...firstEnd, requestId: 'never-started', seq: 10_000 });
    expect(unknown.outputRates).toEqual(state.outputRates);
  });

  it('starts over from a snapshot, keeping its lifetime totals', () => {
    const before = fold(events);
    const totals = { ...before.analytics.totals, requests: 40, succeeded: 36, failed: 3, costUsd: 1.25 };
    const snapshot: FeedEvent = {
      type: 'stats-snapshot',
      seq: 1,
      protocolVersion: 1,
      at: 0,
      totals,
      recentEvents: events as RequestEvent[],
    };
    const after = reduceDashboardPageState(before, snapshot);
    expect(summarizeDashboardPage(after)).toMatchObject({
      requests: 40,
      costUsd: 1.25,
      successRatio: 36 / 39,
    });
    // The recent requests are folded afresh, not added to what was there.
    expect(after.outputRates).toEqual(before.outputRates);
    expect(after.ledger.order).toEqual(before.ledger.order);
    expect(sortedRouteFlows(after.routing)).toEqual(sortedRouteFlows(before.routing));
  });

  it('shows requests replayed from before a restart, counted in its cards', () => {
    const before = fold(events);
    const live = {
      ...before.analytics.totals,
      requests: 1,
      succeeded: 1,
      failed: 0,
      active: 0,
      costUsd: 0.5,
    };
    const replayed = {
      ...before.analytics.totals,
      requests: 3,
      succeeded: 2,
      failed: 1,
      active: 0,
      costUsd: 0.75,
    };
    const snapshot: FeedEvent = {
      type: 'stats-snapshot',
      seq: 1,
      protocolVersion: 1,
      at: 0,
      totals: live,
      recentEvents: events as RequestEvent[],
      history: { totals: replayed, lastSeq: 1 },
    };
    const after = reduceDashboardPageState(createDashboardPageState(), snapshot);
    expect(after.replayedRequests).toBe(3);
    expect(summarizeDashboardPage(after)).toMatchObject({ requests: 4, costUsd: 1.25, successRatio: 3 / 4 });
    expect(after.ledger.order).toEqual(before.ledger.order);
    // A later snapshot without history (a proxy that replayed nothing) clears the count.
    const plain = reduceDashboardPageState(after, { ...snapshot, history: undefined });
    expect(plain.replayedRequests).toBe(0);
    expect(summarizeDashboardPage(plain).requests).toBe(1);
  });
});
