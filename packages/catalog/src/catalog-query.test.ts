import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelTraits } from '@ccp/reasoning';
import { describe, expect, it } from 'vitest';
import { createCatalog } from './catalog-query';
import { loadCuratedOverlay } from './curated-overlay';
import { loadShippedCatalog, shippedCatalogPath } from './load-catalog';
import { defaultLmStudioModels, defaultOllamaModels } from './local-models';

type RawModel = {
  id: string;
  context_length: number;
  pricing: Record<string, string | undefined>;
  supported_parameters?: string[];
  architecture: { input_modalities: string[] };
  top_provider: { max_completion_tokens: number | null };
};

// A byte-for-byte copy of ../shared/data/openrouter-models-2025-06.json, so the tests run without it.
const sourcePath = join(import.meta.dirname, '__fixtures__/openrouter-models-2025-06.json');
const source = (JSON.parse(readFileSync(sourcePath, 'utf8')) as { data: RawModel[] }).data;
const shipped = await loadShippedCatalog();
const catalog = createCatalog(shipped.models);
const overlay = await loadCuratedOverlay(join(import.meta.dirname, '../../../models/curated-models.json'));
const defaults = [...defaultOllamaModels(), ...defaultLmStudioModels()];
const knownIds = new Set([...source.map((model) => model.id), ...defaults.map((model) => model.id)]);
// The curated models the response and the local defaults lack; the shipped catalog adds them.
const added = overlay.models.filter((model) => !knownIds.has(model.id));
const addedIds = new Set(added.map((model) => model.id));
const snapshot = createCatalog(shipped.models.filter((model) => !addedIds.has(model.id)));

describe('shipped catalog', () => {
  it('is found relative to the package and holds every OpenRouter model, 12 local ones and the curated additions', () => {
    expect(shippedCatalogPath()).toMatch(/models[/\\]openrouter_models\.json$/);
    expect(source.length).toBe(317);
    expect(catalog.models.length).toBe(source.length + 12 + added.length);
    expect(catalog.models.length).toBeGreaterThanOrEqual(352);
    const addedMarketplace = added.filter((model) => model.source === 'openrouter').map((model) => model.id);
    expect(catalog.filter({ source: 'openrouter' }).map((model) => model.id)).toEqual([
      ...addedMarketplace,
      ...source.map((model) => model.id),
    ]);
  });

  it('lists the local models first: Ollama then LM Studio, defaults before curated, with their endpoints', () => {
    const curatedOllama = added.filter((model) => model.source === 'ollama').map((model) => model.id);
    const curatedLmStudio = added.filter((model) => model.source === 'lmstudio').map((model) => model.id);
    const localCount = 12 + curatedOllama.length + curatedLmStudio.length;
    const first = catalog.models.slice(0, localCount);
    expect(first.map((model) => model.id)).toEqual([
      ...defaultOllamaModels().map((model) => model.id),
      ...curatedOllama,
      ...defaultLmStudioModels().map((model) => model.id),
      ...curatedLmStudio,
    ]);
    const ollama = first.filter((model) => model.source === 'ollama');
    const lmStudio = first.filter((model) => model.source === 'lmstudio');
    expect(ollama.length + lmStudio.length).toBe(localCount);
    expect(new Set(ollama.map((model) => model.endpoint))).toEqual(new Set(['http://localhost:11434/v1']));
    expect(new Set(lmStudio.map((model) => model.endpoint))).toEqual(new Set(['http://localhost:1234/v1']));
    expect(catalog.filter({ local: true })).toEqual(first);
  });

  it('counts free, vision and tools models as the source file says, and reasoning ones with the traits (curated additions aside)', () => {
    const free = source.filter(
      (model) =>
        model.id.endsWith(':free') || (model.pricing.prompt === '0' && model.pricing.completion === '0'),
    );
    const listedReasoning = source.filter((model) =>
      (model.supported_parameters ?? []).some((name) => name === 'reasoning' || name === 'include_reasoning'),
    );
    // A listed reasoning parameter always counts; models known to reason are added where the listing misses them.
    const reasoning = source.filter(
      (model) => listedReasoning.includes(model) || modelTraits(model.id, 'openrouter').reasoning,
    );
    expect(reasoning.length).toBeGreaterThan(listedReasoning.length);
    const vision = source.filter((model) => model.architecture.input_modalities.includes('image'));
    const tools = source.filter((model) => (model.supported_parameters ?? []).includes('tools'));
    const marketplace = { source: 'openrouter' } as const;
    expect(snapshot.filter({ ...marketplace, free: true }).length).toBe(free.length);
    expect(snapshot.filter({ free: true }).length).toBe(free.length + 12);
    expect(snapshot.filter({ ...marketplace, reasoning: true }).length).toBe(reasoning.length);
    expect(snapshot.filter({ ...marketplace, vision: true }).length).toBe(vision.length);
    expect(snapshot.filter({ ...marketplace, tools: true }).length).toBe(tools.length);
    const freeReasoning = free.filter((model) => reasoning.includes(model));
    expect(snapshot.filter({ ...marketplace, free: true, reasoning: true }).map((model) => model.id)).toEqual(
      freeReasoning.map((model) => model.id),
    );
  });

  it('lists the OpenAI o-series as reasoning models', () => {
    for (const id of ['openai/o1', 'openai/o1-mini', 'openai/o3', 'openai/o3-mini', 'openai/o4-mini']) {
      expect(catalog.findModel(id)?.reasoning, id).toBe(true);
    }
    expect(catalog.findModel('openai/gpt-4o')?.reasoning).toBe(false);
  });

  it('gives a known model price per token and context from the real response', () => {
    const raw = source.find((model) => model.id === 'anthropic/claude-sonnet-4');
    if (!raw) throw new Error('fixture lacks anthropic/claude-sonnet-4');
    const prices = catalog.priceFor('anthropic/claude-sonnet-4');
    expect(prices?.inputPerToken).toBeCloseTo(Number(raw.pricing.prompt), 15);
    expect(prices?.outputPerToken).toBeCloseTo(Number(raw.pricing.completion), 15);
    expect(prices?.cacheReadPerToken).toBeCloseTo(Number(raw.pricing.input_cache_read), 15);
    expect(prices?.cacheWritePerToken).toBeCloseTo(Number(raw.pricing.input_cache_write), 15);
    expect(catalog.contextWindowFor('anthropic/claude-sonnet-4')).toBe(raw.context_length);
    expect(catalog.maxOutputFor('anthropic/claude-sonnet-4')).toBe(raw.top_provider.max_completion_tokens);
    expect(catalog.capabilitiesFor('anthropic/claude-sonnet-4')).toEqual({
      reasoning: true,
      vision: true,
      tools: true,
      contextWindow: raw.context_length,
      maxOutput: raw.top_provider.max_completion_tokens,
    });
  });

  it('stores per-million prices without binary noise', () => {
    for (const raw of source) {
      const model = catalog.findModel(raw.id);
      const prompt = Number(raw.pricing.prompt);
      if (prompt < 0) {
        expect(model?.pricing.inputPerMillion).toBeNull();
        continue;
      }
      expect(model?.pricing.inputPerMillion).toBeCloseTo(prompt * 1e6, 9);
      expect(String(model?.pricing.inputPerMillion)).not.toMatch(/0000000|9999999/);
    }
    expect(catalog.findModel('openrouter/auto')?.pricing.outputPerMillion).toBeNull();
    expect(catalog.findModel('openai/gpt-4o')?.pricing.cacheWritePerMillion).toBeNull();
  });

  it('estimates cost from the prices, including cache reads and writes', () => {
    const raw = source.find((model) => model.id === 'anthropic/claude-sonnet-4');
    if (!raw) throw new Error('fixture lacks anthropic/claude-sonnet-4');
    const estimate = catalog.estimateCost({
      model: 'anthropic/claude-sonnet-4',
      inputTokens: 10_000,
      outputTokens: 2_000,
      cacheReadTokens: 50_000,
      cacheWriteTokens: 4_000,
    });
    const expected =
      10_000 * Number(raw.pricing.prompt) +
      2_000 * Number(raw.pricing.completion) +
      50_000 * Number(raw.pricing.input_cache_read) +
      4_000 * Number(raw.pricing.input_cache_write);
    expect(estimate?.totalCost).toBeCloseTo(expected, 10);
    expect(estimate?.complete).toBe(true);
    expect(catalog.estimateCost({ model: 'no/such-model', inputTokens: 1, outputTokens: 1 })).toBeUndefined();
    const unknownPrice = catalog.estimateCost({
      model: 'openrouter/auto',
      inputTokens: 1000,
      outputTokens: 10,
    });
    expect(unknownPrice?.complete).toBe(false);
    expect(unknownPrice?.notes.join(' ')).toMatch(/no published/);
  });

  it('bills cache reads at the input price when no cache price is published, and says so', () => {
    const raw = source.find((model) => model.id === 'mistralai/mistral-nemo');
    if (!raw) throw new Error('fixture lacks mistralai/mistral-nemo');
    const estimate = catalog.estimateCost({
      model: 'mistralai/mistral-nemo',
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 1_000_000,
    });
    expect(estimate?.cacheReadCost).toBeCloseTo(1_000_000 * Number(raw.pricing.prompt), 10);
    expect(estimate?.notes.join(' ')).toMatch(/cache reads are billed at the input price/);
  });

  it('filters by provider and searches by words in id or name', () => {
    const anthropic = catalog.filter({ provider: 'Anthropic' });
    const isAnthropic = (model: { id: string }) => model.id.startsWith('anthropic/');
    expect(anthropic.length).toBe(source.filter(isAnthropic).length + added.filter(isAnthropic).length);
    const found = catalog.search('claude sonnet 4');
    expect(found.map((model) => model.id)).toContain('anthropic/claude-sonnet-4');
    expect(
      found.every((model) => /claude/i.test(model.id + model.name) && /sonnet/i.test(model.id + model.name)),
    ).toBe(true);
    expect(catalog.filter({ includeMarketplace: false }).every((model) => model.local)).toBe(true);
    expect(catalog.findModel('ANTHROPIC/Claude-Sonnet-4')?.id).toBe('anthropic/claude-sonnet-4');
    expect(catalog.providers()).toContain('ollama');
  });
});
