import { type Catalog, type CatalogModel, createServedModelFinder } from '@ccp/catalog';
import {
  capabilitiesFromListing,
  type ModelCapabilities,
  modelTraits,
  type ProviderDialect,
} from '@ccp/reasoning';

/**
 * Catalog look-ups for an upstream model id as the provider spells it (`gpt-4o` on OpenAI is
 * `openai/gpt-4o` in the catalog, `qwen3:8b` on Ollama is `ollama/qwen3:8b`). Results are cached.
 */
export function createModelLookup(catalog: Catalog | undefined) {
  const find: (model: string, dialect: ProviderDialect) => CatalogModel | undefined =
    createServedModelFinder(catalog);

  return {
    find,
    /** Context window and output cap, null when unknown. */
    limits(
      model: string,
      dialect: ProviderDialect,
    ): { contextWindow: number | null; maxOutput: number | null } {
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
    /**
     * What the gateway cannot know about a model, for the log: null when the catalog gives its
     * context window and prices. An unknown window means the context guard and the `max_tokens`
     * clamp cannot act; no family tells one reliably (a family spans windows from 128K to 1M
     * tokens, and a guess too small would refuse prompts the model takes).
     */
    unknownFacts(model: string, dialect: ProviderDialect): string | null {
      const entry = find(model, dialect);
      const priced =
        entry !== undefined &&
        entry.pricing.inputPerMillion !== null &&
        entry.pricing.outputPerMillion !== null;
      if (entry?.contextWindow && priced) return null;
      const missing: string[] = [];
      if (!entry?.contextWindow)
        missing.push('context window unknown, so the context guard and the max_tokens clamp cannot act');
      if (!priced) missing.push('price unknown, so its cost is shown as unknown');
      if (entry) return `${model} @${dialect}: ${missing.join('; ')}.`;
      const traits = modelTraits(model, dialect);
      const can = (['reasoning', 'tools', 'vision'] as const).filter((flag) => traits[flag]);
      return (
        `${model} @${dialect} is not in the model catalog: capabilities from its name ` +
        `(family ${traits.family}: ${can.length > 0 ? can.join(', ') : 'no reasoning, tools or vision'}); ` +
        `${missing.join('; ')}. Add it to models/curated-models.json to give its limits and prices.`
      );
    },
  };
}

export type ModelLookup = ReturnType<typeof createModelLookup>;
