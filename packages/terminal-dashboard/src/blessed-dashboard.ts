/// <reference path="./blessed-contrib-line.d.ts" />
import blessed from 'blessed';
import Line from 'blessed-contrib/lib/widget/charts/line.js';
import { escapeTags } from '@ccp/dashboard-modules';
import type { DashboardModel, DashboardPanel } from './dashboard-model';
import type { DashboardDisplay } from './dashboard-options';
import type { FeedSource } from './feed-source';
import { computeLayoutRegions } from './layout-regions';
import { type TrendLineChart, trendLineCharts } from './trends-view';

export interface BlessedDashboardOptions {
  display: DashboardDisplay;
  model: DashboardModel;
  source: FeedSource;
  /** The terminal: keys are read from `input`, the screen is drawn on `output`. */
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export interface RunningDashboard {
  /** Resolves when the user quits (q or Ctrl-C) or `close` is called. */
  closed: Promise<void>;
  close(): void;
}

const statusColor = { connected: 'green', connecting: 'yellow', disconnected: 'red' } as const;

/**
 * Draws the dashboard with blessed: edge modules around the centre waterfall, a status line,
 * and keys q/Ctrl-C quit, p pause, 1–5 or tab focus, m switch dense/sparse, z zoom, t trends
 * (blessed-contrib line charts of the recent requests' latency and output speed, filling the screen).
 */
export function runBlessedDashboard(options: BlessedDashboardOptions): RunningDashboard {
  const { display, model } = options;
  const screen = blessed.screen({
    smartCSR: true,
    title: 'ccp dashboard',
    // @types/blessed swaps the stream types of input and output; the runtime takes them as named.
    input: options.input as never,
    output: options.output as never,
    warnings: false,
    dockBorders: true,
    // Every module draws Unicode bars and glyphs, so draw borders in Unicode too instead of ACS.
    forceUnicode: true,
  });
  // With Unicode forced, draw line characters as Unicode rather than switching to the terminal's
  // alternate character set: the result looks the same, and tmux captures stay readable text.
  const terminalInfo = (screen as unknown as { tput?: { brokenACS?: boolean } }).tput;
  if (terminalInfo) terminalInfo.brokenACS = true;
  // On 8-colour terminals blessed turns gray into black, which vanishes on a dark background.
  const fewColors = Number((screen as unknown as { tput?: { colors?: number } }).tput?.colors ?? 256) < 16;
  const dimColor = fewColors ? 'white' : 'gray';
  const adaptColors = (text: string) =>
    fewColors ? text.replaceAll('{gray-fg}', '{white-fg}').replaceAll('{/gray-fg}', '{/white-fg}') : text;
  const titleBar = blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: 1, tags: true });
  const helpBar = blessed.box({
    parent: screen,
    bottom: 0,
    left: 0,
    width: '100%',
    height: 1,
    tags: true,
  });
  const helpText = (trendsShown: boolean) =>
    adaptColors(
      trendsShown
        ? '{gray-fg} t back to the modules · q quit · p pause{/gray-fg}'
        : '{gray-fg} q quit · p pause · 1-5/tab focus · m dense/sparse · z zoom · t trends{/gray-fg}',
    );
  // The trends view: latency above output speed, two line charts filling the space between the bars.
  const trends = blessed.box({ parent: screen, top: 1, left: 0, width: '100%', height: '100%-2' });
  const trendChart = (line: string) =>
    Line({
      screen,
      left: 0,
      border: { type: 'line' },
      style: { line, text: 'normal', baseline: 'normal', border: { fg: 'yellow' }, label: { fg: 'white' } },
    });
  const latencyChart = trendChart('cyan');
  const speedChart = trendChart('green');
  trends.hide();
  let showTrends = false;
  const boxes = new Map<DashboardPanel, blessed.Widgets.BoxElement>();
  for (const panel of model.panels) {
    boxes.set(
      panel,
      blessed.box({
        parent: screen,
        tags: true,
        // Lines arrive already fitted to the width; blessed's own wrapping miscounts `{/}` tags.
        wrap: false,
        border: { type: 'line' },
        style: { border: { fg: dimColor }, label: { fg: 'white' } },
      }),
    );
  }
  let focused = model.panels.length - 1;
  let zoomed = false;
  let drawnVersion = -1;

  function layout(): void {
    helpBar.setContent(helpText(showTrends));
    if (showTrends) {
      for (const box of boxes.values()) box.hide();
      trends.show();
      layoutTrends();
      return;
    }
    trends.hide();
    const width = Number(screen.width);
    const height = Number(screen.height) - 2;
    const edges = model.panels.filter((panel) => panel.slot !== 'centre');
    const regions = computeLayoutRegions(edges.length, display.layout, width, height, 1);
    for (const panel of model.panels) {
      const box = boxes.get(panel);
      if (!box) continue;
      const focusedPanel = model.panels[focused];
      const region =
        zoomed && focusedPanel
          ? panel === focusedPanel
            ? { top: 1, left: 0, width, height }
            : null
          : panel.slot === 'centre'
            ? regions.centre
            : (regions.edges[panel.slot] ?? null);
      if (!region) {
        box.hide();
        continue;
      }
      box.show();
      box.top = region.top;
      box.left = region.left;
      box.width = region.width;
      box.height = region.height;
    }
  }

  function layoutTrends(): void {
    // A canvas narrower or lower than the chart's border and margins cannot be drawn.
    const width = Math.max(16, Number(screen.width));
    const height = Math.max(12, Number(screen.height) - 2);
    latencyChart.width = width;
    speedChart.width = width;
    const latencyHeight = Math.ceil(height / 2);
    latencyChart.top = 0;
    latencyChart.height = latencyHeight;
    speedChart.top = latencyHeight;
    speedChart.height = height - latencyHeight;
    // A chart sizes its canvas when it is attached: attaching it again fits the canvas to its new size.
    trends.append(latencyChart);
    trends.append(speedChart);
  }

  function drawTrendChart(chart: typeof latencyChart, trend: TrendLineChart, axisWidth: number): void {
    // A label wider than the border would wrap into the chart.
    const room = Math.max(1, Number(chart.width) - 6);
    chart.setLabel(` ${trend.label.length > room ? `${trend.label.slice(0, room - 1)}…` : trend.label} `);
    // The y labels start at the left edge, and the axis stands a space after the widest of them.
    Object.assign(chart.options, {
      maxY: trend.maxY,
      numYLabels: trend.yLabelCount,
      xPadding: axisWidth * 2,
      xLabelPadding: axisWidth * 2,
    });
    chart.setData([{ title: trend.label, x: trend.x, y: trend.y }]);
    for (const caption of trend.captions) chart.ctx?.fillText(caption.text, caption.x, caption.y);
  }

  function draw(force = false): void {
    if (!force && model.paused) return;
    const live = model.activeRequests > 0;
    if (!force && !live && drawnVersion === model.version) return;
    drawnVersion = model.version;
    const status = model.status === 'disconnected' ? 'disconnected · reconnecting' : model.status;
    titleBar.setContent(
      adaptColors(
        ` {bold}ccp dashboard{/bold}  {${statusColor[model.status]}-fg}● ${status}{/${statusColor[model.status]}-fg}` +
          `  {gray-fg}${escapeTags(model.statusDetail, true)}{/gray-fg}  requests ${model.requestsSeen}` +
          `  active ${model.activeRequests}${model.paused ? '  {yellow-fg}{bold}PAUSED{/bold}{/yellow-fg}' : ''}` +
          (model.replayedRequests > 0
            ? `  {gray-fg}(${model.replayedRequests} from before the proxy started){/gray-fg}`
            : ''),
      ),
    );
    if (showTrends) {
      const charts = trendLineCharts(model.trends, {
        width: Number(latencyChart.width),
        latencyHeight: Number(latencyChart.height),
        speedHeight: Number(speedChart.height),
      });
      drawTrendChart(latencyChart, charts.latency, charts.axisWidth);
      drawTrendChart(speedChart, charts.speed, charts.axisWidth);
    }
    model.panels.forEach((panel, index) => {
      const box = boxes.get(panel);
      if (!box || box.hidden) return;
      const isFocused = index === focused;
      box.setLabel(` ${panel.number} ${panel.instance.title} · ${panel.mode} `);
      box.style.border.fg = isFocused ? 'yellow' : dimColor;
      const width = Math.max(1, Number(box.width) - 2);
      const height = Math.max(1, Number(box.height) - 2);
      box.setContent(adaptColors(model.renderPanel(panel, width, height, true).join('\n')));
    });
    screen.render();
  }

  layout();
  draw(true);
  const stop = options.source({
    onEvent: (event) => model.apply(event),
    onStatus: (status, detail) => {
      model.setStatus(status, detail);
      draw(true);
    },
  });
  const timer = setInterval(() => draw(), display.refreshMs);

  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let isClosed = false;
  function close(): void {
    if (isClosed) return;
    isClosed = true;
    clearInterval(timer);
    stop();
    screen.destroy();
    resolveClosed();
  }

  screen.key(['q', 'C-c'], close);
  screen.key(['p'], () => {
    model.paused = !model.paused;
    draw(true);
  });
  screen.key(['1', '2', '3', '4', '5'], (character: string) => {
    const index = Number(character) - 1;
    if (index < model.panels.length) focused = index;
    if (zoomed) layout();
    draw(true);
  });
  screen.key(['tab'], () => {
    focused = (focused + 1) % model.panels.length;
    if (zoomed) layout();
    draw(true);
  });
  screen.key(['m'], () => {
    const panel = model.panels[focused];
    if (panel) panel.mode = panel.mode === 'dense' ? 'sparse' : 'dense';
    draw(true);
  });
  screen.key(['z'], () => {
    zoomed = !zoomed;
    layout();
    draw(true);
  });
  screen.key(['t'], () => {
    showTrends = !showTrends;
    layout();
    draw(true);
  });
  screen.on('resize', () => {
    layout();
    draw(true);
  });
  helpBar.setFront();
  return { closed, close };
}
