import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '@ccp/catalog';
import type { Settings } from '@ccp/config';
import { createNullMeter, type Meter } from '@ccp/metering';
import { AnthropicApiError, isAnthropicApiError } from '@ccp/convert';
import { createFeedServer, type FeedServer, feedKeyFromRequest } from '@ccp/feed';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { resolveAdminKey } from './admin-auth';
import { keysMatch, presentedApiKey } from './auth/api-key';
import { createClientAuthenticator } from './auth/authenticate-client';
import { createOriginCheck, refuseBrowserOrigins } from './auth/browser-origin';
import { type ClientVariables, clientAuth } from './auth/client-auth';
import { isLoopbackHost } from './auth/loopback';
import { createModelLookup } from './catalog/model-lookup';
import { createFeedObserver } from './observe/feed-observer';
import { createMeteringObserver } from './observe/metering-observer';
import { handleCountTokens } from './messages/handle-count-tokens';
import { createMessagesHandler } from './messages/handle-messages';
import { answerToResponse, webMessagesCall } from './messages/messages-answer';
import { createNodeMessagesRoute, isMessagesRequest } from './messages/node-messages-route';
import { combineObservers, noopObserver, type RequestObserver } from './observe/request-observer';
import type { RoutingSettings } from '@ccp/config';
import type { CircuitBreaker } from './upstream/circuit-breaker';
import { UpstreamClient } from './upstream/upstream-client';
import { createAnalyticsRoutes } from './routes/analytics-routes';
import { createBenchmarkRoutes } from './routes/benchmark-routes';
import { createBenchmarkRunner } from './routes/benchmark-runner';
import { createBillingRoutes } from './routes/billing-routes';
import { createUserRoutes } from './routes/users-routes';
import { createStatusRoutes } from './routes/status-routes';
import {
  createLiveProxyStats,
  createPromptInjector,
  defaultPromptInjectionSettings,
  type LiveProxyStats,
  type PromptInjectionSettings,
  promptInjectionProxyInfo,
} from './prompt-injection';
import { renderDashboardPage } from './web-dashboard';

export type ProxyLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export type ProxyAppOptions = {
  settings: Settings;
  upstream: UpstreamClient;
  observer?: RequestObserver;
  log?: ProxyLog;
  version?: string;
  /** Model metadata for capabilities, output caps and cost estimates. */
  catalog?: Catalog;
  /** Task routes, fallbacks, retries and the context guard (`resolveRoutingSettings`). */
  routing?: RoutingSettings;
  /** Shared by every request; made from `routing.breaker` when left out. */
  breaker?: CircuitBreaker;
  /** The metering store: users, keys, quotas and analytics. Default: records nothing. */
  meter?: Meter;
  /** Proxy stats added to Claude's system prompt (PROMPT_INJECTION_*). Default: off. */
  promptInjection?: PromptInjectionSettings;
  /** Live request statistics behind `/api/status` and prompt injection; fed by the feed. */
  liveStats?: LiveProxyStats;
};

/**
 * The ccp HTTP app: Anthropic Messages API in front, OpenAI-compatible upstream behind.
 *
 * @example
 * const app = createProxyApp({ settings, upstream: new UpstreamClient({ timeoutMs: 60_000 }) });
 * const response = await app.request('/health');
 */
export function createProxyApp(options: ProxyAppOptions) {
  return buildProxy(options).app;
}

/** The Hono app, and the Node handler for `POST /v1/messages` that `startProxy` puts in front of it. */
function buildProxy(options: ProxyAppOptions) {
  const { settings, upstream } = options;
  const log: ProxyLog = options.log ?? (() => {});
  const startedAt = Date.now();
  const meter = options.meter ?? createNullMeter();
  const adminKey = resolveAdminKey({ adminKey: settings.adminKey, proxyAuthKey: settings.proxyAuthKey });
  const app = new Hono<{ Variables: ClientVariables }>();
  const liveStats =
    options.liveStats ??
    createLiveProxyStats({ proxy: promptInjectionProxyInfo(settings), startedAt, version: options.version });
  const injector = createPromptInjector({
    ...(options.promptInjection ?? defaultPromptInjectionSettings),
    render: liveStats.render,
  });

  const handleMessages = createMessagesHandler({
    settings,
    upstream,
    observer: options.observer ?? noopObserver,
    log,
    models: createModelLookup(options.catalog),
    ...(options.routing ? { routing: options.routing } : {}),
    ...(options.breaker ? { breaker: options.breaker } : {}),
    injector,
  });

  app.get('/', (c) =>
    c.json({ name: 'ccp', description: 'Claude Code Proxy', status: 'ok', endpoints: ['/v1/messages', '/health'] }),
  );
  app.get('/health', (c) =>
    c.json({
      status: 'ok',
      version: options.version ?? 'dev',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      authRequired: settings.proxyAuthKey !== undefined,
      tiers: Object.fromEntries(Object.entries(settings.tiers).map(([tier, value]) => [tier, value.model])),
    }),
  );

  const authenticate = createClientAuthenticator({ proxyAuthKey: settings.proxyAuthKey, meter });
  const respondToMessages = async (request: Request, context: { userId: string | null; requestId?: string }) =>
    answerToResponse(await handleMessages(webMessagesCall(request, context)));
  const serveMessages = createNodeMessagesRoute({
    handle: handleMessages,
    authenticate,
    checkOrigin: createOriginCheck(settings.allowedOrigins),
    log,
  });

  app.use('/v1/*', refuseBrowserOrigins(settings.allowedOrigins));
  app.use('/v1/*', clientAuth(authenticate));

  const billing = settings.billing;
  for (const routes of [
    createAnalyticsRoutes({ meter, adminKey }),
    createUserRoutes({ meter, adminKey }),
    createBillingRoutes({
      adminKey,
      providers: {
        ...(billing.openrouterApiKey ? { openrouter: { apiKey: billing.openrouterApiKey } } : {}),
        ...(billing.openaiAdminKey ? { openai: { adminKey: billing.openaiAdminKey } } : {}),
        ...(billing.anthropicAdminKey ? { anthropic: { adminKey: billing.anthropicAdminKey } } : {}),
      },
    }),
    createBenchmarkRoutes({ meter, adminKey, runPrompt: createBenchmarkRunner(respondToMessages) }),
    createStatusRoutes({
      snapshot: liveStats.statusSnapshot,
      // Open on loopback like the feed; elsewhere the admin key.
      authorize: (request) =>
        isLoopbackHost(settings.host) || (adminKey !== null && keysMatch(presentedApiKey(request.headers), adminKey)),
    }),
  ]) {
    app.route('/api', routes);
  }

  // On loopback anyone on this machine may look; elsewhere the page (like its feed) takes the admin key.
  app.get('/dashboard', (c) => {
    if (!isLoopbackHost(settings.host)) {
      const key = c.req.query('key') ?? presentedApiKey(c.req.raw.headers);
      if (adminKey === null || !keysMatch(key, adminKey)) {
        throw AnthropicApiError.fromStatus(
          401,
          adminKey === null
            ? 'The dashboard is off on a network-facing proxy until ADMIN_KEY (or PROXY_AUTH_KEY) is set.'
            : 'The dashboard needs the admin key: open /dashboard?key=<ADMIN_KEY>.',
        );
      }
    }
    return c.html(renderDashboardPage({ feedPath: '/feed', title: 'ccp dashboard' }));
  });

  // Under startProxy, Node serves this route itself (createNodeMessagesRoute); this one answers
  // `app.request` and any other host of the app.
  app.post('/v1/messages', (c) =>
    respondToMessages(c.req.raw, { userId: c.get('userId'), requestId: c.get('requestId') }),
  );
  app.post('/v1/messages/count_tokens', (c) => handleCountTokens(c.req.raw, settings.maxBodyBytes));

  app.notFound((c) =>
    AnthropicApiError.fromStatus(404, `Not found: ${c.req.method} ${new URL(c.req.url).pathname}`).toResponse(),
  );
  app.onError((error, c) => {
    const response = isAnthropicApiError(error)
      ? error.toResponse()
      : AnthropicApiError.fromStatus(500, 'Internal proxy error: see the ccp log for details.').toResponse();
    if (!isAnthropicApiError(error)) {
      log('error', `unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Like Anthropic's API, errors carry the request id the feed and metering know the request by.
    const requestId = c.get('requestId');
    if (requestId) response.headers.set('request-id', requestId);
    return response;
  });
  return { app, serveMessages };
}

export type RunningProxy = {
  url: string;
  port: number;
  server: Server;
  app: ReturnType<typeof createProxyApp>;
  /** The live feed: WebSocket subscribers at `/feed`, and `subscribe` for in-process ones. */
  feed: FeedServer;
  close(): Promise<void>;
};

/**
 * Starts the proxy on `settings.host:settings.port` (port 0 picks a free one), with the live
 * feed at `/feed`. The feed needs no key on loopback; elsewhere it takes the admin key.
 */
export async function startProxy(
  options: Omit<ProxyAppOptions, 'upstream'> & { upstream?: UpstreamClient; observers?: RequestObserver[] },
) {
  const { settings } = options;
  const upstream = options.upstream ?? new UpstreamClient({ timeoutMs: settings.requestTimeoutMs });
  const log: ProxyLog = options.log ?? (() => {});
  let feed: FeedServer | undefined;
  const observer = combineObservers(
    [
      createFeedObserver((event) => feed?.publish(event)),
      ...(options.meter ? [createMeteringObserver(options.meter)] : []),
      ...(options.observers ?? []),
    ],
    (error) => log('error', `observer failed: ${error instanceof Error ? error.message : String(error)}`),
  );
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
  const { app, serveMessages } = buildProxy({ ...options, upstream, observer, liveStats });
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
  feed = createFeedServer({
    server,
    path: '/feed',
    authorize: (request) => {
      if (openFeed) return true;
      const key = feedKeyFromRequest(request);
      return adminKey !== undefined && key !== null && keysMatch(key, adminKey);
    },
  });
  // Stats made here subscribe themselves when first read; stats passed in are fed from the start.
  if (options.liveStats) feed.subscribe(options.liveStats.observe);
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const runningFeed = feed;
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
  } satisfies RunningProxy;
}
