import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '@ccp/catalog';
import {
  defaultPromptInjectionSettings,
  type PromptInjectionSettings,
  type RoutingSettings,
  type Settings,
} from '@ccp/config';
import { createFeedServer, type FeedServer, feedKeyFromRequest, type RequestEventInput } from '@ccp/feed';
import {
  type CircuitBreaker,
  createGateway,
  createLiveProxyStats,
  createPromptInjector,
  type LiveProxyStats,
  promptInjectionProxyInfo,
  type RequestObserver,
  storedRequestEvents,
  UpstreamClient,
} from '@ccp/gateway';
import { createNullMeter, type Meter } from '@ccp/metering';
import { getRequestListener } from '@hono/node-server';
import { keysMatch } from './auth/api-key';
import { isLoopbackHost } from './auth/loopback';
import { createProxyApp, type ProxyLog } from './http/proxy-app';
import { renderError } from './http/render-error';
import { isMessagesRequest } from './http/node-messages-route';

export type { ProxyLog };

/** What a dashboard gets on connect: the requests of the last hour, at most this many. */
const FEED_HISTORY_WINDOW_MS = 60 * 60 * 1000;
const FEED_RECENT_REQUESTS = 200;

export type ProxyOptions = {
  settings: Settings;
  /** The upstream pool; made from `settings.requestTimeoutMs` when left out. */
  upstream?: UpstreamClient;
  /** More observers of each request, beside the feed and metering. */
  observers?: RequestObserver[];
  log?: ProxyLog;
  version?: string;
  /** Model metadata for capabilities, output caps and cost estimates. */
  catalog?: Catalog;
  /** Task routes, fallbacks, retries and the context guard (`resolveRoutingSettings`). */
  routing?: RoutingSettings;
  /** Shared by every request; made from `routing.breaker` when left out. */
  breaker?: CircuitBreaker;
  /** The metering store: users, keys, quotas, analytics, and a record of every request. Default: records nothing. */
  meter?: Meter;
  /** Proxy stats added to Claude's system prompt (PROMPT_INJECTION_*). Default: off. */
  promptInjection?: PromptInjectionSettings;
  /** Live request statistics behind `/api/status` and prompt injection; fed by the feed. */
  liveStats?: LiveProxyStats;
};

export type RunningProxy = {
  url: string;
  port: number;
  server: Server;
  app: ReturnType<typeof createProxyApp>['app'];
  /** The live feed: WebSocket subscribers at `/feed`, and `subscribe` for in-process ones. */
  feed: FeedServer;
  close(): Promise<void>;
};

/**
 * Starts the proxy on `settings.host:settings.port` (port 0 picks a free one): the gateway behind
 * the HTTP routes, with the live feed at `/feed`. The feed needs no key on loopback; elsewhere it
 * takes the admin key. Requests for a foreign Host name, and feed subscribers from a foreign web
 * page's Origin, are refused (see `createHostCheck`, `createFeedOriginCheck`).
 *
 * @example
 * const proxy = await startProxy({ settings: resolveSettings(process.env) });
 * console.log(`ANTHROPIC_BASE_URL=${proxy.url}`);
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const { settings } = options;
  const upstream = options.upstream ?? new UpstreamClient({ timeoutMs: settings.requestTimeoutMs });
  const log: ProxyLog = options.log ?? (() => {});
  const meter = options.meter ?? createNullMeter();
  let feed: FeedServer | undefined;
  const liveStats =
    options.liveStats ??
    createLiveProxyStats({
      proxy: promptInjectionProxyInfo(settings),
      startedAt: Date.now(),
      version: options.version,
      // Subscribed when first read (prompt injection, /api/status), with the feed's snapshot.
      subscribe: (listener) => {
        feed?.subscribe(listener);
        return feed !== undefined;
      },
    });
  const gateway = createGateway({
    settings,
    upstream,
    log,
    publish: (event) => feed?.publish(event),
    ...(options.meter ? { meter: options.meter } : {}),
    ...(options.observers ? { observers: options.observers } : {}),
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.routing ? { routing: options.routing } : {}),
    ...(options.breaker ? { breaker: options.breaker } : {}),
    injector: createPromptInjector({
      ...(options.promptInjection ?? defaultPromptInjectionSettings),
      render: liveStats.render,
    }),
  });
  const { app, serveMessages, checkFeedRequest } = createProxyApp({
    settings,
    gateway,
    meter,
    liveStats,
    log,
    version: options.version,
  });
  const history = await _storedHistory(meter, log);
  const honoListener = getRequestListener(app.fetch, { hostname: settings.host });
  const server = createServer((request, response) => {
    if (isMessagesRequest(request)) void serveMessages(request, response);
    else void honoListener(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.keepAliveTimeout = 65_000;
  const openFeed = isLoopbackHost(settings.host);
  const adminKey = settings.adminKey;
  const runningFeed = createFeedServer({
    server,
    path: '/feed',
    recentRequestLimit: FEED_RECENT_REQUESTS,
    history,
    authorize: (request) => {
      const refusal = checkFeedRequest({ host: request.headers.host, origin: request.headers.origin });
      if (refusal) {
        const { status, headers, body } = renderError(refusal);
        return { status, body, contentType: headers['content-type'] };
      }
      if (openFeed) return true;
      const key = feedKeyFromRequest(request);
      return adminKey !== undefined && key !== null && keysMatch(key, adminKey);
    },
  });
  feed = runningFeed;
  // Stats made here subscribe themselves when first read; stats passed in are fed from the start.
  if (options.liveStats) runningFeed.subscribe(options.liveStats.observe);
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    app,
    feed: runningFeed,
    async close() {
      await runningFeed.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
      });
      await upstream.close();
    },
  };
}

/**
 * The feed events of the requests stored in the last hour (at most 200), so the dashboards of a
 * restarted proxy open on what happened before it. A store that cannot answer costs only that.
 */
async function _storedHistory(meter: Meter, log: ProxyLog): Promise<RequestEventInput[]> {
  try {
    const rows = await meter.recentRequests({
      since: Date.now() - FEED_HISTORY_WINDOW_MS,
      limit: FEED_RECENT_REQUESTS,
    });
    if (rows.length > 0) {
      log('info', `dashboards: ${rows.length} request(s) of the last hour read back from metering`);
    }
    return rows.flatMap(storedRequestEvents);
  } catch (error) {
    log(
      'warn',
      `dashboards: could not read the recent requests from metering (${error instanceof Error ? error.message : String(error)}); they start empty`,
    );
    return [];
  }
}
