import type { ModuleSpec, RenderMode } from '@ccp/dashboard-modules';
import type { FeedEvent, WebSocketConstructor } from '@ccp/feed';

export const dashboardLayouts = ['default', 'compact', 'detailed'] as const;
/** How much room the edge modules get around the centre waterfall. */
export type DashboardLayout = (typeof dashboardLayouts)[number];

/**
 * Where the events come from: a proxy's WebSocket feed (reconnecting when the proxy restarts), or
 * an in-process subscription such as `feedServer.subscribe`, which returns an unsubscribe function.
 */
export type TerminalDashboardFeed =
  | { url: string; apiKey?: string; WebSocketImpl?: WebSocketConstructor }
  | { subscribe: (listener: (event: FeedEvent) => void) => () => void };

/** What the dashboard shows and how often it redraws. */
export interface DashboardDisplay {
  /** Edge modules in slot order (top, bottom, left, right), at most 4; the waterfall is always in the centre. */
  modules: ModuleSpec[];
  /** Display mode of the centre waterfall. */
  waterfallMode: RenderMode;
  layout: DashboardLayout;
  /** Redraw interval in milliseconds. */
  refreshMs: number;
  /** Requests shown in the waterfall. */
  waterfallSize: number;
  /** Print text blocks instead of drawing a screen (for a pipe or a log file). */
  plain: boolean;
}

export interface TerminalDashboardOptions extends Partial<DashboardDisplay> {
  feed: TerminalDashboardFeed;
  /** Keys are read from here (the screen's input); unused in plain mode. */
  input: NodeJS.ReadableStream;
  /** The screen is drawn, or the plain text printed, here. `columns` sets the plain text width. */
  output: NodeJS.WritableStream & { columns?: number };
}

/** The default edge modules: performance (dense) and activity (sparse). */
export const defaultDashboardModules: readonly ModuleSpec[] = [
  { id: 'performance', mode: 'dense' },
  { id: 'activity', mode: 'sparse' },
];

/** Fills in the defaults: the compact layout shows a sparse waterfall, the detailed one 20 requests. */
export function resolveDashboardDisplay(options: Partial<DashboardDisplay>): DashboardDisplay {
  const modules = options.modules ?? [...defaultDashboardModules];
  if (modules.length > 4 || modules.some((spec) => spec.id === 'waterfall')) {
    throw new Error(
      `The terminal dashboard takes at most 4 edge modules and no "waterfall" among them (got ${modules.map((spec) => spec.id).join(', ')}); set the waterfall with waterfallMode.`,
    );
  }
  const layout = options.layout ?? 'default';
  return {
    modules,
    waterfallMode: options.waterfallMode ?? (layout === 'compact' ? 'sparse' : 'dense'),
    layout,
    refreshMs: options.refreshMs ?? 250,
    waterfallSize: options.waterfallSize ?? (layout === 'detailed' ? 20 : 10),
    plain: options.plain ?? false,
  };
}
