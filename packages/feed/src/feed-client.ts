import { WebSocket } from 'ws';
import { type FeedEvent, parseFeedEvent } from './feed-events';

export type FeedConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** The part of the WebSocket interface the client uses; browsers' and `ws`'s both fit. */
export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface ConnectFeedOptions {
  /** `ws://host:port/feed`; `toFeedUrl` of @ccp/config turns friendlier inputs into one. */
  url: string;
  /** The proxy key, needed when the proxy is not on loopback. */
  apiKey?: string;
  onEvent: (event: FeedEvent) => void;
  onStatus?: (status: FeedConnectionStatus, detail?: string) => void;
  /** A WebSocket class; the key then travels as `?key=` because headers cannot be set. Default: `ws`. */
  WebSocketImpl?: WebSocketConstructor;
  /** First reconnect delay; doubles up to `maximumRetryDelayMs`. Default 250 ms. */
  minimumRetryDelayMs?: number;
  /** Default 5 s. */
  maximumRetryDelayMs?: number;
  /**
   * With the default `ws` implementation: drop and redial a connection that has shown no message
   * and no server ping for this long (a proxy host that vanished without closing). Default 45 s,
   * three missed pings of the server's default heartbeat.
   */
  staleAfterMs?: number;
}

export interface FeedConnection {
  /** Stops reconnecting and closes the socket. */
  close(): void;
}

/**
 * Subscribes to the proxy feed and keeps the subscription alive across proxy restarts,
 * reconnecting with exponential backoff. Invalid messages are skipped.
 *
 * @example
 * const connection = connectFeed({
 *   url: 'ws://127.0.0.1:8082/feed',
 *   onEvent: (event) => console.log(event.type),
 *   onStatus: (status) => console.log(status),
 * });
 * connection.close();
 */
export function connectFeed(options: ConnectFeedOptions): FeedConnection {
  const minimumDelay = options.minimumRetryDelayMs ?? 250;
  const maximumDelay = options.maximumRetryDelayMs ?? 5000;
  let delay = minimumDelay;
  let stopped = false;
  let socket: WebSocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let lastStatus: FeedConnectionStatus | null = null;

  const report = (status: FeedConnectionStatus, detail?: string) => {
    if (status === lastStatus && detail === undefined) return;
    lastStatus = status;
    options.onStatus?.(status, detail);
  };

  function open(): void {
    if (stopped) return;
    report('connecting');
    const current = _createSocket(options);
    socket = current;
    const stopWatching = _watchLiveness(current, options.staleAfterMs ?? 45_000);
    current.onopen = () => {
      delay = minimumDelay;
      report('connected');
    };
    current.onmessage = (message) => {
      const event = _decode(message.data);
      if (event) options.onEvent(event);
    };
    current.onerror = () => {
      // The close event follows and schedules the retry.
    };
    current.onclose = () => {
      stopWatching();
      if (socket !== current) return;
      socket = null;
      if (stopped) return;
      report('disconnected');
      retryTimer = setTimeout(open, delay);
      delay = Math.min(maximumDelay, delay * 2);
    };
  }

  open();

  return {
    close() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = socket;
      socket = null;
      current?.close();
      report('disconnected');
    },
  };
}

function _createSocket(options: ConnectFeedOptions): WebSocketLike {
  if (options.WebSocketImpl) {
    const url = options.apiKey ? _withKey(options.url, options.apiKey) : options.url;
    return new options.WebSocketImpl(url);
  }
  const headers: Record<string, string> = options.apiKey ? { 'x-api-key': options.apiKey } : {};
  const socket = new WebSocket(options.url, { headers });
  return socket as unknown as WebSocketLike;
}

/** Terminates a `ws` socket that goes quiet; other implementations have no ping events to watch. */
function _watchLiveness(socket: WebSocketLike, staleAfterMs: number): () => void {
  if (!(socket instanceof WebSocket)) return () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => socket.terminate(), staleAfterMs);
    timer.unref?.();
  };
  socket.on('open', arm);
  socket.on('message', arm);
  socket.on('ping', arm);
  return () => {
    if (timer) clearTimeout(timer);
  };
}

function _withKey(url: string, key: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('key', key);
  return parsed.toString();
}

function _decode(data: unknown): FeedEvent | null {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (data instanceof Buffer) text = data.toString('utf8');
  else if (data instanceof ArrayBuffer) text = Buffer.from(data).toString('utf8');
  else return null;
  try {
    return parseFeedEvent(JSON.parse(text));
  } catch {
    return null;
  }
}
