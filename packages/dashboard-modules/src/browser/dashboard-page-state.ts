import type { FeedEvent, RequestEvent } from '@ccp/feed';
import { type AnalyticsPanelState, analyticsPanel } from '../analytics-panel';
import { tokensPerSecond } from '../format-helpers';
import {
  type RequestLedger,
  type RequestRecord,
  createRequestLedger,
  newestRecords,
  reduceRequestLedger,
} from '../request-ledger';
import { type RoutingVisualizerState, routingVisualizer } from '../routing-visualizer';

/** Requests the web page keeps for its waterfall, charts and tables: all a proxy replays after a restart. */
export const pageRequestLimit = 200;

/**
 * What the web dashboard shows, folded from feed events by the same reducers the terminal modules
 * use: the request ledger, the analytics panel and the routing visualizer.
 */
export interface DashboardPageState {
  ledger: RequestLedger;
  analytics: AnalyticsPanelState;
  routing: RoutingVisualizerState;
  /** Output rates of the finished requests seen (after the first token), for their average. */
  outputRates: { sum: number; count: number };
  /** Requests from before the proxy started that it replayed from its store, counted in the totals. */
  replayedRequests: number;
}

export function createDashboardPageState(): DashboardPageState {
  return {
    ledger: createRequestLedger(pageRequestLimit),
    analytics: analyticsPanel.initialState(),
    routing: routingVisualizer.initialState(),
    outputRates: { sum: 0, count: 0 },
    replayedRequests: 0,
  };
}

/**
 * Folds one feed event into the page state. A `stats-snapshot` starts over from the requests it
 * carries, with the proxy's lifetime totals and those of the requests it replayed from its store.
 */
export function reduceDashboardPageState(state: DashboardPageState, event: FeedEvent): DashboardPageState {
  if (event.type === 'stats-snapshot') {
    const folded = event.recentEvents.reduce(_reduceRequestEvent, createDashboardPageState());
    return {
      ...folded,
      analytics: analyticsPanel.reduce(state.analytics, event),
      replayedRequests: event.history?.totals.requests ?? 0,
    };
  }
  return _reduceRequestEvent(state, event);
}

function _reduceRequestEvent(state: DashboardPageState, event: RequestEvent): DashboardPageState {
  return {
    ledger: reduceRequestLedger(state.ledger, event),
    analytics: analyticsPanel.reduce(state.analytics, event),
    routing: routingVisualizer.reduce(state.routing, event),
    outputRates: _addOutputRate(state, event),
    replayedRequests: state.replayedRequests,
  };
}

function _addOutputRate(state: DashboardPageState, event: RequestEvent): DashboardPageState['outputRates'] {
  // Counted once per request the page saw start, like the analytics panel's latency average.
  if (event.type !== 'request-end' || state.analytics.requestModels[event.requestId] === undefined) {
    return state.outputRates;
  }
  const rate = tokensPerSecond(event.outputTokens, event.durationMs - (event.timeToFirstTokenMs ?? 0));
  if (rate === null) return state.outputRates;
  return { sum: state.outputRates.sum + rate, count: state.outputRates.count + 1 };
}

/** The numbers of the cards at the top of the page. */
export interface DashboardPageSummary {
  requests: number;
  /** Succeeded over finished, null before any request finished. */
  successRatio: number | null;
  active: number;
  costUsd: number;
  averageLatencyMs: number | null;
  averageOutputRate: number | null;
}

export function summarizeDashboardPage(state: DashboardPageState): DashboardPageSummary {
  const { totals, observedDurationMs, observedFinished } = state.analytics;
  const finished = totals.succeeded + totals.failed;
  return {
    requests: totals.requests,
    successRatio: finished > 0 ? totals.succeeded / finished : null,
    active: totals.active,
    costUsd: totals.costUsd,
    averageLatencyMs: observedFinished > 0 ? observedDurationMs / observedFinished : null,
    averageOutputRate: state.outputRates.count > 0 ? state.outputRates.sum / state.outputRates.count : null,
  };
}

/** Requests that failed with an error event, the newest error first. */
export function recentErrorRecords(state: DashboardPageState): RequestRecord[] {
  return newestRecords(state.ledger)
    .filter((record) => record.error !== null)
    .sort((left, right) => (right.error?.at ?? 0) - (left.error?.at ?? 0));
}
