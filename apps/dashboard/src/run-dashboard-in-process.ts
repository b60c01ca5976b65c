import type { FeedEvent } from '@ccp/feed';
import type { RunningDashboard } from './blessed-dashboard';
import { resolveDashboardSettings } from './dashboard-settings';
import { subscriptionFeedSource } from './feed-source';
import { runDashboard } from './run-dashboard';

export interface InProcessDashboardOptions {
  /** Subscribes to the proxy's events; `feedServer.subscribe` fits. Returns an unsubscribe function. */
  subscribe: (listener: (event: FeedEvent) => void) => () => void;
  /** Where DASHBOARD_* settings are read from: the proxy's merged settings. */
  environment?: Record<string, string | undefined>;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/**
 * Runs the terminal dashboard inside the proxy process (`--dashboard` / `ENABLE_DASHBOARD=true`),
 * fed directly by the feed server without a socket. It takes over the terminal, so the proxy
 * should stop writing log lines to stdout while it runs.
 *
 * @example
 * const dashboard = runDashboardInProcess({ subscribe: feed.subscribe, environment: process.env });
 * dashboard.closed.then(() => process.kill(process.pid, 'SIGINT'));
 */
export function runDashboardInProcess(options: InProcessDashboardOptions): RunningDashboard {
  const output = options.output ?? process.stdout;
  const settings = resolveDashboardSettings(options.environment ?? {}, { isTerminal: output.isTTY === true });
  return runDashboard({
    settings: { ...settings, feedUrl: 'in-process' },
    source: subscriptionFeedSource(options.subscribe),
    input: options.input,
    output,
  });
}
