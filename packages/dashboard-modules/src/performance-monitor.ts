import type { FeedEvent } from '@ccp/feed';
import { paint } from './color-tags';
import type { DashboardModule, RenderOptions } from './dashboard-module';
import {
  formatCost,
  formatDuration,
  formatPercent,
  formatTokens,
  formatTokensPerSecond,
  renderBar,
  shortModelName,
} from './format-helpers';
import {
  emptyMessage,
  finishLines,
  loadColor,
  renderNow,
  sessionBadge,
  statusGlyph,
  text,
} from './render-helpers';
import {
  type RequestLedger,
  type RequestRecord,
  contextTokens,
  createRequestLedger,
  currentPhase,
  newestRecords,
  reduceRequestLedger,
  requestDuration,
  requestTokensPerSecond,
} from './request-ledger';

export type PerformanceMonitorState = RequestLedger;

/** The request to watch: the newest live one, else the newest finished one. */
function focusedRecord(state: PerformanceMonitorState): RequestRecord | null {
  const records = newestRecords(state);
  return records.find((record) => record.status === 'active') ?? records[0] ?? null;
}

function stateLabel(record: RequestRecord, options: RenderOptions): string {
  if (record.status === 'active') {
    const mode = record.start.streamed ? 'streaming' : 'waiting';
    return paint(`${mode} · ${currentPhase(record) ?? 'start'}`, 'cyan', options.color);
  }
  if (record.end)
    return paint(`done ${record.end.status} ${record.end.stopReason ?? ''}`.trim(), 'green', options.color);
  const error = record.error;
  return paint(`failed ${error?.status ?? ''} ${error?.errorType ?? ''}`.trim(), 'red', options.color);
}

function barLine(
  label: string,
  value: number,
  maximum: number | null,
  suffix: string,
  options: RenderOptions,
): string {
  const barWidth = Math.max(4, Math.min(30, options.width - label.length - suffix.length - 3));
  const ratio = maximum ? value / maximum : 0;
  const bar = paint(renderBar(value, maximum, barWidth), maximum ? loadColor(ratio) : 'gray', options.color);
  return `${label} ${bar} ${suffix}`;
}

function renderDense(state: PerformanceMonitorState, options: RenderOptions): string[] {
  const record = focusedRecord(state);
  if (!record) return emptyMessage(options);
  const now = renderNow(state.latestAt, options);
  const { start } = record;
  const context = contextTokens(record);
  const thinkingLimit = start.reasoning.budgetTokens;
  const thinkingNote = start.reasoning.effort ? ` effort ${start.reasoning.effort}` : '';
  const active = newestRecords(state).filter((candidate) => candidate.status === 'active').length;
  const lines = [
    `${statusGlyph(record, options)} ${sessionBadge(start.sessionId, options)} ${stateLabel(record, options)}  ${formatDuration(requestDuration(record, now))}`,
    `${text(shortModelName(start.claudeModel), null, options)} → ${text(start.routedModel, 'cyan', options)} ${text(`@${start.provider}`, 'gray', options)}`,
    barLine(
      'Context ',
      context,
      start.contextWindow,
      `${formatTokens(context)} / ${formatTokens(start.contextWindow)}${start.contextWindow ? ` ${formatPercent(context / start.contextWindow)}` : ''}`,
      options,
    ),
    barLine(
      'Output  ',
      record.outputTokens,
      start.maxOutputTokens,
      `${formatTokens(record.outputTokens)} / ${formatTokens(start.maxOutputTokens)}`,
      options,
    ),
    barLine(
      'Thinking',
      record.thinkingTokens,
      thinkingLimit ?? start.maxOutputTokens,
      `${formatTokens(record.thinkingTokens)}${thinkingLimit ? ` / ${formatTokens(thinkingLimit)}` : ''}${thinkingNote}`,
      options,
    ),
    `Cost ${record.end ? formatCost(record.end.costUsd) : '—'} · ${formatTokensPerSecond(requestTokensPerSecond(record, now))} · TTFT ${formatDuration(record.end?.timeToFirstTokenMs)}`,
    `Active ${active} · ${record.start.streamed ? 'streamed' : 'not streamed'}`,
  ];
  return finishLines(lines, options);
}

function renderSparse(state: PerformanceMonitorState, options: RenderOptions): string[] {
  const records = newestRecords(state);
  if (records.length === 0) return emptyMessage(options);
  const now = renderNow(state.latestAt, options);
  const lines = records.map((record) => {
    const context = record.start.contextWindow
      ? `ctx ${formatPercent(contextTokens(record) / record.start.contextWindow)}`
      : `ctx ${formatTokens(contextTokens(record))}`;
    return [
      statusGlyph(record, options),
      text(record.start.routedModel, 'cyan', options),
      formatDuration(requestDuration(record, now)),
      context,
      `out ${formatTokens(record.outputTokens)}`,
      formatTokensPerSecond(requestTokensPerSecond(record, now)),
      record.end ? formatCost(record.end.costUsd) : '',
    ]
      .filter(Boolean)
      .join(' ');
  });
  return finishLines(lines, options);
}

/** Performance Monitor: duration, context and output bars, thinking, cost, tokens/s, streaming state. */
export const performanceMonitor: DashboardModule<PerformanceMonitorState> = {
  id: 'performance',
  title: 'Performance',
  initialState: () => createRequestLedger(50),
  reduce: (state: PerformanceMonitorState, event: FeedEvent) => reduceRequestLedger(state, event),
  renderDense,
  renderSparse,
};
