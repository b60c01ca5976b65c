import type { Catalog } from './catalog-query';
import type { CatalogModel } from './model-schema';

export type RecommendOptions = {
  /** Only free models. */
  free?: boolean;
  /** Only models with a lower blended price than the given one. */
  cheaper?: boolean;
  /** How many to return; 5 unless given. */
  limit?: number;
  /** False leaves out OpenRouter models (ENABLE_OPENROUTER_SELECTION=false). */
  includeMarketplace?: boolean;
  /** False leaves out Ollama and LM Studio models. */
  includeLocal?: boolean;
};

export type Recommendation = {
  model: CatalogModel;
  /** 0–100: capability match (50), context (25), price (25), plus a bonus for a variant of the same model. */
  score: number;
  reasons: string[];
};

/**
 * One price per model for comparisons: three input tokens per output token, the rough mix
 * of a Claude Code session (large prompts, shorter answers). Null when a price is unknown.
 */
export function blendedPricePerMillion(model: CatalogModel): number | null {
  const { inputPerMillion, outputPerMillion } = model.pricing;
  if (inputPerMillion === null || outputPerMillion === null) return null;
  return (3 * inputPerMillion + outputPerMillion) / 4;
}

function baseId(id: string): string {
  return id.replace(/:(free|beta|extended|thinking)$/, '');
}

function formatTokens(count: number): string {
  if (count >= 1_000_000) return `${Number((count / 1_000_000).toFixed(2))}M`;
  if (count >= 1000) return `${Math.round(count / 1000)}K`;
  return String(count);
}

function formatDollars(value: number): string {
  return `$${Number(value.toPrecision(3))}`;
}

const CAPABILITY_WEIGHTS = { tools: 20, reasoning: 15, vision: 15 } as const;

function scoreCandidate(target: CatalogModel, candidate: CatalogModel): Recommendation {
  const reasons: string[] = [];
  let capabilityScore = 0;
  let wanted = 0;
  const kept: string[] = [];
  const missing: string[] = [];
  for (const capability of ['tools', 'reasoning', 'vision'] as const) {
    if (!target[capability]) continue;
    wanted += CAPABILITY_WEIGHTS[capability];
    if (candidate[capability]) {
      capabilityScore += CAPABILITY_WEIGHTS[capability];
      kept.push(capability);
    } else {
      missing.push(capability);
    }
  }
  capabilityScore = wanted === 0 ? 50 : (capabilityScore / wanted) * 50;
  if (kept.length > 0) reasons.push(`keeps ${kept.join(', ')}`);
  if (missing.length > 0) reasons.push(`lacks ${missing.join(', ')}`);
  if (wanted === 0) reasons.push('no special capabilities needed');

  let contextScore = 10;
  if (target.contextWindow !== null && candidate.contextWindow !== null) {
    contextScore = Math.min(candidate.contextWindow / target.contextWindow, 1) * 25;
    const comparison =
      candidate.contextWindow > target.contextWindow
        ? 'larger'
        : candidate.contextWindow < target.contextWindow
          ? 'smaller'
          : 'same';
    reasons.push(
      `context ${formatTokens(candidate.contextWindow)} (${comparison} than ${formatTokens(target.contextWindow)})`,
    );
  } else if (candidate.contextWindow === null) {
    reasons.push('context size unknown');
  }

  let priceScore = 12;
  const targetPrice = blendedPricePerMillion(target);
  const candidatePrice = blendedPricePerMillion(candidate);
  if (candidate.free) {
    priceScore = 25;
    reasons.push(candidate.local ? 'free (runs locally)' : 'free');
  } else if (candidatePrice !== null && targetPrice !== null && targetPrice > 0) {
    const ratio = candidatePrice / targetPrice;
    priceScore = 25 * Math.max(0, 1 - Math.min(ratio, 1)) + (ratio <= 1 ? 5 : 0);
    priceScore = Math.min(priceScore, 25);
    if (ratio < 1)
      reasons.push(
        `${Math.round((1 - ratio) * 100)}% cheaper (${formatDollars(candidatePrice)} vs ${formatDollars(targetPrice)} per 1M blended)`,
      );
    else if (ratio > 1) reasons.push(`${Math.round((ratio - 1) * 100)}% more expensive`);
    else reasons.push('same price');
  } else if (candidatePrice === null) {
    reasons.push('price unknown');
  }

  let bonus = 0;
  if (baseId(candidate.id) === baseId(target.id)) {
    bonus = 10;
    reasons.unshift('a variant of the same model');
  }
  const score = Math.round(Math.min(100, capabilityScore + contextScore + priceScore + bonus));
  return { model: candidate, score, reasons };
}

/**
 * Free or cheaper alternatives to a model, best first, each with a score and the reasons.
 * Throws when the model is not in the catalog (with a hint to refresh it).
 *
 * @example
 * recommendAlternatives(catalog, 'anthropic/claude-sonnet-4', { free: true, limit: 3 });
 */
export function recommendAlternatives(
  catalog: Catalog,
  modelId: string,
  options: RecommendOptions = {},
): Recommendation[] {
  const target = catalog.findModel(modelId);
  if (!target) {
    throw new Error(
      `"${modelId}" is not in the model catalog. Check the id with \`ccp-select models list --search\`, or refresh the catalog with \`ccp-select fetch-models\`.`,
    );
  }
  const targetPrice = blendedPricePerMillion(target);
  const candidates = catalog.models.filter((candidate) => {
    if (candidate.id === target.id) return false;
    if (options.includeMarketplace === false && candidate.source === 'openrouter') return false;
    if (options.includeLocal === false && candidate.local) return false;
    if (options.free && !candidate.free) return false;
    if (options.cheaper) {
      const price = blendedPricePerMillion(candidate);
      if (price === null || targetPrice === null || price >= targetPrice) return false;
    }
    return true;
  });
  return candidates
    .map((candidate) => scoreCandidate(target, candidate))
    .sort((left, right) => {
      if (right.score !== left.score) return right.score - left.score;
      const leftPrice = blendedPricePerMillion(left.model) ?? Number.POSITIVE_INFINITY;
      const rightPrice = blendedPricePerMillion(right.model) ?? Number.POSITIVE_INFINITY;
      return leftPrice - rightPrice;
    })
    .slice(0, options.limit ?? 5);
}

/** Per-model usage totals, as metering will report them. */
export type ModelUsageSummary = {
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
};

/** Models that appear in the same sessions, and how often. */
export type ModelCombination = { models: string[]; sessions: number };

/**
 * Where usage-pattern recommendations get their data. `@ccp/metering` will implement it;
 * {@link noUsageSource} stands in until then.
 */
export type UsageSource = {
  usageByModel(options?: { since?: Date }): Promise<ModelUsageSummary[]>;
  modelsUsedTogether(options?: { since?: Date; limit?: number }): Promise<ModelCombination[]>;
};

/** A usage source with no data (metering not connected yet). */
export const noUsageSource: UsageSource = {
  usageByModel: async () => [],
  modelsUsedTogether: async () => [],
};

export type UsageRecommendation = {
  model: string;
  spentUsd: number;
  alternative: Recommendation;
  /** What the same usage would have cost on the alternative, from its prices. */
  projectedCostUsd: number;
};

/**
 * For the models that cost the most in the usage data, the best cheaper alternative and what
 * the same tokens would have cost on it. Empty while the usage source has no data.
 *
 * @example
 * await recommendFromUsage(catalog, noUsageSource); // []
 */
export async function recommendFromUsage(
  catalog: Catalog,
  usage: UsageSource,
  options: { since?: Date; limit?: number } = {},
): Promise<UsageRecommendation[]> {
  const summaries = (await usage.usageByModel({ since: options.since }))
    .filter((summary) => summary.costUsd > 0)
    .sort((left, right) => right.costUsd - left.costUsd);
  const results: UsageRecommendation[] = [];
  for (const summary of summaries) {
    if (!catalog.findModel(summary.model)) continue;
    const [alternative] = recommendAlternatives(catalog, summary.model, { cheaper: true, limit: 1 });
    if (!alternative) continue;
    const estimate = catalog.estimateCost({
      model: alternative.model.id,
      inputTokens: summary.inputTokens,
      outputTokens: summary.outputTokens,
    });
    results.push({
      model: summary.model,
      spentUsd: summary.costUsd,
      alternative,
      projectedCostUsd: estimate?.totalCost ?? 0,
    });
    if (results.length >= (options.limit ?? 3)) break;
  }
  return results;
}
