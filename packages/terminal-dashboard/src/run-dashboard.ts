import { type RunningDashboard, runBlessedDashboard } from './blessed-dashboard';
import { createDashboardModel } from './dashboard-model';
import { type TerminalDashboardOptions, resolveDashboardDisplay } from './dashboard-options';
import { feedSourceFor } from './feed-source';
import { runPlainDashboard } from './plain-dashboard';

/**
 * Starts the terminal dashboard on the given streams: the full-screen blessed UI, or with
 * `plain: true` the plain-text printer. Everything it shows comes from `feed`; it reads no
 * environment or arguments, so the caller decides the modules, layout and refresh interval.
 * Without `modules`, a terminal of at least 160 × 45 shows all four edge modules, a smaller one
 * performance and activity.
 *
 * @example
 * const dashboard = runTerminalDashboard({
 *   feed: { url: 'ws://127.0.0.1:8082/feed' },
 *   modules: [{ id: 'routing', mode: 'dense' }],
 *   input: process.stdin,
 *   output: process.stdout,
 * });
 * await dashboard.closed;
 */
export function runTerminalDashboard(options: TerminalDashboardOptions): RunningDashboard {
  // The default modules follow the size of the terminal; plain text keeps the small set.
  const terminal = options.plain ? {} : { columns: options.output.columns, rows: options.output.rows };
  const display = resolveDashboardDisplay(options, terminal);
  const { source, label } = feedSourceFor(options.feed);
  const model = createDashboardModel(display, label);
  if (display.plain) {
    const { output } = options;
    return runPlainDashboard({
      display,
      model,
      source,
      write: (text) => output.write(text),
      width: Math.max(60, Math.min(160, output.columns ?? 100)),
    });
  }
  return runBlessedDashboard({
    display,
    model,
    source,
    input: options.input,
    output: options.output,
  });
}
