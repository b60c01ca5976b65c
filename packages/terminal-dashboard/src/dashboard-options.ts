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
  /**
   * The screen is drawn, or the plain text printed, here. `columns` sets the plain text width;
   * `columns` and `rows` (a terminal's size) pick the default modules.
   */
  output: NodeJS.WritableStream & { columns?: number; rows?: number };
}

/** The default edge modules: performance (dense) and activity (sparse). */
export const defaultDashboardModules: readonly ModuleSpec[] = [
  { id: 'performance', mode: 'dense' },
  { id: 'activity', mode: 'sparse' },
];

/** The default edge modules of a large terminal: all four, around the waterfall. */
export const largeTerminalDashboardModules: readonly ModuleSpec[] = [
  { id: 'performance', mode: 'dense' },
  { id: 'activity', mode: 'sparse' },
  { id: 'routing', mode: 'dense' },
  { id: 'analytics', mode: 'dense' },
];

/** From this size on, a terminal shows every module by default: each keeps room for its dense view. */
export const largeTerminalSize = { columns: 160, rows: 45 } as const;

/** The terminal the dashboard is drawn in, when known. */
export interface TerminalSize {
  columns?: number;
  rows?: number;
}

/**
 * The edge modules shown when none are chosen: all four on a terminal of at least
 * {@link largeTerminalSize}, else performance and activity.
 *
 * @example defaultModulesFor({ columns: 200, rows: 50 }).length // 4
 */
export function defaultModulesFor(terminal: TerminalSize = {}): ModuleSpec[] {
  const large =
    (terminal.columns ?? 0) >= largeTerminalSize.columns && (terminal.rows ?? 0) >= largeTerminalSize.rows;
  return [...(large ? largeTerminalDashboardModules : defaultDashboardModules)];
}

/**
 * Fills in the defaults: the modules for the terminal's size, a sparse waterfall in the compact
 * layout, 20 requests in the detailed one.
 */
export function resolveDashboardDisplay(
  options: Partial<DashboardDisplay>,
  terminal: TerminalSize = {},
): DashboardDisplay {
  const modules = options.modules ?? defaultModulesFor(terminal);
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
