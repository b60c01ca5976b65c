import { describe, expect, it } from 'vitest';
import { createCatalog } from './catalog-query';
import { loadShippedCatalog } from './load-catalog';
import {
  blendedPricePerMillion,
  noUsageSource,
  recommendAlternatives,
  recommendFromUsage,
  type UsageSource,
} from './recommender';

const catalog = createCatalog((await loadShippedCatalog()).models);

describe('recommendAlternatives', () => {
  it('offers only free models with --free, best score first, each with reasons', () => {
    // Eight, as the free local gpt-oss models (tools and reasoning) now rank ahead of the variant.
    const results = recommendAlternatives(catalog, 'deepseek/deepseek-r1-0528', { free: true, limit: 8 });
    expect(results.length).toBe(8);
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

describe('usage-based recommendations', () => {
  it('are empty until metering provides data', async () => {
    expect(await recommendFromUsage(catalog, noUsageSource)).toEqual([]);
  });

  it('project the cost of the same tokens on a cheaper model', async () => {
    const usage: UsageSource = {
      usageByModel: async () => [
        {
          model: 'anthropic/claude-opus-4',
          requests: 10,
          inputTokens: 1_000_000,
          outputTokens: 100_000,
          costUsd: 22.5,
        },
        { model: 'unknown/model', requests: 1, inputTokens: 1, outputTokens: 1, costUsd: 1 },
      ],
      modelsUsedTogether: async () => [],
    };
    const [first, ...rest] = await recommendFromUsage(catalog, usage);
    expect(rest).toEqual([]);
    expect(first?.model).toBe('anthropic/claude-opus-4');
    expect(first?.projectedCostUsd).toBeLessThan(22.5);
    const expected = catalog.estimateCost({
      model: first?.alternative.model.id ?? '',
      inputTokens: 1_000_000,
      outputTokens: 100_000,
    });
    expect(first?.projectedCostUsd).toBe(expected?.totalCost);
  });
});
