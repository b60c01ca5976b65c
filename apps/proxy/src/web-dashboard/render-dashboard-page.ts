import { dashboardPageScript } from '@ccp/dashboard-modules/dashboard-page-script';
import { dashboardPageStyle } from './dashboard-page-style';

export interface DashboardPageOptions {
  /** Path of the feed WebSocket on the same origin. Default `/feed`. */
  feedPath?: string;
  /** Shown in the title bar, e.g. the proxy's name or port. Default `ccp`. */
  title?: string;
}

/**
 * The live dashboard page served at `GET /dashboard`: one self-contained HTML document (inline
 * CSS and JS, charts drawn on canvas, no external requests) that subscribes to the feed on the
 * same origin. On a proxy that is not on loopback it asks for the proxy key (or takes `?key=`).
 *
 * @example app.get('/dashboard', (c) => c.html(renderDashboardPage({ feedPath: '/feed' })));
 */
export function renderDashboardPage(options: DashboardPageOptions = {}): string {
  const config = { feedPath: options.feedPath ?? '/feed' };
  const title = _escapeHtml(options.title ?? 'ccp');
  // `<` is escaped so no value can close the script element.
  const configJson = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · live dashboard</title>
<style>${dashboardPageStyle}</style>
</head>
<body>
<header>
  <h1>${title} · live</h1>
  <span id="status" class="connecting">connecting</span>
  <span id="history-note" class="muted"></span>
  <form id="key-form" autocomplete="off">
    <span id="key-message" class="muted"></span>
    <input id="key-input" type="password" placeholder="proxy key" aria-label="proxy key">
    <button type="submit">Connect</button>
  </form>
</header>
<main>
  <section class="cards">
    <div class="panel card"><div class="label">Requests</div><div class="value" id="stat-requests">0</div></div>
    <div class="panel card"><div class="label">Success</div><div class="value" id="stat-success">—</div></div>
    <div class="panel card"><div class="label">Active</div><div class="value" id="stat-active">0</div></div>
    <div class="panel card"><div class="label">Cost</div><div class="value" id="stat-cost">$0</div></div>
    <div class="panel card"><div class="label">Avg latency</div><div class="value" id="stat-latency">—</div></div>
    <div class="panel card"><div class="label">Avg output rate</div><div class="value" id="stat-rate">—</div></div>
  </section>
  <section class="panel span-12"><h2>Request waterfall</h2><div class="legend" id="waterfall-legend"></div><div id="waterfall"></div></section>
  <section class="panel span-6"><h2>Latency per request <span class="muted">(bar: total, gold tick: first token)</span></h2><canvas id="latency-chart"></canvas></section>
  <section class="panel span-6"><h2>Output tokens per second</h2><canvas id="rate-chart"></canvas></section>
  <section class="panel span-6"><h2>Routing</h2><table id="routing"><thead><tr><th>Claude model</th><th>Routed to</th><th>Requests</th><th>Tokens in → out</th></tr></thead><tbody></tbody></table></section>
  <section class="panel span-6"><h2>Top models</h2><div id="models"></div></section>
  <section class="panel span-4"><h2>Recent errors</h2><div id="errors"></div></section>
  <section class="panel" style="grid-column: span 8"><h2>Recent requests</h2><table id="recent"><thead><tr><th>Time</th><th>Session</th><th>Model</th><th>Status</th><th>Duration</th><th>Output</th><th>Rate</th><th>Cost</th></tr></thead><tbody></tbody></table></section>
</main>
<script>window.ccpDashboardConfig = ${configJson};</script>
<script>${dashboardPageScript}</script>
</body>
</html>
`;
}

function _escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
