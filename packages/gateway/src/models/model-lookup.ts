import type { Catalog, CatalogModel } from '@ccp/catalog';
import { capabilitiesFromListing, type ModelCapabilities, type ProviderDialect } from '@ccp/reasoning';

const VENDOR_BY_DIALECT: Partial<Record<ProviderDialect, string>> = {
  openai: 'openai',
  azure: 'openai',
  deepseek: 'deepseek',
  ollama: 'ollama',
  lmstudio: 'lmstudio',
  gemini: 'google',
};

/**
 * Finds the catalog entry for an upstream model id as the provider spells it: `gpt-4o` on OpenAI
 * is `openai/gpt-4o` in the catalog, `qwen3:8b` on Ollama is `ollama/qwen3:8b`. Results are cached.
 */
export function createModelLookup(catalog: Catalog | undefined) {
  const cache = new Map<string, CatalogModel | null>();
  const suffixIndex = new Map<string, CatalogModel>();
  for (const model of catalog?.models ?? []) {
    const base = model.id.slice(model.id.lastIndexOf('/') + 1).toLowerCase();
    if (!suffixIndex.has(base)) suffixIndex.set(base, model);
  }

  const find = (model: string, dialect: ProviderDialect): CatalogModel | undefined => {
    if (!catalog) return undefined;
    const key = `${dialect}\u0000${model}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const vendor = VENDOR_BY_DIALECT[dialect];
    const found =
      catalog.findModel(model) ??
      (vendor ? catalog.findModel(`${vendor}/${model}`) : undefined) ??
      suffixIndex.get(model.slice(model.lastIndexOf('/') + 1).toLowerCase());
    if (cache.size > 1000) cache.clear();
    cache.set(key, found ?? null);
    return found;
  };

  return {
    find,
    /** Context window and output cap, null when unknown. */
    limits(model: string, dialect: ProviderDialect): { contextWindow: number | null; maxOutput: number | null } {
      const entry = find(model, dialect);
      return { contextWindow: entry?.contextWindow ?? null, maxOutput: entry?.maxOutput ?? null };
    },
    /**
     * What the reasoning planner may trust from the catalog: the output cap, and the entry's flags
     * by the same rule the catalog applied to its listing (`capabilitiesFromListing`).
     */
    capabilities(model: string, dialect: ProviderDialect): ModelCapabilities | undefined {
      const entry = find(model, dialect);
      if (!entry) return undefined;
      const capabilities = capabilitiesFromListing(entry);
      if (entry.maxOutput) capabilities.maxOutputTokens = entry.maxOutput;
      return capabilities;
    },
    /** The request's cost from catalog prices; null when the model or one of the prices it needs is unknown. */
    estimateCostUsd(
      model: string,
      dialect: ProviderDialect,
      usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number },
    ): number | null {
      const entry = find(model, dialect);
      if (!entry || !catalog) return null;
      const estimate = catalog.estimateCost({ model: entry.id, ...usage });
      // A price the catalog does not know is not zero: the cost is unknown rather than understated.
      return estimate?.complete ? estimate.totalCost : null;
    },
  };
}

export type ModelLookup = ReturnType<typeof createModelLookup>;
