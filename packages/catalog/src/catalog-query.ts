import type { CatalogModel, ModelCapabilities, ModelSource } from './model-schema';

/** Capability filters; each one given must hold. `search` matches every word in id, name or provider. */
export type ModelFilter = {
  reasoning?: boolean;
  vision?: boolean;
  tools?: boolean;
  free?: boolean;
  local?: boolean;
  /** Provider prefix, e.g. `openai`, `anthropic`, `ollama` (case-insensitive). */
  provider?: string;
  source?: ModelSource;
  search?: string;
  /** False hides marketplace (OpenRouter) models, as `ENABLE_OPENROUTER_SELECTION=false` asks. */
  includeMarketplace?: boolean;
};

/** Dollars per token; `null` where the provider publishes no price. */
export type TokenPrices = {
  inputPerToken: number | null;
  outputPerToken: number | null;
  cacheReadPerToken: number | null;
  cacheWritePerToken: number | null;
};

export type CostEstimateInput = {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
};

export type CostEstimate = {
  model: string;
  currency: 'USD';
  inputCost: number;
  outputCost: number;
  cacheReadCost: number;
  cacheWriteCost: number;
  totalCost: number;
  /** False when a needed price was unknown and counted as zero. */
  complete: boolean;
  /** What the estimate assumed, e.g. cache reads billed at the input price. */
  notes: string[];
};

function matchesSearch(model: CatalogModel, text: string): boolean {
  const haystack = `${model.id} ${model.name} ${model.provider}`.toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '')
    .every((word) => haystack.includes(word));
}

/**
 * Keeps the models that satisfy every given filter, in catalog order.
 *
 * @example
 * filterModels(models, { free: true, reasoning: true });
 */
export function filterModels(models: readonly CatalogModel[], filter: ModelFilter = {}): CatalogModel[] {
  const provider = filter.provider?.toLowerCase();
  return models.filter(
    (model) =>
      (filter.reasoning === undefined || model.reasoning === filter.reasoning) &&
      (filter.vision === undefined || model.vision === filter.vision) &&
      (filter.tools === undefined || model.tools === filter.tools) &&
      (filter.free === undefined || model.free === filter.free) &&
      (filter.local === undefined || model.local === filter.local) &&
      (provider === undefined || model.provider.toLowerCase() === provider) &&
      (filter.source === undefined || model.source === filter.source) &&
      (filter.includeMarketplace !== false || model.source !== 'openrouter') &&
      (filter.search === undefined || matchesSearch(model, filter.search)),
  );
}

/** Models whose id, name or provider contain every word of `text` (case-insensitive). */
export function searchModels(models: readonly CatalogModel[], text: string): CatalogModel[] {
  return models.filter((model) => matchesSearch(model, text));
}

/** Read-only queries over one list of models. */
export type Catalog = {
  readonly models: readonly CatalogModel[];
  findModel(id: string): CatalogModel | undefined;
  filter(filter: ModelFilter): CatalogModel[];
  search(text: string): CatalogModel[];
  priceFor(id: string): TokenPrices | undefined;
  estimateCost(input: CostEstimateInput): CostEstimate | undefined;
  contextWindowFor(id: string): number | null | undefined;
  maxOutputFor(id: string): number | null | undefined;
  capabilitiesFor(id: string): ModelCapabilities | undefined;
  providers(): string[];
};

function perToken(perMillion: number | null): number | null {
  return perMillion === null ? null : perMillion / 1_000_000;
}

function costOf(tokens: number, perMillion: number | null): number {
  // Multiply before dividing so whole-dollar prices stay exact for round token counts.
  return perMillion === null ? 0 : (tokens * perMillion) / 1_000_000;
}

/**
 * Wraps a model list (e.g. `(await loadShippedCatalog()).models`) with look-ups. Unknown
 * ids return undefined; ids match exactly first, then case-insensitively.
 *
 * @example
 * const catalog = createCatalog(models);
 * catalog.estimateCost({ model: 'openai/gpt-4o', inputTokens: 1000, outputTokens: 200 })?.totalCost;
 */
export function createCatalog(models: readonly CatalogModel[]): Catalog {
  const byId = new Map<string, CatalogModel>();
  const byLowerId = new Map<string, CatalogModel>();
  for (const model of models) {
    if (!byId.has(model.id)) byId.set(model.id, model);
    const lower = model.id.toLowerCase();
    if (!byLowerId.has(lower)) byLowerId.set(lower, model);
  }
  const findModel = (id: string): CatalogModel | undefined => byId.get(id) ?? byLowerId.get(id.toLowerCase());

  return {
    models,
    findModel,
    filter: (filter) => filterModels(models, filter),
    search: (text) => searchModels(models, text),
    priceFor(id) {
      const model = findModel(id);
      if (!model) return undefined;
      return {
        inputPerToken: perToken(model.pricing.inputPerMillion),
        outputPerToken: perToken(model.pricing.outputPerMillion),
        cacheReadPerToken: perToken(model.pricing.cacheReadPerMillion),
        cacheWritePerToken: perToken(model.pricing.cacheWritePerMillion),
      };
    },
    estimateCost(input) {
      const model = findModel(input.model);
      if (!model) return undefined;
      const { pricing } = model;
      const notes: string[] = [];
      let complete = pricing.inputPerMillion !== null && pricing.outputPerMillion !== null;
      if (!complete)
        notes.push(`${model.id} has no published input/output price; unknown prices count as 0.`);
      const cacheReadTokens = input.cacheReadTokens ?? 0;
      const cacheWriteTokens = input.cacheWriteTokens ?? 0;
      let cacheReadPrice = pricing.cacheReadPerMillion;
      if (cacheReadTokens > 0 && cacheReadPrice === null) {
        cacheReadPrice = pricing.inputPerMillion;
        notes.push('No cache read price is published; cache reads are billed at the input price.');
      }
      let cacheWritePrice = pricing.cacheWritePerMillion;
      if (cacheWriteTokens > 0 && cacheWritePrice === null) {
        cacheWritePrice = pricing.inputPerMillion;
        notes.push('No cache write price is published; cache writes are billed at the input price.');
      }
      if ((cacheReadTokens > 0 || cacheWriteTokens > 0) && pricing.inputPerMillion === null) complete = false;
      const inputCost = costOf(input.inputTokens, pricing.inputPerMillion);
      const outputCost = costOf(input.outputTokens, pricing.outputPerMillion);
      const cacheReadCost = costOf(cacheReadTokens, cacheReadPrice);
      const cacheWriteCost = costOf(cacheWriteTokens, cacheWritePrice);
      return {
        model: model.id,
        currency: 'USD',
        inputCost,
        outputCost,
        cacheReadCost,
        cacheWriteCost,
        totalCost: inputCost + outputCost + cacheReadCost + cacheWriteCost,
        complete,
        notes,
      };
    },
    contextWindowFor: (id) => findModel(id)?.contextWindow,
    maxOutputFor: (id) => findModel(id)?.maxOutput,
    capabilitiesFor(id) {
      const model = findModel(id);
      if (!model) return undefined;
      return {
        reasoning: model.reasoning,
        vision: model.vision,
        tools: model.tools,
        contextWindow: model.contextWindow,
        maxOutput: model.maxOutput,
      };
    },
    providers: () => [...new Set(models.map((model) => model.provider))].sort(),
  };
}
