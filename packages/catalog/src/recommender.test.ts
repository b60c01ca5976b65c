import { modelCapabilityFlags } from '@ccp/reasoning';
import { describe, expect, it } from 'vitest';
import { createCatalog } from './catalog-query';
import { loadShippedCatalog } from './load-catalog';
import { blendedPricePerMillion, recommendAlternatives, recommendationTarget } from './recommender';

const catalog = createCatalog((await loadShippedCatalog()).models);

describe('recommendAlternatives', () => {
  it('offers only free models with --free, best score first, each with reasons', () => {
    // Ten, as the free local models with tools and reasoning (gpt-oss, qwen3) rank ahead of the variant.
    const results = recommendAlternatives(catalog, 'deepseek/deepseek-r1-0528', { free: true, limit: 10 });
    expect(results.length).toBe(10);
    expect(results.every((result) => result.model.free)).toBe(true);
    // R1 has tools and reasoning; the best free pick keeps both, while the free R1 variant
    // (no tools on OpenRouter) still ranks, marked as a variant.
    expect(results[0]?.model.tools && results[0]?.model.reasoning).toBe(true);
    const variant = results.find((result) => result.model.id === 'deepseek/deepseek-r1-0528:free');
    expect(variant?.reasons).toContain('a variant of the same model');
    expect(variant?.reasons).toContain('lacks tools');
    const scores = results.map((result) => result.score);
    expect(scores).toEqual([...scores].sort((left, right) => right - left));
    for (const result of results) {
      expect(result.reasons.length).toBeGreaterThan(0);
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(100);
    }
  });

  it('offers only cheaper models with --cheaper and prefers those keeping the capabilities', () => {
    const target = catalog.findModel('anthropic/claude-sonnet-4');
    if (!target) throw new Error('missing model');
    const targetPrice = blendedPricePerMillion(target) ?? 0;
    const results = recommendAlternatives(catalog, 'anthropic/claude-sonnet-4', {
      cheaper: true,
      limit: 10,
      includeLocal: false,
    });
    expect(results.length).toBe(10);
    for (const result of results) {
      expect(blendedPricePerMillion(result.model)).toBeLessThan(targetPrice);
      expect(result.model.local).toBe(false);
    }
    expect(results[0]?.model.tools).toBe(true);
    expect(results[0]?.reasons.join(' ')).toMatch(/keeps tools/);
  });

  it('can stay local, and says when a model is unknown', () => {
    const results = recommendAlternatives(catalog, 'openai/gpt-4.1', { includeMarketplace: false, limit: 3 });
    expect(results.every((result) => result.model.local)).toBe(true);
    expect(() => recommendAlternatives(catalog, 'acme/no-such-model')).toThrow(
      /not in the model catalog.*fetch-models/,
    );
  });

  it('knows the curated openai/gpt-5 and recommends alternatives that keep reasoning', () => {
    const results = recommendAlternatives(catalog, 'openai/gpt-5', { limit: 5 });
    expect(results.length).toBe(5);
    expect(results.every((result) => result.model.id !== 'openai/gpt-5' && result.model.reasoning)).toBe(
      true,
    );
    expect(results[0]?.reasons.join(' ')).toMatch(/keeps tools, reasoning, vision/);
  });
});

describe('a model the catalog does not list', () => {
  it('is judged by its family name, with the flags the gateway uses for it', () => {
    expect(catalog.findModel('openai/gpt-5.3')).toBeUndefined();
    const target = recommendationTarget(catalog, 'openai/gpt-5.3');
    expect(target.inferred).toBe(true);
    expect(target.family).toBe('openai-reasoning');
    const { reasoning, tools, vision } = target.model;
    expect({ reasoning, tools, vision }).toEqual(modelCapabilityFlags('openai/gpt-5.3', 'openrouter'));
    expect(target.model.pricing.inputPerMillion).toBeNull();
    expect(target.model.contextWindow).toBeNull();
    expect(target.model.free).toBe(false);
  });

  it('gets free alternatives that keep what its family can do; cheaper needs a price', () => {
    const free = recommendAlternatives(catalog, 'openai/gpt-5.3', { free: true, limit: 3 });
    expect(free).toHaveLength(3);
    for (const result of free) {
      expect(result.model.free).toBe(true);
      expect(result.model.reasoning && result.model.tools).toBe(true);
    }
    expect(recommendAlternatives(catalog, 'openai/gpt-5.3', { cheaper: true })).toEqual([]);
  });

  it('is a local model when its id says so, and stays local when asked', () => {
    const target = recommendationTarget(catalog, 'ollama/qwen3:4b');
    expect(target.model).toMatchObject({
      local: true,
      free: true,
      source: 'ollama',
      reasoning: true,
      tools: true,
    });
    const results = recommendAlternatives(catalog, 'ollama/qwen3:4b', {
      includeMarketplace: false,
      limit: 4,
    });
    expect(results).toHaveLength(4);
    expect(results.every((result) => result.model.local)).toBe(true);
  });
});
