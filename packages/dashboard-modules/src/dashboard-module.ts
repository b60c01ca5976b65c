import type { FeedEvent } from '@ccp/feed';

export const dashboardModuleIds = ['performance', 'activity', 'routing', 'analytics', 'waterfall'] as const;
export type DashboardModuleId = (typeof dashboardModuleIds)[number];
export type RenderMode = 'dense' | 'sparse';

export interface RenderOptions {
  /** Columns available; every line fits in it. */
  width: number;
  /** Rows available; at most this many lines are returned. */
  height: number;
  /** Add blessed `{color-fg}` tags; plain text otherwise. */
  color: boolean;
  /** Clock for live durations. Default: the newest event time the module has seen. */
  now?: number;
}

/**
 * One dashboard module: a pure reducer over feed events and two text renderers.
 *
 * @example
 * let state = performanceMonitor.initialState();
 * for (const event of events) state = performanceMonitor.reduce(state, event);
 * performanceMonitor.renderDense(state, { width: 80, height: 10, color: false });
 */
export interface DashboardModule<State> {
  id: DashboardModuleId;
  title: string;
  initialState(): State;
  reduce(state: State, event: FeedEvent): State;
  renderDense(state: State, options: RenderOptions): string[];
  renderSparse(state: State, options: RenderOptions): string[];
}
