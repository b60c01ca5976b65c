import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCatalog } from './fetch-models';
import { loadShippedCatalog } from './load-catalog';

type Route = { status: number; body: unknown };

async function startServer(
  routes: Record<string, Route>,
): Promise<{ server: Server; url: string; seen: { url: string; authorization: string | undefined }[] }> {
  const seen: { url: string; authorization: string | undefined }[] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
    const route = routes[request.url ?? ''];
    response.writeHead(route?.status ?? 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(route?.body ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function closedPortUrl(): Promise<string> {
  const { server, url } = await startServer({});
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}

const source = JSON.parse(
  await readFile(join(import.meta.dirname, '__fixtures__/openrouter-models-2025-06.json'), 'utf8'),
) as {
  data: { id: string }[];
};
const current = await loadShippedCatalog();
const servers: Server[] = [];

let fake: { url: string; seen: { url: string; authorization: string | undefined }[] };
beforeAll(async () => {
  const started = await startServer({
    '/api/v1/models': { status: 200, body: { data: source.data.slice(0, 20) } },
    '/api/tags': {
      status: 200,
      body: {
        models: [
          { name: 'qwen3:8b', model: 'qwen3:8b' },
          { name: 'nomic-embed-text:latest' },
          { name: 'phi4-reasoning:14b' },
        ],
      },
    },
    '/v1/models': {
      status: 200,
      body: { object: 'list', data: [{ id: 'qwen2.5-vl-7b-instruct', object: 'model' }] },
    },
    '/broken/models': { status: 200, body: { models: 'nope' } },
    '/error/models': { status: 503, body: { error: 'down' } },
  });
  servers.push(started.server);
  fake = started;
});
afterAll(() => {
  for (const server of servers) server.close();
});

describe('refreshCatalog', () => {
  it('takes the marketplace from OpenRouter and discovers Ollama and LM Studio models', async () => {
    const result = await refreshCatalog({
      fetch,
      current,
      generatedAt: '2025-07-01T00:00:00.000Z',
      openRouterUrl: `${fake.url}/api/v1/models`,
      openRouterApiKey: 'sk-or-secret',
      ollamaUrl: fake.url,
      lmStudioUrl: fake.url,
    });
    expect(result.changed).toBe(true);
    expect(result.reports.map((report) => report.status)).toEqual(['updated', 'updated', 'updated']);
    const marketplace = result.catalog.models.filter((model) => model.source === 'openrouter');
    expect(marketplace.map((model) => model.id)).toEqual(source.data.slice(0, 20).map((model) => model.id));
    const ollama = result.catalog.models.filter((model) => model.source === 'ollama');
    expect(ollama.slice(0, 2).map((model) => model.id)).toEqual([
      'ollama/qwen3:8b',
      'ollama/phi4-reasoning:14b',
    ]);
    expect(ollama.find((model) => model.id === 'ollama/phi4-reasoning:14b')?.reasoning).toBe(true);
    expect(ollama.every((model) => model.endpoint === `${fake.url}/v1`)).toBe(true);
    const lmStudio = result.catalog.models.filter((model) => model.source === 'lmstudio');
    expect(lmStudio[0]).toMatchObject({
      id: 'lmstudio/qwen2.5-vl-7b-instruct',
      vision: true,
      local: true,
      free: true,
    });
    expect(result.catalog.models.findIndex((model) => model.source === 'openrouter')).toBe(
      ollama.length + lmStudio.length,
    );
    expect(fake.seen.find((request) => request.url === '/api/v1/models')?.authorization).toBe(
      'Bearer sk-or-secret',
    );
    expect(JSON.stringify(result.reports)).not.toContain('sk-or-secret');
  });

  it('says it is offline and keeps the snapshot when nothing answers', async () => {
    const offline = await closedPortUrl();
    const result = await refreshCatalog({
      fetch,
      current,
      generatedAt: '2025-07-01T00:00:00.000Z',
      openRouterUrl: `${offline}/api/v1/models`,
      ollamaUrl: offline,
      lmStudioUrl: offline,
    });
    expect(result.changed).toBe(false);
    expect(result.reports.map((report) => report.status)).toEqual(['offline', 'offline', 'offline']);
    expect(result.reports[0]?.message).toMatch(
      new RegExp(
        `^Offline: cannot reach .*ECONNREFUSED.*Kept the ${current.models.filter((model) => model.source === 'openrouter').length} OpenRouter models`,
      ),
    );
    expect(result.reports[1]?.message).toMatch(/Ollama not available.*Start Ollama/);
    expect(result.catalog.models).toEqual(current.models);
  });

  it('keeps the old data of a source that answers badly, and uses the fresh data of the others', async () => {
    const offline = await closedPortUrl();
    const result = await refreshCatalog({
      fetch,
      current,
      generatedAt: '2025-07-01T00:00:00.000Z',
      openRouterUrl: `${fake.url}/error/models`,
      ollamaUrl: fake.url,
      lmStudioUrl: offline,
    });
    expect(result.reports.map((report) => report.status)).toEqual(['failed', 'updated', 'offline']);
    expect(result.reports[0]?.message).toMatch(/HTTP 503/);
    expect(result.catalog.models.filter((model) => model.source === 'openrouter')).toEqual(
      current.models.filter((model) => model.source === 'openrouter'),
    );
    expect(result.catalog.models.filter((model) => model.source === 'lmstudio')).toEqual(
      current.models.filter((model) => model.source === 'lmstudio'),
    );
    expect(result.catalog.models[0]?.id).toBe('ollama/qwen3:8b');

    const broken = await refreshCatalog({
      fetch,
      current,
      generatedAt: 'x',
      openRouterUrl: `${fake.url}/broken/models`,
      ollamaUrl: offline,
      lmStudioUrl: offline,
    });
    expect(broken.reports[0]).toMatchObject({ status: 'failed' });
    expect(broken.reports[0]?.message).toMatch(/not in the expected shape/);
  });
});
