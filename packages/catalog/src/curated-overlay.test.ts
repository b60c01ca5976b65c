import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCatalog } from './catalog-query';
import {
  applyCuratedOverlay,
  type CuratedModel,
  curatedOverlayPath,
  curatedSourceLabel,
  loadCuratedOverlay,
  parseCuratedOverlay,
  withCuratedOverlay,
} from './curated-overlay';
import { refreshCatalog } from './fetch-models';
import { findModelsDirectory, loadShippedCatalog } from './load-catalog';
import { defaultOllamaModels } from './local-models';
import type { CatalogFile, CatalogModel } from './model-schema';

const overlayPath = join(import.meta.dirname, '../../../models/curated-models.json');
const rawOverlay: unknown = JSON.parse(await readFile(overlayPath, 'utf8'));
const provenance = { source: 'https://example.com/models/x', retrieved: '2026-12-04' };

function marketplaceModel(overrides: Partial<CatalogModel> = {}): CatalogModel {
  return {
    id: 'acme/model-1',
    name: 'Acme: Model 1',
    provider: 'acme',
    source: 'openrouter',
    pricing: {
      inputPerMillion: 1,
      outputPerMillion: 2,
      cacheReadPerMillion: null,
      cacheWritePerMillion: null,
    },
    contextWindow: 8000,
    maxOutput: 1000,
    reasoning: false,
    vision: false,
    tools: true,
    free: false,
    local: false,
    endpoint: 'https://openrouter.ai/api/v1',
    ...overrides,
  };
}

function overlayOf(models: unknown[]): unknown {
  return { schemaVersion: 1, models };
}

describe('the shipped curated overlay', () => {
  const overlay = parseCuratedOverlay(rawOverlay);

  it('is found next to the shipped catalog and validates against the schema', async () => {
    expect(curatedOverlayPath()).toBe(overlayPath);
    expect((await loadCuratedOverlay(overlayPath)).models).toEqual(overlay.models);
    expect(overlay.models.length).toBeGreaterThanOrEqual(23);
  });

  it('gives every entry a provider page and the date it was read, unique ids and positive numbers', () => {
    const ids = overlay.models.map((model) => model.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const model of overlay.models) {
      expect(model.provenance.source, model.id).toMatch(/^https:\/\/[^/\s]+\.[a-z]{2,}\//);
      expect(model.provenance.retrieved, model.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(model.provenance.retrieved <= '2026-12-04', model.id).toBe(true);
      for (const count of [model.contextWindow, model.maxOutput]) {
        if (count !== null && count !== undefined)
          expect(Number.isInteger(count) && count > 0, model.id).toBe(true);
      }
      for (const price of Object.values(model.pricing ?? {})) {
        if (price !== null && price !== undefined) expect(price, model.id).toBeGreaterThan(0);
      }
      if (model.source !== 'openrouter') expect(model.pricing, model.id).toBeUndefined();
    }
  });

  it('is what the shipped catalog holds: openai/gpt-5 and its family resolve with prices and limits', async () => {
    const shipped = await loadShippedCatalog();
    const catalog = createCatalog(shipped.models);
    expect(shipped.sources.curated).toBe(curatedSourceLabel(overlay));
    expect(shipped.models.length).toBeGreaterThanOrEqual(352);
    for (const curated of overlay.models) {
      expect(catalog.findModel(curated.id)?.provenance, curated.id).toEqual(curated.provenance);
    }

    const gpt5 = catalog.findModel('openai/gpt-5');
    expect(gpt5).toMatchObject({ provider: 'openai', source: 'openrouter', reasoning: true, local: false });
    expect(catalog.priceFor('openai/gpt-5')?.inputPerToken).toBeCloseTo(1.25 / 1_000_000, 15);
    expect(gpt5?.provenance?.source).toMatch(/^https:\/\/developers\.openai\.com\//);

    expect(catalog.capabilitiesFor('openai/gpt-5-mini')).toEqual({
      reasoning: true,
      vision: true,
      tools: true,
      contextWindow: 400_000,
      maxOutput: 128_000,
    });
    expect(
      catalog.estimateCost({ model: 'openai/gpt-5-mini', inputTokens: 1_000_000, outputTokens: 100_000 })
        ?.totalCost,
    ).toBeCloseTo(0.25 + 0.2, 10);
    expect(catalog.findModel('ollama/gpt-oss:20b')).toMatchObject({
      contextWindow: 131_072,
      local: true,
      free: true,
      endpoint: 'http://localhost:11434/v1',
      pricing: { inputPerMillion: 0, outputPerMillion: 0, cacheReadPerMillion: 0, cacheWritePerMillion: 0 },
    });
  });
});

describe('validating an overlay', () => {
  const good = {
    id: 'acme/model-2',
    source: 'openrouter',
    contextWindow: 1000,
    pricing: { inputPerMillion: 1 },
    provenance,
  };

  it('accepts a minimal entry and leaves undocumented numbers out', () => {
    const [model] = parseCuratedOverlay(overlayOf([good])).models;
    expect(model?.maxOutput).toBeUndefined();
    expect(model?.pricing?.outputPerMillion).toBeUndefined();
  });

  it.each([
    ['a missing provenance', { ...good, provenance: undefined }, /models\.0\.provenance/],
    [
      'a retrieved that is not a date',
      { ...good, provenance: { ...provenance, retrieved: 'Dec 2026' } },
      /retrieved/,
    ],
    [
      'a source that is not a URL',
      { ...good, provenance: { ...provenance, source: 'OpenAI docs' } },
      /source/,
    ],
    ['a negative price', { ...good, pricing: { inputPerMillion: -1 } }, /inputPerMillion/],
    ['a zero context window', { ...good, contextWindow: 0 }, /contextWindow/],
    ['a zero marketplace price', { ...good, pricing: { outputPerMillion: 0 } }, /outputPerMillion 0/],
    ['an id without a vendor', { ...good, id: 'gpt-5' }, /vendor\/model/],
    [
      'a local id without its prefix',
      { ...good, id: 'qwen3:8b', source: 'ollama', pricing: undefined },
      /"ollama\/" prefix/,
    ],
    ['a priced local model', { ...good, id: 'ollama/qwen3:8b', source: 'ollama' }, /prices must be 0/],
  ])('rejects %s', (_label, entry, message) => {
    expect(() => parseCuratedOverlay(overlayOf([entry]))).toThrow(message);
  });

  it('rejects an id listed twice and says which', () => {
    expect(() => parseCuratedOverlay(overlayOf([good, good]))).toThrow(/lists acme\/model-2 twice/);
  });

  it('reports unreadable and malformed files with the path', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ccp-curated-'));
    await expect(loadCuratedOverlay(join(directory, 'missing.json'))).rejects.toThrow(/Cannot read/);
    await writeFile(join(directory, 'curated-models.json'), '{ nope');
    await expect(loadCuratedOverlay(join(directory, 'curated-models.json'))).rejects.toThrow(
      /not valid JSON/,
    );
    expect(curatedOverlayPath({ directory })).toBe(join(directory, 'curated-models.json'));
    expect(curatedOverlayPath({ directory: join(directory, 'elsewhere') })).toBeUndefined();
  });
});

describe('merging an overlay', () => {
  const local = defaultOllamaModels()[0] as CatalogModel;

  it('lets documented values win for a known id and keeps the snapshot where the overlay says nothing', () => {
    const curated: CuratedModel = {
      id: 'acme/model-1',
      source: 'openrouter',
      contextWindow: 400_000,
      maxOutput: null,
      pricing: { outputPerMillion: 3, cacheReadPerMillion: 0.1 },
      reasoning: true,
      provenance,
    };
    const [merged] = applyCuratedOverlay([marketplaceModel()], [curated]);
    expect(merged).toEqual(
      marketplaceModel({
        contextWindow: 400_000,
        pricing: {
          inputPerMillion: 1,
          outputPerMillion: 3,
          cacheReadPerMillion: 0.1,
          cacheWritePerMillion: null,
        },
        reasoning: true,
        provenance,
      }),
    );
  });

  it('adds new models: local ones after their server’s models, marketplace ones ahead of the marketplace', () => {
    const models = [local, marketplaceModel()];
    const curated: CuratedModel[] = [
      {
        id: 'acme/new',
        name: 'Acme: New',
        source: 'openrouter',
        pricing: { inputPerMillion: 2 },
        provenance,
      },
      { id: 'ollama/new:7b', source: 'ollama', contextWindow: 32_768, tools: true, provenance },
      { id: 'lmstudio/acme/new', source: 'lmstudio', provenance },
    ];
    const merged = applyCuratedOverlay(models, curated);
    expect(merged.map((model) => model.id)).toEqual([
      local.id,
      'ollama/new:7b',
      'lmstudio/acme/new',
      'acme/new',
      'acme/model-1',
    ]);
    expect(merged[1]).toMatchObject({
      provider: 'ollama',
      name: 'ollama/new:7b',
      contextWindow: 32_768,
      maxOutput: null,
      tools: true,
      reasoning: false,
      free: true,
      local: true,
      endpoint: 'http://localhost:11434/v1',
    });
    expect(merged[2]).toMatchObject({
      provider: 'lmstudio',
      endpoint: 'http://localhost:1234/v1',
      free: true,
    });
    expect(merged[3]).toMatchObject({
      provider: 'acme',
      name: 'Acme: New',
      free: false,
      local: false,
      pricing: {
        inputPerMillion: 2,
        outputPerMillion: null,
        cacheReadPerMillion: null,
        cacheWritePerMillion: null,
      },
      endpoint: 'https://openrouter.ai/api/v1',
      provenance,
    });
    expect(applyCuratedOverlay(merged, curated)).toEqual(merged);
  });

  it('takes a flag the overlay leaves out from the model traits, as the gateway does', () => {
    const curated: CuratedModel[] = [
      { id: 'ollama/qwen2.5-coder:14b', source: 'ollama', provenance },
      { id: 'acme/claude-sonnet-9', source: 'openrouter', provenance },
      { id: 'acme/gpt-5.9', source: 'openrouter', vision: false, provenance },
    ];
    const [qwen, claude, gpt] = applyCuratedOverlay([], curated);
    expect(qwen).toMatchObject({ tools: true, reasoning: false, vision: false });
    expect(claude).toMatchObject({ tools: true, reasoning: true, vision: true });
    expect(gpt).toMatchObject({ tools: true, reasoning: true, vision: false });
  });

  it('labels the catalog and survives a refresh where every source is offline', async () => {
    const overlay = parseCuratedOverlay(rawOverlay);
    const current: CatalogFile = {
      schemaVersion: 1,
      generatedAt: 'before',
      sources: { openRouter: 'file:x', ollama: 'defaults', lmStudio: 'defaults' },
      models: [local, marketplaceModel()],
    };
    const labelled = withCuratedOverlay(current, overlay);
    expect(labelled.sources.curated).toMatch(/^file:curated-models\.json@\d{4}-\d{2}-\d{2}$/);
    const offline = {
      fetch: async () => {
        throw new Error('offline');
      },
      current,
      generatedAt: 'now',
      timeoutMilliseconds: 1000,
    };
    const plain = await refreshCatalog(offline);
    const result = await refreshCatalog({ ...offline, curated: overlay });
    expect(result.changed).toBe(false);
    const ids = new Set(result.catalog.models.map((model) => model.id));
    expect(overlay.models.every((model) => ids.has(model.id))).toBe(true);
    expect(plain.catalog.models.some((model) => model.provenance)).toBe(false);
    expect(result.catalog.models).toEqual(applyCuratedOverlay(plain.catalog.models, overlay));
    expect(result.catalog.sources.curated).toBe(labelled.sources.curated);
  });

  it('finds the repository overlay from a module location', () => {
    const directory = findModelsDirectory(import.meta.url);
    expect(directory && curatedOverlayPath({ directory })).toBe(overlayPath);
  });
});
