import { createCatalog, loadShippedCatalog } from '@ccp/catalog';
import { resolveSettings } from '@ccp/config';
import type { AnthropicMessagesRequest } from '@ccp/convert';
import { describe, expect, it } from 'vitest';
import { planUpstreamRequest } from '../messages/plan-upstream-request';
import { resolveRoute } from '../routing/resolve-route';
import { createModelLookup } from './model-lookup';

const catalog = createCatalog((await loadShippedCatalog()).models);
const models = createModelLookup(catalog);

const request: AnthropicMessagesRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 4096,
  thinking: { type: 'adaptive' },
  messages: [{ role: 'user', content: 'List the files' }],
};

/** The plan the gateway makes for a catalog id, served where the catalog says it is served. */
function planFor(id: string) {
  const local = id.startsWith('ollama/') || id.startsWith('lmstudio/');
  const env: Record<string, string> = local
    ? { MIDDLE_MODEL: id }
    : { PROVIDER_API_KEY: 'sk-or', PROVIDER_BASE_URL: 'https://openrouter.ai/api/v1', MIDDLE_MODEL: id };
  const route = resolveRoute(request.model, resolveSettings(env));
  return planUpstreamRequest(request, route, { capabilities: models.capabilities });
}

describe('the catalog and the gateway agree on what a model can do', () => {
  it.each([
    'openai/o3',
    'openai/o1',
    'openai/o1-mini',
    'openai/o4-mini',
    'openai/gpt-4o',
    'deepseek/deepseek-r1',
    'qwen/qwen3-32b',
    'qwen/qwen3-8b:free',
    'anthropic/claude-sonnet-4',
    'anthropic/claude-3.5-sonnet',
    'google/gemini-2.5-pro',
    'ollama/qwen3:8b',
    'ollama/llama3.2:3b',
    'ollama/deepseek-r1:8b',
    'lmstudio/meta-llama-3.1-8b-instruct',
    'lmstudio/deepseek-r1-distill-qwen-7b',
  ])('%s', (id) => {
    const entry = catalog.findModel(id);
    if (!entry) throw new Error(`the shipped catalog lacks ${id}`);
    const plan = planFor(id);
    expect(models.find(plan.body.model, plan.dialect)?.id).toBe(id);
    const { reasoning, tools, vision } = plan.reasoning.traits;
    expect({ reasoning, tools, vision }).toEqual({
      reasoning: entry.reasoning,
      tools: entry.tools,
      vision: entry.vision,
    });
  });

  it('the o-series are reasoning models in the catalog, and the gateway asks them to reason', () => {
    for (const id of ['openai/o1', 'openai/o3', 'openai/o4-mini']) {
      expect(catalog.findModel(id)?.reasoning, id).toBe(true);
      const plan = planFor(id);
      expect(plan.dialect).toBe('openrouter');
      expect(plan.body.reasoning, id).toEqual({ effort: 'high' });
    }
  });

  it('a model the catalog does not reason with gets no reasoning parameters', () => {
    expect(catalog.findModel('openai/gpt-4o')?.reasoning).toBe(false);
    expect(planFor('openai/gpt-4o').body.reasoning).toBeUndefined();
  });
});

describe('estimateCostUsd', () => {
  const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 0, cacheWriteTokens: 0 };

  it('prices a model whose prices are all known', () => {
    const cost = models.estimateCostUsd('gpt-4o', 'openai', usage);
    const prices = catalog.priceFor('openai/gpt-4o');
    expect(cost).toBeCloseTo(((prices?.inputPerToken ?? 0) + (prices?.outputPerToken ?? 0)) * 1_000_000, 6);
  });

  it('says unknown (null) rather than a partial sum when a price it needs is missing', () => {
    const partial = catalog.models.find(
      (model) => model.pricing.inputPerMillion !== null && model.pricing.outputPerMillion === null,
    );
    expect(partial, 'the catalog has a model with only an input price').toBeDefined();
    expect(models.estimateCostUsd(partial?.id ?? '', 'openrouter', usage)).toBeNull();
    expect(models.estimateCostUsd('no-such-model-anywhere', 'openai', usage)).toBeNull();
  });
});

describe('a model the catalog cannot size or price', () => {
  it('is found under its dated snapshot name', () => {
    expect(models.find('gpt-4.1-2025-04-14', 'openai')?.id).toBe('openai/gpt-4.1');
    expect(models.limits('gpt-4.1-2025-04-14', 'openai').contextWindow).toBe(
      catalog.findModel('openai/gpt-4.1')?.contextWindow,
    );
  });

  it('is described for the log from its family name, the same traits the planner uses', () => {
    expect(models.unknownFacts('gpt-4o', 'openai')).toBeNull();
    expect(catalog.findModel('openai/gpt-5.3')).toBeUndefined();
    const notice = models.unknownFacts('gpt-5.3', 'openai');
    expect(notice).toBe(
      'gpt-5.3 @openai is not in the model catalog: capabilities from its name (family openai-reasoning: reasoning, tools, vision); ' +
        'context window unknown, so the context guard and the max_tokens clamp cannot act; ' +
        'price unknown, so its cost is shown as unknown. Add it to models/curated-models.json to give its limits and prices.',
    );
    expect(models.limits('gpt-5.3', 'openai')).toEqual({ contextWindow: null, maxOutput: null });
  });

  it('names what a catalogued model lacks', () => {
    const unsized = catalog.models.find((model) => model.contextWindow === null && !model.local);
    expect(unsized, 'the catalog has a marketplace model without a context window').toBeDefined();
    expect(models.unknownFacts(unsized?.id ?? '', 'openrouter')).toMatch(
      /^\S+ @openrouter: context window unknown, so the context guard and the max_tokens clamp cannot act/,
    );
  });
});
