import blessed from 'blessed';
import { escapeTags } from '@ccp/dashboard-modules';
import type { DashboardModel, DashboardPanel } from './dashboard-model';
import type { DashboardDisplay } from './dashboard-options';
import type { FeedSource } from './feed-source';
import { computeLayoutRegions } from './layout-regions';
import { renderTrendsView } from './trends-view';

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
 * (bar charts of the recent requests' latency and output speed, filling the screen).
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
    content: adaptColors(
      '{gray-fg} q quit · p pause · 1-5/tab focus · m dense/sparse · z zoom · t trends{/gray-fg}',
    ),
  });
  const trends = blessed.box({
    parent: screen,
    top: 1,
    left: 0,
    width: '100%',
    height: '100%-2',
    label: ' trends · t to go back ',
    tags: true,
    wrap: false,
    border: { type: 'line' },
    style: { border: { fg: 'yellow' }, label: { fg: 'white' } },
  });
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
    if (showTrends) {
      for (const box of boxes.values()) box.hide();
      trends.show();
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
      const width = Math.max(1, Number(trends.width) - 2);
      const height = Math.max(1, Number(trends.height) - 2);
      trends.setContent(adaptColors(renderTrendsView(model.trends, width, height, true).join('\n')));
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
