import type { Settings } from '@ccp/config';
import { AnthropicApiError } from '@ccp/convert';
import { answerToResponse, type Gateway, type LiveProxyStats, webMessagesCall } from '@ccp/gateway';
import type { Meter } from '@ccp/metering';
import { Hono } from 'hono';
import { resolveAdminKey } from '../admin-auth';
import { keysMatch, presentedApiKey } from '../auth/api-key';
import { createClientAdmission } from '../auth/admit-client';
import { createClientAuthenticator } from '../auth/authenticate-client';
import { createFeedOriginCheck, createOriginCheck } from '../auth/browser-origin';
import { type ClientVariables, clientAuth } from '../auth/client-auth';
import { createHostCheck, refuseForeignHosts } from '../auth/host-check';
import { isLoopbackHost } from '../auth/loopback';
import { createAnalyticsRoutes } from '../routes/analytics-routes';
import { createBenchmarkRoutes } from '../routes/benchmark-routes';
import { createBenchmarkRunner } from '../routes/benchmark-runner';
import { createBillingRoutes } from '../routes/billing-routes';
import { createStatusRoutes } from '../routes/status-routes';
import { createUserRoutes } from '../routes/users-routes';
import { renderDashboardPage } from '../web-dashboard';
import { createNodeMessagesRoute } from './node-messages-route';
import { errorResponse } from './render-error';

export type ProxyLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export type ProxyAppOptions = {
  settings: Settings;
  gateway: Gateway;
  /** The metering store: users, keys, quotas and analytics. */
  meter: Meter;
  /** Live request statistics behind `/api/status`. */
  liveStats: LiveProxyStats;
  log: ProxyLog;
  version?: string | undefined;
};

/**
 * The ccp HTTP front: the Hono app for every route, and the Node handler that serves
 * `POST /v1/messages` directly on the hot path. Both hand messages to the same gateway behind
 * the same Host check, then one admission (origin check, key, quota) that records a refused
 * messages request through `gateway.reject`, and answer failures through the one `renderError`;
 * `checkFeedRequest` is the same Host check plus the feed's origin check.
 */
export function createProxyApp(options: ProxyAppOptions) {
  const { settings, gateway, meter, liveStats, log } = options;
  const startedAt = Date.now();
  const adminKey = resolveAdminKey({ adminKey: settings.adminKey, proxyAuthKey: settings.proxyAuthKey });
  const app = new Hono<{ Variables: ClientVariables }>();
  // Every route, Hono's, the Node messages route's and the feed's, refuses foreign Host names first.
  const checkHost = createHostCheck({ bindHost: settings.host, allowedHosts: settings.allowedHosts });
  const checkFeedOrigin = createFeedOriginCheck(settings.allowedOrigins);
  app.use('*', refuseForeignHosts(checkHost));

  app.get('/', (c) =>
    c.json({
      name: 'ccp',
      description: 'Claude Code Proxy',
      status: 'ok',
      endpoints: ['/v1/messages', '/health'],
    }),
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

  const admit = createClientAdmission({
    checkOrigin: createOriginCheck(settings.allowedOrigins),
    authenticate: createClientAuthenticator({ proxyAuthKey: settings.proxyAuthKey, meter }),
    reject: gateway.reject,
  });
  const respondToMessages = async (
    request: Request,
    context: { userId: string | null; requestId?: string },
  ) => answerToResponse(await gateway.handle(webMessagesCall(request, context)));
  const serveMessages = createNodeMessagesRoute({
    handle: gateway.handle,
    nextRequestId: gateway.nextRequestId,
    checkHost,
    admit,
    log,
  });

  app.use('/v1/*', clientAuth(admit, gateway.nextRequestId));

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
        isLoopbackHost(settings.host) ||
        (adminKey !== null && keysMatch(presentedApiKey(request.headers), adminKey)),
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

  // Under startProxy, Node serves this route itself (serveMessages); this one answers
  // `app.request` and any other host of the app.
  app.post('/v1/messages', (c) =>
    respondToMessages(c.req.raw, { userId: c.get('userId'), requestId: c.get('requestId') }),
  );
  app.post('/v1/messages/count_tokens', async (c) =>
    answerToResponse(await gateway.countTokens(webMessagesCall(c.req.raw, { userId: c.get('userId') }))),
  );

  app.notFound((c) =>
    errorResponse(
      AnthropicApiError.fromStatus(404, `Not found: ${c.req.method} ${new URL(c.req.url).pathname}`),
    ),
  );
  app.onError((error, c) => errorResponse(error, { requestId: c.get('requestId'), log }));
  /** The refusal for a feed subscriber (a foreign Host or a foreign page's Origin), or null. */
  const checkFeedRequest = (headers: { host?: string | undefined; origin?: string | undefined }) =>
    checkHost(headers.host) ?? checkFeedOrigin(headers.origin, headers.host);
  return { app, serveMessages, checkFeedRequest };
}
