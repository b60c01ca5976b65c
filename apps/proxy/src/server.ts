import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '@ccp/catalog';
import type { Settings } from '@ccp/config';
import { AnthropicApiError, isAnthropicApiError } from '@ccp/convert';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { keysMatch, presentedApiKey } from './auth/api-key';
import { createModelLookup } from './catalog/model-lookup';
import { handleCountTokens } from './messages/handle-count-tokens';
import { createMessagesHandler } from './messages/handle-messages';
import { noopObserver, type RequestObserver } from './observe/request-observer';
import { UpstreamClient } from './upstream/upstream-client';

export type ProxyLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export type ProxyAppOptions = {
  settings: Settings;
  upstream: UpstreamClient;
  observer?: RequestObserver;
  log?: ProxyLog;
  version?: string;
  /** Model metadata for capabilities, output caps and cost estimates. */
  catalog?: Catalog;
};

type Variables = { userId: string | null };

/**
 * The ccp HTTP app: Anthropic Messages API in front, OpenAI-compatible upstream behind.
 *
 * @example
 * const app = createProxyApp({ settings, upstream: new UpstreamClient({ timeoutMs: 60_000 }) });
 * const response = await app.request('/health');
 */
export function createProxyApp(options: ProxyAppOptions) {
  const { settings, upstream } = options;
  const log: ProxyLog = options.log ?? (() => {});
  const startedAt = Date.now();
  const app = new Hono<{ Variables: Variables }>();

  const handleMessages = createMessagesHandler({
    settings,
    upstream,
    observer: options.observer ?? noopObserver,
    log,
    models: createModelLookup(options.catalog),
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

  app.use('/v1/*', async (c, next) => {
    c.set('userId', null);
    if (settings.proxyAuthKey !== undefined) {
      if (!keysMatch(presentedApiKey(c.req.raw.headers), settings.proxyAuthKey)) {
        throw AnthropicApiError.fromStatus(
          401,
          'Invalid API key: send the proxy key (PROXY_AUTH_KEY) as x-api-key or Authorization: Bearer.',
        );
      }
    }
    await next();
  });

  app.post('/v1/messages', (c) => handleMessages(c.req.raw, { userId: c.get('userId') }));
  app.post('/v1/messages/count_tokens', (c) => handleCountTokens(c.req.raw, settings.maxBodyBytes));

  app.notFound((c) =>
    AnthropicApiError.fromStatus(404, `Not found: ${c.req.method} ${new URL(c.req.url).pathname}`).toResponse(),
  );
  app.onError((error) => {
    if (isAnthropicApiError(error)) return error.toResponse();
    log('error', `unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    return AnthropicApiError.fromStatus(500, 'Internal proxy error: see the ccp log for details.').toResponse();
  });
  return app;
}

export type RunningProxy = {
  url: string;
  port: number;
  server: Server;
  app: ReturnType<typeof createProxyApp>;
  close(): Promise<void>;
};

/**
 * Starts the proxy on `settings.host:settings.port` (port 0 picks a free one).
 */
export async function startProxy(options: Omit<ProxyAppOptions, 'upstream'> & { upstream?: UpstreamClient }) {
  const upstream = options.upstream ?? new UpstreamClient({ timeoutMs: options.settings.requestTimeoutMs });
  const app = createProxyApp({ ...options, upstream });
  const server = await new Promise<Server>((resolve, reject) => {
    const created = serve(
      { fetch: app.fetch, hostname: options.settings.host, port: options.settings.port },
      () => resolve(created as Server),
    ) as Server;
    created.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const host = options.settings.host.includes(':') ? `[${options.settings.host}]` : options.settings.host;
  const running: RunningProxy = {
    url: `http://${host}:${port}`,
    port,
    server,
    app,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
      });
      await upstream.close();
    },
  };
  return running;
}
