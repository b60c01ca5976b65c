import { parseFeedEvent } from '@ccp/feed/events';
import {
  type DashboardPageState,
  createDashboardPageState,
  reduceDashboardPageState,
} from './dashboard-page-state';
import { drawDashboardPage, drawWaterfallLegend } from './dashboard-page-view';

/** What the server writes into the page as `window.ccpDashboardConfig`. */
export interface DashboardPageConfig {
  /** Path of the feed WebSocket on the page's own origin. */
  feedPath: string;
}

export interface RunningDashboardPage {
  /** The folded state, for a look from the browser's console. */
  state(): DashboardPageState;
}

const keyStorageName = 'ccp-feed-key';
const redrawIntervalMs = 250;

/**
 * Runs the live dashboard in the page served at /dashboard: connects to the feed on the same
 * origin (reconnecting with backoff), folds its events and redraws every 250 ms while something
 * changed or a request is live. Off loopback it needs the proxy key: from `?key=` (then kept for
 * this tab only and taken out of the address bar) or typed into the key form.
 *
 * @example startDashboardPage(window, { feedPath: '/feed' });
 */
export function startDashboardPage(
  window: Window & typeof globalThis,
  config: DashboardPageConfig,
): RunningDashboardPage {
  const { document, location, history } = window;
  let state = createDashboardPageState();
  let changed = true;
  const connection: { socket: WebSocket | null; opened: boolean; delayMs: number } = {
    socket: null,
    opened: false,
    delayMs: 250,
  };

  const byId = <Element extends HTMLElement>(id: string): Element => {
    const found = document.getElementById(id);
    if (!found) throw new Error(`The dashboard page has no element #${id}.`);
    return found as Element;
  };
  const statusBadge = byId('status');
  const keyForm = byId<HTMLFormElement>('key-form');
  const keyInput = byId<HTMLInputElement>('key-input');
  const keyMessage = byId('key-message');

  function onMessage(data: unknown): void {
    let event: ReturnType<typeof parseFeedEvent>;
    try {
      event = parseFeedEvent(JSON.parse(String(data)));
    } catch {
      return;
    }
    // Skip what this page cannot read, such as events of a newer proxy.
    if (!event) return;
    state = reduceDashboardPageState(state, event);
    changed = true;
  }

  function isLoopback(): boolean {
    const host = location.hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
  }

  function storeKey(key: string): void {
    try {
      window.sessionStorage.setItem(keyStorageName, key);
    } catch {
      // Storage is off (private mode): the key lasts until the page reloads.
    }
  }

  /** Takes `key` out of the address bar, history and screenshots. */
  function dropKeyFromAddress(): void {
    const parameters = new URLSearchParams(location.search);
    parameters.delete('key');
    const query = parameters.toString();
    history.replaceState(null, '', location.pathname + (query ? `?${query}` : ''));
  }

  function storedKey(): string {
    const fromAddress = new URLSearchParams(location.search).get('key');
    if (fromAddress) {
      storeKey(fromAddress);
      dropKeyFromAddress();
      return fromAddress;
    }
    try {
      return window.sessionStorage.getItem(keyStorageName) || '';
    } catch {
      return '';
    }
  }

  function setStatus(text: string, kind: 'connecting' | 'connected' | 'disconnected'): void {
    statusBadge.textContent = text;
    statusBadge.className = kind;
  }

  function askForKey(message: string): void {
    keyMessage.textContent = message;
    keyForm.classList.add('visible');
    keyInput.focus();
  }

  function connect(): void {
    const key = storedKey();
    if (!key && !isLoopback()) {
      setStatus('key needed', 'disconnected');
      askForKey('This proxy is not on loopback: enter the proxy key (PROXY_AUTH_KEY).');
      return;
    }
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const query = key ? `?key=${encodeURIComponent(key)}` : '';
    setStatus('connecting', 'connecting');
    const socket = new window.WebSocket(`${scheme}${location.host}${config.feedPath}${query}`);
    connection.socket = socket;
    connection.opened = false;
    socket.onopen = () => {
      connection.opened = true;
      connection.delayMs = 250;
      setStatus('connected', 'connected');
    };
    socket.onmessage = (message) => onMessage(message.data);
    socket.onclose = () => {
      if (connection.socket !== socket) return;
      setStatus('disconnected', 'disconnected');
      if (!connection.opened && !isLoopback()) {
        askForKey('The proxy refused the feed: check the key and try again.');
        return;
      }
      window.setTimeout(connect, connection.delayMs);
      connection.delayMs = Math.min(5000, connection.delayMs * 2);
    };
  }

  keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    storeKey(keyInput.value.trim());
    dropKeyFromAddress();
    keyForm.classList.remove('visible');
    connect();
  });

  drawWaterfallLegend(document);
  const redraw = () => {
    changed = false;
    drawDashboardPage(document, state, Date.now());
  };
  window.setInterval(() => {
    if (changed || state.analytics.totals.active > 0) redraw();
  }, redrawIntervalMs);
  redraw();
  connect();
  return { state: () => state };
}
