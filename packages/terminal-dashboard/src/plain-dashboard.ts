import { formatClock, stripTags } from '@ccp/dashboard-modules';
import type { DashboardModel } from './dashboard-model';
import type { DashboardDisplay } from './dashboard-options';
import type { FeedSource } from './feed-source';
import type { RunningDashboard } from './blessed-dashboard';

export interface PlainDashboardOptions {
  display: DashboardDisplay;
  model: DashboardModel;
  source: FeedSource;
  write: (text: string) => void;
  /** Columns of the text blocks. Default 100. */
  width?: number;
}

/**
 * The dashboard for a pipe or a log file: on every change (at most once per refresh interval)
 * it prints each module as a plain-text block, and prints connection changes as they happen.
 */
export function runPlainDashboard(options: PlainDashboardOptions): RunningDashboard {
  const { display, model, write } = options;
  const width = options.width ?? 100;
  let printedVersion = model.version;

  function print(): void {
    if (printedVersion === model.version) return;
    printedVersion = model.version;
    const blocks = [
      `=== ccp dashboard ${formatClock(Date.now())} · ${model.status} · requests ${model.requestsSeen} · active ${model.activeRequests}` +
        (model.replayedRequests > 0 ? ` (${model.replayedRequests} from before the proxy started)` : ''),
    ];
    for (const panel of model.panels) {
      blocks.push(`--- ${panel.number} ${panel.instance.title} (${panel.mode})`);
      const height = panel.mode === 'dense' ? 12 : 6;
      blocks.push(...model.renderPanel(panel, width, height, false).map(stripTags));
    }
    write(`${blocks.join('\n')}\n`);
  }

  const stop = options.source({
    onEvent: (event) => model.apply(event),
    onStatus: (status, detail) => {
      const before = model.status;
      model.setStatus(status, detail);
      if (model.status !== before) {
        const note = model.status === 'disconnected' ? ' (retrying)' : ` ${model.statusDetail}`;
        write(`[${formatClock(Date.now())}] feed ${model.status}${note}\n`);
      }
      printedVersion = model.version;
    },
  });
  const timer = setInterval(print, display.refreshMs);

  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let isClosed = false;
  return {
    closed,
    close() {
      if (isClosed) return;
      isClosed = true;
      clearInterval(timer);
      stop();
      resolveClosed();
    },
  };
}
