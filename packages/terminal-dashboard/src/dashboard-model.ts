import { type FeedConnectionStatus, type FeedEvent, totalsWithHistory } from '@ccp/feed';
import { type ModuleInstance, type RenderMode, createModuleInstance } from '@ccp/dashboard-modules';
import type { DashboardDisplay } from './dashboard-options';
import { type EdgeSlot, edgeSlotOrder } from './layout-regions';
import { addToTrends, createRequestTrends, type RequestTrends } from './request-trends';

export interface DashboardPanel {
  /** 1-based number shown in the label and used by the number keys. */
  number: number;
  slot: EdgeSlot | 'centre';
  instance: ModuleInstance;
  mode: RenderMode;
}

export interface DashboardModel {
  panels: DashboardPanel[];
  status: FeedConnectionStatus;
  statusDetail: string;
  paused: boolean;
  /** Bumped on every change, so views redraw only when needed. */
  version: number;
  requestsSeen: number;
  /** Of those, requests from before the proxy started that it replayed from its store. */
  replayedRequests: number;
  activeRequests: number;
  /** Latency and output speed of the recent successful requests, for the trends view. */
  trends: RequestTrends;
  apply(event: FeedEvent): void;
  setStatus(status: FeedConnectionStatus, detail?: string): void;
  /** Lines of one panel for an area of `width` × `height` cells. */
  renderPanel(panel: DashboardPanel, width: number, height: number, color: boolean): string[];
}

/**
 * The modules, their state and the connection status: everything the views draw, no terminal.
 * `feedLabel` (the feed URL, or `in-process`) is shown beside the status until the feed reports.
 */
export function createDashboardModel(display: DashboardDisplay, feedLabel: string): DashboardModel {
  const panels: DashboardPanel[] = display.modules.map((spec, index) => ({
    number: index + 1,
    slot: edgeSlotOrder[index] ?? 'right',
    instance: createModuleInstance(spec.id, spec.mode),
    mode: spec.mode,
  }));
  panels.push({
    number: panels.length + 1,
    slot: 'centre',
    instance: createModuleInstance('waterfall', display.waterfallMode),
    mode: display.waterfallMode,
  });
  const active = new Set<string>();
  const model: DashboardModel = {
    panels,
    status: 'connecting',
    statusDetail: feedLabel,
    paused: false,
    version: 0,
    requestsSeen: 0,
    replayedRequests: 0,
    activeRequests: 0,
    trends: createRequestTrends(),
    apply(event) {
      for (const panel of panels) panel.instance.apply(event);
      addToTrends(model.trends, event);
      if (event.type === 'stats-snapshot') {
        // With the requests a restarted proxy replayed from its store, as the modules count them.
        model.requestsSeen = totalsWithHistory(event).requests;
        model.replayedRequests = event.history?.totals.requests ?? 0;
        active.clear();
        for (const recent of event.recentEvents) _track(active, recent);
      } else {
        if (event.type === 'request-start') model.requestsSeen += 1;
        _track(active, event);
      }
      model.activeRequests = active.size;
      model.version += 1;
    },
    setStatus(status, detail) {
      // Retries flip between connecting and disconnected; keep saying disconnected until connected.
      if (status === 'connecting' && model.status === 'disconnected') return;
      model.status = status;
      if (detail !== undefined) model.statusDetail = detail;
      model.version += 1;
    },
    renderPanel(panel, width, height, color) {
      const rows =
        panel.slot === 'centre'
          ? Math.min(height, display.waterfallSize + (panel.mode === 'dense' ? 2 : 0))
          : height;
      return panel.instance.render({ width, height: rows, color, now: Date.now() }, panel.mode);
    },
  };
  return model;
}

function _track(active: Set<string>, event: FeedEvent): void {
  if (event.type === 'request-start') active.add(event.requestId);
  if (event.type === 'request-end' || event.type === 'request-error') active.delete(event.requestId);
}
