import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { type Catalog, type CatalogModel, createCatalog } from '@ccp/catalog';
import { type Environment, resolveSettings } from '@ccp/config';
import type { FakeUpstream } from '@ccp/fake-upstream';
import { type ProxyOptions, type RunningProxy, startProxy } from '../../src/server';

/** The key the proxy sends upstream; it must never show up in a feed event or on a dashboard. */
export const upstreamSecret = 'sk-upstream-secret-0123456789';

/** A catalog model with round prices, so a test can compute the cost it expects. */
export const pricedModel: CatalogModel = {
  id: 'e2e/priced-model',
  name: 'E2E priced model',
  provider: 'e2e',
  source: 'openrouter',
  pricing: { inputPerMillion: 2, outputPerMillion: 8, cacheReadPerMillion: 0.5, cacheWritePerMillion: null },
  contextWindow: 128_000,
  maxOutput: 16_384,
  reasoning: false,
  vision: false,
  tools: true,
  free: false,
  local: false,
  endpoint: 'https://example.invalid/v1',
};

/** What the priced model costs for the given usage, in US dollars. */
export function pricedModelCost(usage: {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
}) {
  return (usage.inputTokens * 2 + usage.outputTokens * 8 + (usage.cacheReadTokens ?? 0) * 0.5) / 1_000_000;
}

export const pricedCatalog: Catalog = createCatalog([pricedModel]);

/**
 * Starts the real proxy (with its feed) in front of an already running fake upstream. Opus goes to
 * the priced catalog model so costs are known; sonnet and haiku go to plain names. `options` adds
 * to what the proxy is started with, such as a metering store.
 */
export async function startProxyFor(
  upstream: FakeUpstream,
  env: Environment = {},
  options: Pick<ProxyOptions, 'meter'> = {},
): Promise<RunningProxy> {
  const settings = resolveSettings({
    PROVIDER_BASE_URL: upstream.url,
    PROVIDER_API_KEY: upstreamSecret,
    BIG_MODEL: pricedModel.id,
    MIDDLE_MODEL: 'middle-model',
    SMALL_MODEL: 'small-model',
    PORT: '0',
    ...env,
  });
  return startProxy({ settings, catalog: pricedCatalog, ...options });
}

/** An SDK client like Claude Code's: no retries, and the session header Claude Code sends. */
export function claudeCodeClient(baseURL: string, sessionId: string, apiKey = 'any-key'): Anthropic {
  return new Anthropic({
    baseURL,
    apiKey,
    maxRetries: 0,
    defaultHeaders: { 'x-claude-code-session-id': sessionId },
  });
}

/**
 * Polls `read` until `accept` holds (every 100 ms, up to `timeoutMs`); the error names what was
 * awaited and shows the last value, so a failure in a terminal test prints the screen.
 */
export async function eventually<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Last seen:\n${String(last)}`);
    await new Promise((done) => setTimeout(done, 100));
    last = await read();
  }
  return last;
}

/** A port that was free a moment ago, for a child process that must be told its port. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** tsx's loader as an absolute URL, so children can run TypeScript from any directory. */
export const tsxLoader = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs'),
).href;

export const proxyCliPath = resolve(import.meta.dirname, '../../src/cli.ts');
export const dashboardCliPath = resolve(import.meta.dirname, '../../../dashboard/src/cli.ts');

const artifactsDirectory = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** Where review artifacts (screenshots, terminal captures) go; the folder is gitignored. */
export function artifactPath(name: string): string {
  mkdirSync(artifactsDirectory, { recursive: true });
  return join(artifactsDirectory, name);
}

export function saveArtifact(name: string, text: string): void {
  writeFileSync(artifactPath(name), text);
}

/** Quotes a value for a POSIX shell command line. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
