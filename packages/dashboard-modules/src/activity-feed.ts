import type { FeedEvent } from '@ccp/feed';
import { paint } from './color-tags';
import type { DashboardModule, RenderOptions } from './dashboard-module';
import { formatClock, formatCost, formatDuration, formatTokens, shortModelName } from './format-helpers';
import { emptyMessage, finishLines, renderNow, sessionBadge, statusGlyph, text } from './render-helpers';
import {
  type RequestLedger,
  type RequestRecord,
  createRequestLedger,
  currentPhase,
  newestRecords,
  reduceRequestLedger,
  requestDuration,
} from './request-ledger';

export type ActivityFeedState = RequestLedger;

function outcome(record: RequestRecord, now: number, options: RenderOptions): string {
  if (record.end) {
    return `${record.end.status} ${formatDuration(record.end.durationMs)} ${formatTokens(record.end.outputTokens)} out ${formatCost(record.end.costUsd)}`;
  }
  if (record.error) {
    return paint(
      `${record.error.status} ${record.error.errorType} ${formatDuration(record.error.durationMs)}`,
      'red',
      options.color,
    );
  }
  return paint(
    `${currentPhase(record) ?? 'started'} ${formatDuration(requestDuration(record, now))}`,
    'cyan',
    options.color,
  );
}

function requestLine(record: RequestRecord, now: number, options: RenderOptions): string {
  const route = `${shortModelName(record.start.claudeModel)}→${record.start.routedModel}`;
  return `${formatClock(record.start.startedAt)} ${statusGlyph(record, options)} ${text(route, null, options)} ${outcome(record, now, options)}`;
}

/** Sessions with their requests, the session with the newest request first. */
function groupBySession(state: ActivityFeedState): Array<[string | null, RequestRecord[]]> {
  const groups = new Map<string | null, RequestRecord[]>();
  for (const record of newestRecords(state)) {
    const key = record.start.sessionId;
    const group = groups.get(key) ?? [];
    group.push(record);
    groups.set(key, group);
  }
  return [...groups.entries()];
}

function renderDense(state: ActivityFeedState, options: RenderOptions): string[] {
  if (state.order.length === 0) return emptyMessage(options);
  const now = renderNow(state.latestAt, options);
  const groups = groupBySession(state);
  // Share rows between sessions so a busy one cannot hide the others.
  const perSession = Math.max(1, Math.floor(options.height / Math.max(1, groups.length)) - 1);
  const lines: string[] = [];
  for (const [sessionId, records] of groups) {
    const cost = records.reduce((sum, record) => sum + (record.end?.costUsd ?? 0), 0);
    const failed = records.filter((record) => record.status === 'failed').length;
    lines.push(
      `${sessionBadge(sessionId, options)} ${records.length} req${failed ? paint(` ${failed} failed`, 'red', options.color) : ''} ${formatCost(cost)}`,
    );
    for (const record of records.slice(0, perSession)) lines.push(`  ${requestLine(record, now, options)}`);
  }
  return finishLines(lines, options);
}

function renderSparse(state: ActivityFeedState, options: RenderOptions): string[] {
  if (state.order.length === 0) return emptyMessage(options);
  const now = renderNow(state.latestAt, options);
  const lines = newestRecords(state).map(
    (record) => `${sessionBadge(record.start.sessionId, options)} ${requestLine(record, now, options)}`,
  );
  return finishLines(lines, options);
}

/** Activity Feed: per-session request history, pairing each start with its end or error. */
export const activityFeed: DashboardModule<ActivityFeedState> = {
  id: 'activity',
  title: 'Activity',
  initialState: () => createRequestLedger(50),
  reduce: (state: ActivityFeedState, event: FeedEvent) => reduceRequestLedger(state, event),
  renderDense,
  renderSparse,
};
