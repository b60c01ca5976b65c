import { type IncomingMessage, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { FeedEvent, RequestEvent, RequestEventInput, StatsSnapshot } from './feed-events';
import { createFeedRecorder } from './feed-recorder';

export interface FeedServerOptions {
  /** The node http server whose `upgrade` requests on `path` become feed subscriptions. */
  server: Server;
  /** Default `/feed`. Upgrades on other paths are left alone for other listeners. */
  path?: string;
  /**
   * Return false to refuse a subscriber (answered with 401), or a {@link FeedRefusal} to answer
   * with that status and body instead. Default: everyone is accepted.
   */
  authorize?: (request: IncomingMessage) => boolean | FeedRefusal;
  /** Per-subscriber bound on unsent bytes; events over it are dropped for that subscriber. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Ping interval; a subscriber that misses a pong, or stays over the bound for a whole interval, is cut. Default 15 s. */
  heartbeatIntervalMs?: number;
  /** Greeting for new subscribers. Default: an internal recorder of everything published. */
  snapshot?: () => StatsSnapshot;
  /** Requests the internal recorder keeps for new subscribers. Default 50. */
  recentRequestLimit?: number;
  /**
   * Events of requests that finished before this feed started (oldest first), such as the ones
   * read back from a store after a restart: numbered before anything published, and sent to every
   * new subscriber in its snapshot as `history`. Used by the internal recorder only.
   */
  history?: readonly RequestEventInput[];
}

/** The HTTP answer to a refused subscriber. */
export interface FeedRefusal {
  status: number;
  body: string;
  /** Default `text/plain`. */
  contentType?: string;
}

export interface FeedServerStats {
  /** Events handed to `publish`. */
  published: number;
  /** Event deliveries skipped because a subscriber was too slow. */
  dropped: number;
  /** Subscribers cut because they were dead or stayed too slow. */
  terminated: number;
}

/** Receives every event, starting with a `stats-snapshot`. */
export type FeedListener = (event: FeedEvent) => void;

export interface FeedServer {
  /**
   * Numbers the event, sends it to every subscriber that keeps up, and returns it. Never blocks.
   * The object itself becomes the event (it gains `seq`): pass a fresh one each time.
   */
  publish(event: RequestEventInput): RequestEvent;
  /** In-process subscription (no socket), used to run the terminal dashboard inside the proxy. */
  subscribe(listener: FeedListener): () => void;
  /** WebSocket subscribers currently connected. */
  clientCount(): number;
  stats(): FeedServerStats;
  /** Disconnects every subscriber and detaches from the http server. */
  close(): Promise<void>;
}

interface Subscriber {
  socket: WebSocket;
  alive: boolean;
  overBoundSince: number | null;
}

/**
 * Publishes feed events to WebSocket subscribers on an existing http server.
 * A slow or dead subscriber never slows the publisher: sends are skipped (and counted) while
 * its unsent bytes exceed `maxBufferedBytes`, and it is cut if it stays there.
 *
 * @example
 * const feed = createFeedServer({ server, authorize: (request) => isAllowed(request) });
 * feed.publish({ type: 'request-phase', requestId, phase: 'send', at: Date.now() });
 */
export function createFeedServer(options: FeedServerOptions): FeedServer {
  const path = options.path ?? '/feed';
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 15_000;
  let sequence = 0;
  const history = (options.history ?? []).map((input) => ({ ...input, seq: ++sequence }) as RequestEvent);
  const recorder = options.snapshot
    ? null
    : createFeedRecorder({ recentRequestLimit: options.recentRequestLimit, history });
  const snapshot = options.snapshot ?? (() => recorder!.snapshot());
  const webSocketServer = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const subscribers = new Set<Subscriber>();
  const listeners = new Set<FeedListener>();
  const counters: FeedServerStats = { published: 0, dropped: 0, terminated: 0 };
  let closed = false;

  function snapshotEvent(): FeedEvent {
    return { ...snapshot(), type: 'stats-snapshot', seq: sequence };
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (closed || _pathOf(request.url) !== path) return;
    const verdict = options.authorize ? options.authorize(request) : true;
    if (verdict !== true) {
      const refusal = verdict === false ? _unauthorized : verdict;
      const body = Buffer.from(refusal.body);
      const head =
        `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Refused'}\r\nConnection: close\r\n` +
        `Content-Type: ${refusal.contentType ?? 'text/plain'}\r\nContent-Length: ${body.length}\r\n\r\n`;
      socket.end(Buffer.concat([Buffer.from(head), body]));
      return;
    }
    webSocketServer.handleUpgrade(request, socket, head, (webSocket) => {
      const subscriber: Subscriber = { socket: webSocket, alive: true, overBoundSince: null };
      subscribers.add(subscriber);
      webSocket.on('pong', () => {
        subscriber.alive = true;
      });
      webSocket.on('close', () => subscribers.delete(subscriber));
      // A client error (reset connection) must not crash the proxy; close handles cleanup.
      webSocket.on('error', () => subscribers.delete(subscriber));
      // Subscribers have nothing to say; ignore anything they send.
      webSocket.on('message', () => {});
      webSocket.send(JSON.stringify(snapshotEvent()));
    });
  }

  function terminate(subscriber: Subscriber): void {
    subscribers.delete(subscriber);
    counters.terminated += 1;
    subscriber.socket.terminate();
  }

  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const subscriber of subscribers) {
      if (subscriber.socket.bufferedAmount <= maxBufferedBytes) subscriber.overBoundSince = null;
      const stuck =
        subscriber.overBoundSince !== null && now - subscriber.overBoundSince >= heartbeatIntervalMs;
      if (!subscriber.alive || stuck) {
        terminate(subscriber);
        continue;
      }
      subscriber.alive = false;
      subscriber.socket.ping();
    }
  }, heartbeatIntervalMs);
  heartbeat.unref();

  options.server.on('upgrade', onUpgrade);

  function publish(input: RequestEventInput): RequestEvent {
    sequence += 1;
    // The event object is taken over and numbered in place: a copy of every field per event
    // would cost more than all the rest of publishing it.
    const event = input as RequestEvent;
    event.seq = sequence;
    counters.published += 1;
    recorder?.record(event);
    if (closed) return event;
    let message: string | null = null;
    for (const subscriber of subscribers) {
      const { socket } = subscriber;
      if (socket.readyState !== WebSocket.OPEN) continue;
      if (socket.bufferedAmount > maxBufferedBytes) {
        counters.dropped += 1;
        subscriber.overBoundSince ??= Date.now();
        continue;
      }
      subscriber.overBoundSince = null;
      message ??= JSON.stringify(event);
      socket.send(message);
    }
    for (const listener of listeners) _safely(() => listener(event));
    return event;
  }

  function subscribe(listener: FeedListener): () => void {
    listeners.add(listener);
    _safely(() => listener(snapshotEvent()));
    return () => {
      listeners.delete(listener);
    };
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    options.server.off('upgrade', onUpgrade);
    listeners.clear();
    for (const subscriber of subscribers) subscriber.socket.terminate();
    subscribers.clear();
    await new Promise<void>((resolve) => webSocketServer.close(() => resolve()));
  }

  return {
    publish,
    subscribe,
    clientCount: () => subscribers.size,
    stats: () => ({ ...counters }),
    close,
  };
}

const _unauthorized: FeedRefusal = {
  status: 401,
  body: 'The feed needs the proxy key: send it as x-api-key or ?key=.\n',
};

function _pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0] ?? '/';
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** A throwing in-process listener must not break publishing for the proxy. */
function _safely(action: () => void): void {
  try {
    action();
  } catch {
    // Listener bugs are the listener's problem; the proxy keeps serving.
  }
}

/**
 * The key a subscriber presented: `x-api-key`, `Authorization: Bearer`, or the `key` query
 * parameter (browsers cannot set headers on a WebSocket). For use in `authorize`.
 *
 * @example authorize: (request) => feedKeyFromRequest(request) === proxyKey
 */
export function feedKeyFromRequest(request: IncomingMessage): string | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const authorization = request.headers.authorization;
  if (authorization?.toLowerCase().startsWith('bearer ')) return authorization.slice(7).trim();
  const query = (request.url ?? '').split('?')[1];
  if (!query) return null;
  return new URLSearchParams(query).get('key');
}
