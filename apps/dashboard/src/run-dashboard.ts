import { type RunningDashboard, runBlessedDashboard } from './blessed-dashboard';
import { createDashboardModel } from './dashboard-model';
import type { DashboardSettings } from './dashboard-settings';
import type { FeedSource } from './feed-source';
import { runPlainDashboard } from './plain-dashboard';

export interface RunDashboardOptions {
  settings: DashboardSettings;
  source: FeedSource;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { columns?: number };
}

/** Starts the terminal UI, or the plain-text printer when `settings.plain` is set. */
export function runDashboard(options: RunDashboardOptions): RunningDashboard {
  const model = createDashboardModel(options.settings);
  if (options.settings.plain) {
    const output = options.output ?? process.stdout;
    return runPlainDashboard({
      settings: options.settings,
      model,
      source: options.source,
      write: (text) => output.write(text),
      width: Math.max(60, Math.min(160, output.columns ?? 100)),
    });
  }
  return runBlessedDashboard({
    settings: options.settings,
    model,
    source: options.source,
    input: options.input,
    output: options.output,
  });
}
