import type { FeedEvent, RequestEvent, StatsTotals } from '@ccp/feed';
import { totalsWithHistory } from '@ccp/feed/events';
import { paint } from './color-tags';
import type { DashboardModule, RenderOptions } from './dashboard-module';
import { formatCost, formatDuration, formatPercent, formatTokens } from './format-helpers';
import { finishLines, text } from './render-helpers';

export interface ModelUsage {
  model: string;
  requests: number;
  costUsd: number;
  outputTokens: number;
}

/** One notable request, kept for the extremes line. */
export interface RequestExtreme {
  requestId: string;
  model: string;
  value: number;
}

export interface AnalyticsPanelState {
  totals: StatsTotals;
  /** Duration of the finished requests this panel saw, for the average. */
  observedDurationMs: number;
  observedFinished: number;
  models: Readonly<Record<string, ModelUsage>>;
  fastest: RequestExtreme | null;
  slowest: RequestExtreme | null;
  mostExpensive: RequestExtreme | null;
  requestModels: Readonly<Record<string, string>>;
}

const initialState = (): AnalyticsPanelState => ({
  totals: {
    requests: 0,
    succeeded: 0,
    failed: 0,
    active: 0,
    inputTokens: 0,
    outputTokens: 0,
    thinkingTokens: 0,
    cacheReadTokens: 0,
    costUsd: 0,
  },
  observedDurationMs: 0,
  observedFinished: 0,
  models: {},
  fastest: null,
  slowest: null,
  mostExpensive: null,
  requestModels: {},
});

function reduce(state: AnalyticsPanelState, event: FeedEvent): AnalyticsPanelState {
  if (event.type !== 'stats-snapshot') return _reduceRequestEvent(state, event);
  // The snapshot's totals cover the proxy's whole life, and the requests it replayed from before
  // a restart; the recent events fill in the rest.
  const folded = event.recentEvents.reduce(_reduceRequestEvent, initialState());
  return { ...folded, totals: totalsWithHistory(event) };
}

function _reduceRequestEvent(state: AnalyticsPanelState, event: RequestEvent): AnalyticsPanelState {
  const totals = { ...state.totals };
  if (event.type === 'request-start') {
    totals.requests += 1;
    totals.active += 1;
    const usage = state.models[event.routedModel] ?? {
      model: event.routedModel,
      requests: 0,
      costUsd: 0,
      outputTokens: 0,
    };
    return {
      ...state,
      totals,
      models: { ...state.models, [event.routedModel]: { ...usage, requests: usage.requests + 1 } },
      requestModels: { ...state.requestModels, [event.requestId]: event.routedModel },
    };
  }
  if (event.type !== 'request-end' && event.type !== 'request-error') return state;
  const model = state.requestModels[event.requestId];
  if (model === undefined) return state;
  const { [event.requestId]: _finished, ...requestModels } = state.requestModels;
  totals.active = Math.max(0, totals.active - 1);
  const next: AnalyticsPanelState = {
    ...state,
    totals,
    requestModels,
    observedDurationMs: state.observedDurationMs + event.durationMs,
    observedFinished: state.observedFinished + 1,
  };
  if (event.type === 'request-error' || event.status >= 400) {
    totals.failed += 1;
    return next;
  }
  totals.succeeded += 1;
  totals.inputTokens += event.inputTokens;
  totals.outputTokens += event.outputTokens;
  totals.thinkingTokens += event.thinkingTokens;
  totals.cacheReadTokens += event.cacheReadTokens;
  totals.costUsd += event.costUsd ?? 0;
  const usage = state.models[model];
  const models = usage
    ? {
        ...state.models,
        [model]: {
          ...usage,
          costUsd: usage.costUsd + (event.costUsd ?? 0),
          outputTokens: usage.outputTokens + event.outputTokens,
        },
      }
    : state.models;
  const candidate = (value: number): RequestExtreme => ({ requestId: event.requestId, model, value });
  return {
    ...next,
    models,
    fastest:
      !state.fastest || event.durationMs < state.fastest.value ? candidate(event.durationMs) : state.fastest,
    slowest:
      !state.slowest || event.durationMs > state.slowest.value ? candidate(event.durationMs) : state.slowest,
    mostExpensive:
      event.costUsd !== null && (!state.mostExpensive || event.costUsd > state.mostExpensive.value)
        ? candidate(event.costUsd)
        : state.mostExpensive,
  };
}

/** Models by request count, then cost. */
export function hotModels(state: AnalyticsPanelState): ModelUsage[] {
  return Object.values(state.models).sort(
    (left, right) => right.requests - left.requests || right.costUsd - left.costUsd,
  );
}

function successRate(state: AnalyticsPanelState): number | null {
  const finished = state.totals.succeeded + state.totals.failed;
  return finished > 0 ? state.totals.succeeded / finished : null;
}

function renderDense(state: AnalyticsPanelState, options: RenderOptions): string[] {
  const { totals } = state;
  const rate = successRate(state);
  const rateColor = rate === null ? 'gray' : rate >= 0.95 ? 'green' : rate >= 0.8 ? 'yellow' : 'red';
  const average = state.observedFinished > 0 ? state.observedDurationMs / state.observedFinished : null;
  const perRequest = totals.succeeded > 0 ? totals.costUsd / totals.succeeded : null;
  const extreme = (label: string, value: RequestExtreme | null, format: (value: number) => string) =>
    value ? `${label} ${format(value.value)} (${text(value.model, null, options)})` : `${label} —`;
  const lines = [
    `Requests ${totals.requests} · ${paint(`✓ ${totals.succeeded}`, 'green', options.color)} · ${paint(`✗ ${totals.failed}`, totals.failed ? 'red' : 'gray', options.color)} · active ${totals.active}`,
    `Success ${paint(formatPercent(rate), rateColor, options.color)} · avg latency ${formatDuration(average)}`,
    `Cost ${paint(formatCost(totals.costUsd), 'yellow', options.color)} total · ${formatCost(perRequest)}/req`,
    `Tokens in ${formatTokens(totals.inputTokens)} · out ${formatTokens(totals.outputTokens)} · think ${formatTokens(totals.thinkingTokens)} · cache ${formatTokens(totals.cacheReadTokens)}`,
    extreme('Fastest', state.fastest, formatDuration),
    extreme('Slowest', state.slowest, formatDuration),
    extreme('Priciest', state.mostExpensive, formatCost),
    'Hot models:',
    ...hotModels(state).map(
      (usage, index) =>
        ` ${index + 1}. ${text(usage.model, 'cyan', options)} ×${usage.requests} ${formatCost(usage.costUsd)}`,
    ),
  ];
  return finishLines(lines, options);
}

function renderSparse(state: AnalyticsPanelState, options: RenderOptions): string[] {
  const { totals } = state;
  const top = hotModels(state)
    .slice(0, 3)
    .map((usage) => `${text(usage.model, 'cyan', options)}×${usage.requests}`)
    .join(' ');
  const lines = [
    `${totals.requests} req · ${formatPercent(successRate(state))} ok · ${formatCost(totals.costUsd)} · ${formatTokens(totals.outputTokens)} out`,
    `Hot: ${top || '—'}`,
  ];
  return finishLines(lines, options);
}

/** Analytics Panel: requests, cost, success rate, extremes and hot models. */
export const analyticsPanel: DashboardModule<AnalyticsPanelState> = {
  id: 'analytics',
  title: 'Analytics',
  initialState,
  reduce,
  renderDense,
  renderSparse,
};
