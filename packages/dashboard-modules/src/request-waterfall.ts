import type { FeedEvent, RequestPhase } from '@ccp/feed';
import { type TagColor, paint } from './color-tags';
import type { DashboardModule, RenderOptions } from './dashboard-module';
import { formatDuration, truncate } from './format-helpers';
import { emptyMessage, finishLines, renderNow, sessionBadge, statusGlyph, text } from './render-helpers';
import {
  type RequestLedger,
  type RequestRecord,
  createRequestLedger,
  newestRecords,
  reduceRequestLedger,
  requestDuration,
} from './request-ledger';

export type RequestWaterfallState = RequestLedger;

/** A timed phase of one request. */
export interface PhaseSpan {
  phase: Exclude<RequestPhase, 'done'>;
  startMs: number;
  durationMs: number;
}

/** How each timed phase is drawn: its label, its glyph without colour, and its colour. */
export const waterfallPhaseStyles: Readonly<
  Record<Exclude<RequestPhase, 'done'>, { label: string; glyph: string; color: TagColor }>
> = {
  parse: { label: 'Parse', glyph: 'p', color: 'white' },
  route: { label: 'Route', glyph: 'r', color: 'magenta' },
  think: { label: 'Think', glyph: 't', color: 'yellow' },
  send: { label: 'Send', glyph: 's', color: 'blue' },
  wait: { label: 'Wait', glyph: 'w', color: 'red' },
  receive: { label: 'Recv', glyph: '=', color: 'green' },
};

/**
 * The phases of a request as spans relative to its start: each phase lasts until the next one
 * begins; the last one of a live request lasts until `now`.
 */
export function phaseSpans(record: RequestRecord, now: number): PhaseSpan[] {
  const origin = record.start.startedAt;
  const finishedAt = record.end?.at ?? record.error?.at ?? null;
  const spans: PhaseSpan[] = [];
  record.phases.forEach((entry, index) => {
    if (entry.phase === 'done') return;
    const next = record.phases[index + 1]?.at ?? finishedAt ?? now;
    spans.push({
      phase: entry.phase,
      startMs: Math.max(0, entry.at - origin),
      durationMs: Math.max(0, next - entry.at),
    });
  });
  return spans;
}

function barFor(spans: PhaseSpan[], scaleMs: number, width: number, options: RenderOptions): string {
  const cells: Array<Exclude<RequestPhase, 'done'> | null> = Array.from({ length: width }, () => null);
  let cursor = 0;
  for (const span of spans) {
    // Every phase gets at least one cell, after the previous one, so short phases stay visible.
    const from = Math.max(cursor, Math.floor((span.startMs / scaleMs) * width));
    const to = Math.max(from + 1, Math.round(((span.startMs + span.durationMs) / scaleMs) * width));
    for (let cell = from; cell < Math.min(width, to); cell += 1) cells[cell] = span.phase;
    cursor = to;
  }
  let bar = '';
  let index = 0;
  while (index < width) {
    const phase = cells[index];
    let run = 1;
    while (index + run < width && cells[index + run] === phase) run += 1;
    if (phase === null || phase === undefined) bar += ' '.repeat(run);
    else {
      const style = waterfallPhaseStyles[phase];
      bar += options.color ? paint('█'.repeat(run), style.color, true) : style.glyph.repeat(run);
    }
    index += run;
  }
  return bar;
}

function rows(state: RequestWaterfallState, options: RenderOptions, withLabels: boolean): string[] {
  const now = renderNow(state.latestAt, options);
  const records = newestRecords(state);
  const visible = records.slice(0, Math.max(1, options.height - (withLabels ? 2 : 0)));
  const scaleMs = Math.max(1, ...visible.map((record) => requestDuration(record, now)));
  const labelWidth = withLabels ? Math.min(24, Math.max(10, Math.floor(options.width * 0.25))) : 0;
  const barWidth = Math.max(8, options.width - labelWidth - 12);
  return visible.map((record) => {
    const spans = phaseSpans(record, now);
    const label = withLabels
      ? `${sessionBadge(record.start.sessionId, { ...options, color: options.color })} ${text(truncate(record.start.routedModel, labelWidth - 9).padEnd(labelWidth - 9), null, options)} `
      : '';
    return `${statusGlyph(record, options)} ${label}${barFor(spans, scaleMs, barWidth, options)} ${formatDuration(requestDuration(record, now))}`;
  });
}

function legend(options: RenderOptions): string {
  return Object.values(waterfallPhaseStyles)
    .map((style) => `${options.color ? paint('█', style.color, true) : style.glyph} ${style.label}`)
    .join('  ');
}

function renderDense(state: RequestWaterfallState, options: RenderOptions): string[] {
  if (state.order.length === 0) return emptyMessage(options);
  const now = renderNow(state.latestAt, options);
  const focused = newestRecords(state)[0];
  const detail = focused
    ? phaseSpans(focused, now)
        .map((span) => `${waterfallPhaseStyles[span.phase].label} ${formatDuration(span.durationMs)}`)
        .join(' → ')
    : '';
  return finishLines([legend(options), ...rows(state, options, true), `Latest: ${detail}`], options);
}

function renderSparse(state: RequestWaterfallState, options: RenderOptions): string[] {
  if (state.order.length === 0) return emptyMessage(options);
  return finishLines(rows(state, options, false), options);
}

/** Request Waterfall: Parse → Route → Think → Send → Wait → Recv → Done per request, live for active ones. */
export const requestWaterfall: DashboardModule<RequestWaterfallState> = {
  id: 'waterfall',
  title: 'Waterfall',
  initialState: () => createRequestLedger(50),
  reduce: (state: RequestWaterfallState, event: FeedEvent) => reduceRequestLedger(state, event),
  renderDense,
  renderSparse,
};

/** Names of the phases in display order, for legends elsewhere. */
export const waterfallPhases: readonly RequestPhase[] = [
  'parse',
  'route',
  'think',
  'send',
  'wait',
  'receive',
  'done',
];
