import { type Environment, resolveRoutingSettings, resolveSettings } from '@ccp/config';
import { type FakeUpstream, startFakeUpstream } from '@ccp/fake-upstream';
import { type Catalog, createCatalog, loadShippedCatalog } from '@ccp/catalog';
import type { Meter } from '@ccp/metering';
import type { PromptInjectionSettings } from '@ccp/config';
import { type RunningProxy, startProxy } from '../../src/server';
import { waitUntil } from './anthropic-wire';

let shippedCatalog: Catalog | undefined;

export type Stack = {
  upstream: FakeUpstream;
  proxy: RunningProxy;
  logs: string[];
  close(): Promise<void>;
  /**
   * Closes the proxy, then waits for every upstream socket to close with it (a request stuck on a
   * dead upstream, or a socket never released, fails here), then closes the upstream.
   */
  closeWithoutLeaks(): Promise<void>;
};

/**
 * Starts the fake upstream and the proxy in front of it on loopback, with extra settings.
 * `routing: true` also reads retries, fallbacks and the breaker from them, as the CLI does;
 * without it the proxy sends each request once.
 */
export async function startStack(
  env: Environment = {},
  extra: { meter?: Meter; promptInjection?: PromptInjectionSettings; routing?: boolean } = {},
): Promise<Stack> {
  const upstream = await startFakeUpstream();
  const environment: Environment = {
    PROVIDER_BASE_URL: upstream.url,
    PROVIDER_API_KEY: 'sk-upstream-secret-0123456789',
    BIG_MODEL: 'big-model',
    MIDDLE_MODEL: 'middle-model',
    SMALL_MODEL: 'small-model',
    PORT: '0',
    ...env,
  };
  const settings = resolveSettings(environment);
  const logs: string[] = [];
  shippedCatalog ??= createCatalog((await loadShippedCatalog()).models);
  const proxy = await startProxy({
    settings,
    log: (level, message) => logs.push(`${level} ${message}`),
    catalog: shippedCatalog,
    ...(extra.meter ? { meter: extra.meter } : {}),
    ...(extra.promptInjection ? { promptInjection: extra.promptInjection } : {}),
    ...(extra.routing ? { routing: resolveRoutingSettings(environment) } : {}),
  });
  return {
    upstream,
    proxy,
    logs,
    async close() {
      await proxy.close();
      await upstream.close();
    },
    async closeWithoutLeaks() {
      await proxy.close();
      await waitUntil(() => upstream.openConnections() === 0, 'every upstream socket to close');
      await upstream.close();
    },
  };
}
