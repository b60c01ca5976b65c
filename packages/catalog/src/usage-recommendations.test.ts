import { describe, expect, it } from 'vitest';
import { createCatalog } from './catalog-query';
import { loadShippedCatalog } from './load-catalog';
import {
  noUsageSource,
  recommendFromUsage,
  type UsageRow,
  type UsageSource,
  usageSourceFromRows,
} from './usage-recommendations';

const catalog = createCatalog((await loadShippedCatalog()).models);

function row(fields: Partial<UsageRow> & Pick<UsageRow, 'routedModel' | 'provider'>): UsageRow {
  return {
    startedAt: Date.UTC(2026, 11, 1),
    sessionId: 'session-1',
    route: null,
    inputTokens: 10_000,
    outputTokens: 1_000,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    thinkingTokens: 0,
    costUsd: 0.01,
    ...fields,
  };
}

describe('usageSourceFromRows', () => {
  it('sums each model by name and provider, with what the requests asked of it', async () => {
    const source = usageSourceFromRows([
      row({ routedModel: 'gpt-4o', provider: 'openai', costUsd: 0.5 }),
      row({
        routedModel: 'gpt-4o',
        provider: 'openai',
        costUsd: null,
        thinkingTokens: 30,
        inputTokens: 50_000,
      }),
      row({
        routedModel: 'gpt-4o',
        provider: 'openai',
        costUsd: 0.25,
        route: 'images',
        cacheReadTokens: 70_000,
      }),
      row({ routedModel: 'gpt-4o', provider: 'azure', sessionId: 'session-2' }),
      row({ routedModel: 'qwen3:8b', provider: 'ollama', costUsd: 0, startedAt: Date.UTC(2025, 0, 1) }),
    ]);
    const summaries = await source.usageByModel();
    expect(summaries).toHaveLength(3);
    expect(summaries[0]).toEqual({
      model: 'gpt-4o',
      provider: 'openai',
      requests: 3,
      inputTokens: 70_000,
      outputTokens: 3_000,
      cacheReadTokens: 70_000,
      cacheWriteTokens: 0,
      costUsd: 0.75,
      unpricedRequests: 1,
      thinkingRequests: 1,
      imageRequests: 1,
      largestPromptTokens: 80_000,
    });
    expect(await source.usageByModel({ since: new Date(Date.UTC(2026, 0, 1)) })).toHaveLength(2);
    expect(await source.modelsUsedTogether()).toEqual([{ models: ['gpt-4o', 'qwen3:8b'], sessions: 1 }]);
  });
});

describe('recommendFromUsage', () => {
  it('is empty without data', async () => {
    expect(await recommendFromUsage(catalog, noUsageSource)).toEqual([]);
  });

  it('projects the cost of the same tokens on cheaper models that meet the needs', async () => {
    const usage: UsageSource = {
      usageByModel: async () => [
        {
          model: 'anthropic/claude-opus-4',
          requests: 10,
          inputTokens: 1_000_000,
          outputTokens: 100_000,
          costUsd: 22.5,
          thinkingRequests: 4,
          largestPromptTokens: 150_000,
        },
        { model: 'unknown/model', requests: 1, inputTokens: 1, outputTokens: 1, costUsd: 1 },
      ],
      modelsUsedTogether: async () => [],
    };
    const [first, ...rest] = await recommendFromUsage(catalog, usage, { alternatives: 5 });
    expect(rest).toEqual([]);
    expect(first?.model).toBe('anthropic/claude-opus-4');
    expect(first?.costBasis).toBe('recorded');
    expect(first?.needs).toMatchObject({
      tools: true,
      reasoning: true,
      vision: false,
      contextTokens: 151_024,
    });
    expect(first?.alternatives).toHaveLength(5);
    for (const alternative of first?.alternatives ?? []) {
      const { model } = alternative;
      expect(model.tools && model.reasoning).toBe(true);
      expect(model.contextWindow).toBeGreaterThanOrEqual(151_024);
      const expected = model.free
        ? 0
        : catalog.estimateCost({ model: model.id, inputTokens: 1_000_000, outputTokens: 100_000 })?.totalCost;
      expect(alternative.projectedCostUsd).toBe(expected);
      expect(alternative.projectedCostUsd).toBeLessThan(22.5);
      expect(alternative.savingUsd).toBeCloseTo(22.5 - alternative.projectedCostUsd, 10);
    }
  });

  it('finds a model as the provider spelled it, and re-prices requests recorded without a cost', async () => {
    const source = usageSourceFromRows([
      row({
        routedModel: 'gpt-4.1',
        provider: 'openai',
        costUsd: null,
        inputTokens: 400_000,
        outputTokens: 20_000,
      }),
    ]);
    const [first] = await recommendFromUsage(catalog, source);
    expect(first?.target).toMatchObject({ inferred: false, model: { id: 'openai/gpt-4.1' } });
    expect(first?.costBasis).toBe('catalog prices');
    expect(first?.currentCostUsd).toBe(
      catalog.estimateCost({ model: 'openai/gpt-4.1', inputTokens: 400_000, outputTokens: 20_000 })
        ?.totalCost,
    );
    expect(first?.alternatives.length).toBeGreaterThan(0);
  });

  it('stays local when asked, and leaves out models that are free already', async () => {
    const source = usageSourceFromRows([
      row({
        routedModel: 'anthropic/claude-sonnet-4',
        provider: 'openrouter',
        costUsd: 3,
        inputTokens: 20_000,
      }),
      row({ routedModel: 'qwen3:8b', provider: 'ollama', costUsd: 0 }),
    ]);
    const results = await recommendFromUsage(catalog, source, {
      includeMarketplace: false,
      alternatives: 10,
    });
    expect(results.map((result) => result.model)).toEqual(['anthropic/claude-sonnet-4']);
    const alternatives = results[0]?.alternatives ?? [];
    expect(alternatives.length).toBeGreaterThan(0);
    for (const alternative of alternatives) {
      expect(alternative.model.local).toBe(true);
      expect(alternative.model.tools).toBe(true);
      expect(alternative.savingUsd).toBe(3);
    }
  });

  it('offers only free models for a model of unknown price, judged by its family', async () => {
    const source = usageSourceFromRows([
      row({ routedModel: 'gpt-5.3', provider: 'openai', costUsd: null, thinkingTokens: 100 }),
    ]);
    const [first] = await recommendFromUsage(catalog, source);
    expect(first?.target).toMatchObject({ inferred: true, family: 'openai-reasoning' });
    expect(first?.currentCostUsd).toBeNull();
    expect(first?.alternatives.length).toBeGreaterThan(0);
    for (const alternative of first?.alternatives ?? []) {
      expect(alternative.model.free).toBe(true);
      expect(alternative.savingUsd).toBeNull();
    }
  });
});
