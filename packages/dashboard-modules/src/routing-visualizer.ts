import type { FeedEvent, RequestEvent } from '@ccp/feed';
import { paint } from './color-tags';
import type { DashboardModule, RenderOptions } from './dashboard-module';
import { formatTokens, renderBar, shortModelName, truncate } from './format-helpers';
import { emptyMessage, finishLines, text } from './render-helpers';

/** Traffic along one route: a Claude model sent to a routed model at a provider. */
export interface RouteFlow {
  claudeModel: string;
  routedModel: string;
  provider: string;
  route: string | null;
  requests: number;
  active: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  lastAt: number;
}

export interface RoutingVisualizerState {
  flows: Readonly<Record<string, RouteFlow>>;
  /** Which flow each live request belongs to, to credit its end. */
  requestFlows: Readonly<Record<string, string>>;
}

const initialState = (): RoutingVisualizerState => ({ flows: {}, requestFlows: {} });

function reduce(state: RoutingVisualizerState, event: FeedEvent): RoutingVisualizerState {
  if (event.type === 'stats-snapshot') return event.recentEvents.reduce(_reduceRequestEvent, initialState());
  return _reduceRequestEvent(state, event);
}

function _reduceRequestEvent(state: RoutingVisualizerState, event: RequestEvent): RoutingVisualizerState {
  if (event.type === 'request-start') {
    const key = `${event.claudeModel}\u0000${event.routedModel}\u0000${event.provider}`;
    const flow: RouteFlow = state.flows[key] ?? {
      claudeModel: event.claudeModel,
      routedModel: event.routedModel,
      provider: event.provider,
      route: event.route,
      requests: 0,
      active: 0,
      failed: 0,
      inputTokens: 0,
      outputTokens: 0,
      lastAt: 0,
    };
    return {
      flows: {
        ...state.flows,
        [key]: {
          ...flow,
          route: event.route ?? flow.route,
          requests: flow.requests + 1,
          active: flow.active + 1,
          lastAt: event.startedAt,
        },
      },
      requestFlows: { ...state.requestFlows, [event.requestId]: key },
    };
  }
  if (event.type !== 'request-end' && event.type !== 'request-error') return state;
  const key = state.requestFlows[event.requestId];
  const flow = key ? state.flows[key] : undefined;
  if (!key || !flow) return state;
  const { [event.requestId]: _finished, ...requestFlows } = state.requestFlows;
  const ended = event.type === 'request-end' ? event : null;
  const failed = ended === null || ended.status >= 400;
  return {
    flows: {
      ...state.flows,
      [key]: {
        ...flow,
        active: Math.max(0, flow.active - 1),
        failed: flow.failed + (failed ? 1 : 0),
        inputTokens: flow.inputTokens + (ended ? ended.inputTokens + ended.cacheReadTokens : 0),
        outputTokens: flow.outputTokens + (ended?.outputTokens ?? 0),
        lastAt: Math.max(flow.lastAt, event.at),
      },
    },
    requestFlows,
  };
}

/** The routes, busiest first (then the most recently used). */
export function sortedRouteFlows(state: RoutingVisualizerState): RouteFlow[] {
  return Object.values(state.flows).sort(
    (left, right) => right.requests - left.requests || right.lastAt - left.lastAt,
  );
}

function renderDense(state: RoutingVisualizerState, options: RenderOptions): string[] {
  const flows = sortedRouteFlows(state);
  if (flows.length === 0) return emptyMessage(options);
  const totalTokens = flows.reduce((sum, flow) => sum + flow.inputTokens + flow.outputTokens, 0);
  const sourceWidth = Math.min(18, Math.max(...flows.map((flow) => shortModelName(flow.claudeModel).length)));
  const lines: string[] = [];
  for (const flow of flows) {
    const source = truncate(shortModelName(flow.claudeModel), sourceWidth).padEnd(sourceWidth);
    const target = `${flow.routedModel} @${flow.provider}`;
    const live = flow.active > 0 ? paint(` ▶${flow.active}`, 'cyan', options.color) : '';
    const failed = flow.failed > 0 ? paint(` ✗${flow.failed}`, 'red', options.color) : '';
    lines.push(
      `${text(source, null, options)} ──▶ ${text(target, 'cyan', options)}${flow.route ? text(` [${flow.route}]`, 'gray', options) : ''}`,
    );
    const share = flow.inputTokens + flow.outputTokens;
    const bar = paint(
      renderBar(share, totalTokens, Math.max(4, Math.min(20, options.width - 40))),
      'blue',
      options.color,
    );
    lines.push(
      `${' '.repeat(sourceWidth)}     ${flow.requests} req${live}${failed} ${bar} ${formatTokens(flow.inputTokens)} in → ${formatTokens(flow.outputTokens)} out`,
    );
  }
  return finishLines(lines, options);
}

function renderSparse(state: RoutingVisualizerState, options: RenderOptions): string[] {
  const flows = sortedRouteFlows(state);
  if (flows.length === 0) return emptyMessage(options);
  const lines = flows.map((flow) => {
    const live = flow.active > 0 ? paint(` ▶${flow.active}`, 'cyan', options.color) : '';
    const failed = flow.failed > 0 ? paint(` ✗${flow.failed}`, 'red', options.color) : '';
    return `${text(shortModelName(flow.claudeModel), null, options)} → ${text(flow.routedModel, 'cyan', options)} ×${flow.requests}${live}${failed} ${formatTokens(flow.inputTokens)}→${formatTokens(flow.outputTokens)}`;
  });
  return finishLines(lines, options);
}

/** Routing Visualizer: which routed model and provider each Claude model went to, with token flow. */
export const routingVisualizer: DashboardModule<RoutingVisualizerState> = {
  id: 'routing',
  title: 'Routing',
  initialState,
  reduce,
  renderDense,
  renderSparse,
};
