import { hotModels } from '../analytics-panel';
import {
  formatClock,
  formatCost,
  formatDuration,
  formatPercent,
  formatTokens,
  formatTokensPerSecond,
} from '../format-helpers';
import {
  type RequestRecord,
  currentPhase,
  newestRecords,
  requestDuration,
  requestTokensPerSecond,
} from '../request-ledger';
import { phaseSpans, waterfallPhaseStyles } from '../request-waterfall';
import { sortedRouteFlows } from '../routing-visualizer';
import { sessionColor, sessionLabel } from '../session-colors';
import { type DashboardPageState, recentErrorRecords, summarizeDashboardPage } from './dashboard-page-state';
import { chartLineColor, pageColors } from './page-colors';

/**
 * Draws the page's panels from the state, into the elements of the page served at /dashboard.
 * Everything from the feed goes in through `textContent`, so model names and error messages
 * cannot inject markup.
 */
export function drawDashboardPage(document: Document, state: DashboardPageState, now: number): void {
  const page = _pageDocument(document);
  const summary = summarizeDashboardPage(state);
  page.byId('stat-requests').textContent = String(summary.requests);
  page.byId('stat-success').textContent = formatPercentWithTenths(summary.successRatio);
  page.byId('stat-active').textContent = String(summary.active);
  page.byId('stat-cost').textContent = formatCost(summary.costUsd);
  page.byId('stat-latency').textContent = formatDuration(summary.averageLatencyMs);
  page.byId('stat-rate').textContent = formatRate(summary.averageOutputRate);
  const replayed = state.replayedRequests;
  page.byId('history-note').textContent =
    replayed > 0 ? `incl. ${replayed} request${replayed === 1 ? '' : 's'} from before the proxy started` : '';
  const records = newestRecords(state.ledger);
  drawWaterfall(page, records.slice(0, 14), now);
  drawLatencyChart(page, records.slice(0, 60).reverse(), now);
  drawRateChart(page, records.slice(0, 60).reverse(), now);
  drawRouting(page, state);
  drawModels(page, state);
  drawErrors(page, state);
  drawRecentRequests(page, records.slice(0, 25), now);
}

/** The phase legend above the waterfall; drawn once. */
export function drawWaterfallLegend(document: Document): void {
  const page = _pageDocument(document);
  const legend = page.byId('waterfall-legend');
  for (const style of Object.values(waterfallPhaseStyles)) {
    const item = page.element('span');
    const swatch = page.element('i');
    swatch.style.background = pageColors[style.color];
    item.append(swatch, style.label);
    legend.appendChild(item);
  }
}

/** `91.7%`: the cards always show a tenth, also for 100.0%. */
function formatPercentWithTenths(ratio: number | null): string {
  return ratio === null ? formatPercent(ratio) : `${(ratio * 100).toFixed(1)}%`;
}

/** `52.3 tok/s`, or `—` alone when there is no rate yet. */
function formatRate(rate: number | null): string {
  return rate === null ? '—' : formatTokensPerSecond(rate);
}

interface PageDocument {
  byId<Element extends HTMLElement = HTMLElement>(id: string): Element;
  element<Tag extends keyof HTMLElementTagNameMap>(
    tag: Tag,
    className?: string | null,
    text?: string,
  ): HTMLElementTagNameMap[Tag];
}

function _pageDocument(document: Document): PageDocument {
  return {
    byId<Element extends HTMLElement = HTMLElement>(id: string): Element {
      const found = document.getElementById(id);
      if (!found) throw new Error(`The dashboard page has no element #${id}.`);
      return found as Element;
    },
    element(tag, className, text) {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    },
  };
}

type Outcome = 'ok' | 'fail' | 'live';

function outcomeOf(record: RequestRecord): Outcome {
  if (record.status === 'succeeded') return 'ok';
  return record.status === 'failed' ? 'fail' : 'live';
}

const outcomeGlyph: Record<Outcome, string> = { ok: '✓', fail: '✗', live: '▶' };

function statusCell(page: PageDocument, record: RequestRecord): HTMLElement {
  const outcome = outcomeOf(record);
  const status = record.end?.status ?? record.error?.status;
  const detail = status === undefined ? (currentPhase(record) ?? 'start') : String(status);
  return page.element('span', outcome, `${outcomeGlyph[outcome]} ${detail}`);
}

function sessionDot(page: PageDocument, sessionId: string | null): HTMLElement {
  const dot = page.element('span', 'session');
  dot.style.background = pageColors[sessionColor(sessionId)];
  return dot;
}

function drawWaterfall(page: PageDocument, records: RequestRecord[], now: number): void {
  const box = page.byId('waterfall');
  box.replaceChildren();
  if (records.length === 0) {
    box.appendChild(page.element('div', 'empty', 'Waiting for requests…'));
    return;
  }
  const scale = Math.max(1, ...records.map((record) => requestDuration(record, now)));
  for (const record of records) {
    const row = page.element('div', 'waterfall-row');
    row.dataset.requestId = record.start.requestId;
    const outcome = outcomeOf(record);
    row.appendChild(page.element('span', outcome, outcomeGlyph[outcome]));
    const label = page.element('span');
    label.append(sessionDot(page, record.start.sessionId), record.start.routedModel);
    label.title = `${record.start.claudeModel} → ${record.start.routedModel} @${record.start.provider}`;
    row.appendChild(label);
    const track = page.element('div', 'waterfall-track');
    for (const span of phaseSpans(record, now)) {
      const style = waterfallPhaseStyles[span.phase];
      const segment = page.element('span');
      segment.style.left = `${(span.startMs * 100) / scale}%`;
      segment.style.width = `${(span.durationMs * 100) / scale}%`;
      segment.style.background = pageColors[style.color];
      segment.title = `${style.label} ${formatDuration(span.durationMs)}`;
      track.appendChild(segment);
    }
    row.appendChild(track);
    row.appendChild(page.element('span', 'muted', formatDuration(requestDuration(record, now))));
    box.appendChild(row);
  }
}

interface Chart {
  context: CanvasRenderingContext2D;
  width: number;
  height: number;
}

const chartFont = '11px ui-monospace, monospace';

function prepareCanvas(canvas: HTMLCanvasElement): Chart | null {
  const ratio = canvas.ownerDocument.defaultView?.devicePixelRatio || 1;
  const width = canvas.clientWidth || 300;
  const height = canvas.clientHeight || 160;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  context.font = chartFont;
  return { context, width, height };
}

/** Three grid lines with their values, from `maximum` at the top to 0. */
function drawAxis(chart: Chart, maximum: number, format: (value: number) => string): void {
  chart.context.strokeStyle = chartLineColor;
  chart.context.fillStyle = pageColors.gray;
  for (let line = 0; line <= 2; line += 1) {
    const y = 8 + ((chart.height - 24) * line) / 2;
    chart.context.beginPath();
    chart.context.moveTo(48, y);
    chart.context.lineTo(chart.width, y);
    chart.context.stroke();
    chart.context.fillText(format((maximum * (2 - line)) / 2), 0, y + 4);
  }
}

function drawEmptyChart(chart: Chart, message: string): void {
  chart.context.fillStyle = pageColors.gray;
  chart.context.fillText(message, 56, 24);
}

/** One bar per request (green ok, red failed, cyan live) with a gold tick at the first token. */
function drawLatencyChart(page: PageDocument, records: RequestRecord[], now: number): void {
  const chart = prepareCanvas(page.byId<HTMLCanvasElement>('latency-chart'));
  if (!chart) return;
  if (records.length === 0) {
    drawEmptyChart(chart, 'No requests yet');
    return;
  }
  const maximum = Math.max(1, ...records.map((record) => requestDuration(record, now)));
  drawAxis(chart, maximum, formatDuration);
  const plotWidth = chart.width - 56;
  const plotHeight = chart.height - 24;
  const step = plotWidth / Math.max(records.length, 10);
  const barColor: Record<Outcome, string> = {
    ok: pageColors.green,
    fail: pageColors.red,
    live: pageColors.cyan,
  };
  records.forEach((record, index) => {
    const height = Math.max(1, (requestDuration(record, now) / maximum) * plotHeight);
    const x = 52 + index * step;
    chart.context.fillStyle = barColor[outcomeOf(record)];
    chart.context.fillRect(x, 8 + plotHeight - height, Math.max(2, step - 3), height);
    const firstToken = record.end?.timeToFirstTokenMs;
    if (firstToken) {
      chart.context.fillStyle = pageColors.yellow;
      chart.context.fillRect(
        x,
        8 + plotHeight - (firstToken / maximum) * plotHeight - 1,
        Math.max(2, step - 3),
        2,
      );
    }
  });
}

/** A line through the output rate of each request that has one. */
function drawRateChart(page: PageDocument, records: RequestRecord[], now: number): void {
  const chart = prepareCanvas(page.byId<HTMLCanvasElement>('rate-chart'));
  if (!chart) return;
  const points = records
    .map((record) => requestTokensPerSecond(record, now))
    .filter((rate): rate is number => rate !== null);
  if (points.length === 0) {
    drawEmptyChart(chart, 'No token rates yet');
    return;
  }
  const maximum = Math.max(1, ...points);
  drawAxis(chart, maximum, (value) => `${Math.round(value)}/s`);
  const plotWidth = chart.width - 56;
  const plotHeight = chart.height - 24;
  const step = plotWidth / Math.max(points.length - 1, 1);
  const x = (index: number) => 52 + index * step;
  const y = (rate: number) => 8 + plotHeight - (rate / maximum) * plotHeight;
  const { context } = chart;
  context.strokeStyle = pageColors.blue;
  context.lineWidth = 2;
  context.beginPath();
  points.forEach((rate, index) => {
    if (index === 0) context.moveTo(x(index), y(rate));
    else context.lineTo(x(index), y(rate));
  });
  context.stroke();
  context.fillStyle = pageColors.blue;
  points.forEach((rate, index) => {
    context.beginPath();
    context.arc(x(index), y(rate), 3, 0, Math.PI * 2);
    context.fill();
  });
}

function emptyTableRow(page: PageDocument, columns: number, message: string): HTMLTableRowElement {
  const row = page.element('tr');
  const cell = page.element('td', 'empty', message);
  cell.colSpan = columns;
  row.appendChild(cell);
  return row;
}

function tableBody(page: PageDocument, id: string): HTMLTableSectionElement {
  const body = page.byId<HTMLTableElement>(id).tBodies[0];
  if (!body) throw new Error(`The dashboard page's table #${id} has no body.`);
  return body;
}

function drawRouting(page: PageDocument, state: DashboardPageState): void {
  const body = tableBody(page, 'routing');
  body.replaceChildren();
  const flows = sortedRouteFlows(state.routing);
  if (flows.length === 0) {
    body.appendChild(emptyTableRow(page, 4, 'No routes yet'));
    return;
  }
  for (const flow of flows.slice(0, 12)) {
    const row = page.element('tr');
    row.append(
      page.element('td', null, flow.claudeModel),
      page.element('td', null, `→ ${flow.routedModel} @${flow.provider}`),
      page.element('td', null, `${flow.requests}${flow.failed ? ` (${flow.failed} ✗)` : ''}`),
      page.element('td', 'muted', `${formatTokens(flow.inputTokens)} → ${formatTokens(flow.outputTokens)}`),
    );
    body.appendChild(row);
  }
}

function drawModels(page: PageDocument, state: DashboardPageState): void {
  const box = page.byId('models');
  box.replaceChildren();
  const models = hotModels(state.analytics).slice(0, 8);
  if (models.length === 0) {
    box.appendChild(page.element('div', 'empty', 'No models yet'));
    return;
  }
  const maximum = models[0]?.requests || 1;
  for (const model of models) {
    const row = page.element('div');
    row.style.marginBottom = '6px';
    row.appendChild(
      page.element('div', null, `${model.model}  ×${model.requests}  ${formatCost(model.costUsd)}`),
    );
    const bar = page.element('div', 'model-bar');
    bar.style.width = `${(model.requests * 100) / maximum}%`;
    row.appendChild(bar);
    box.appendChild(row);
  }
}

function drawErrors(page: PageDocument, state: DashboardPageState): void {
  const box = page.byId('errors');
  box.replaceChildren();
  const failed = recentErrorRecords(state).slice(0, 8);
  if (failed.length === 0) {
    box.appendChild(page.element('div', 'empty', 'No errors'));
    return;
  }
  for (const record of failed) {
    const { error } = record;
    if (!error) continue;
    const item = page.element('div', 'error-item');
    item.append(
      page.element(
        'div',
        'fail',
        `${formatClock(error.at)}  ${error.status} ${error.errorType}  ${record.start.routedModel}`,
      ),
      page.element('div', 'message', error.message),
    );
    box.appendChild(item);
  }
}

function drawRecentRequests(page: PageDocument, records: RequestRecord[], now: number): void {
  const body = tableBody(page, 'recent');
  body.replaceChildren();
  if (records.length === 0) {
    body.appendChild(emptyTableRow(page, 8, 'Waiting for requests…'));
    return;
  }
  for (const record of records) {
    const { start } = record;
    const row = page.element('tr');
    row.dataset.requestId = start.requestId;
    const session = page.element('td');
    session.append(sessionDot(page, start.sessionId), sessionLabel(start.sessionId));
    const status = page.element('td');
    status.appendChild(statusCell(page, record));
    const thinking = record.thinkingTokens ? ` (+${formatTokens(record.thinkingTokens)} think)` : '';
    row.append(
      page.element('td', 'muted', formatClock(start.startedAt)),
      session,
      page.element('td', null, `${start.claudeModel} → ${start.routedModel}`),
      status,
      page.element('td', null, formatDuration(requestDuration(record, now))),
      page.element('td', null, `${formatTokens(record.outputTokens)}${thinking}`),
      page.element('td', null, formatRate(requestTokensPerSecond(record, now))),
      page.element('td', null, record.end ? formatCost(record.end.costUsd) : '—'),
    );
    body.appendChild(row);
  }
}
