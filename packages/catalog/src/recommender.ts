import type { ModelFamily } from '@ccp/reasoning';
import type { Catalog } from './catalog-query';
import type { CatalogModel } from './model-schema';
import { formatDollars, formatTokens } from './format-amounts';
import { inferModel } from './served-model';

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

const CAPABILITY_WEIGHTS = { tools: 20, reasoning: 15, vision: 15 } as const;

/** How well `candidate` stands in for `target`: capabilities kept, context, price; with the reasons. */
export function scoreCandidate(target: CatalogModel, candidate: CatalogModel): Recommendation {
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

/** The model alternatives are sought for: the catalog entry, or one inferred from the family name. */
export type RecommendationTarget = {
  model: CatalogModel;
  /** True when the catalog does not list the model and its capabilities come from its name. */
  inferred: boolean;
  /** Set when inferred: the family its name belongs to. */
  family?: ModelFamily;
};

/**
 * The catalog entry for `modelId`, or, for a model the catalog does not list, an entry inferred
 * from its family name (capabilities from the model traits, price and limits unknown). Throws
 * when the name tells nothing either, which is most often a typo.
 *
 * @example
 * recommendationTarget(catalog, 'openai/gpt-5.3').inferred; // true, family openai-reasoning
 */
export function recommendationTarget(catalog: Catalog, modelId: string): RecommendationTarget {
  const listed = catalog.findModel(modelId);
  if (listed) return { model: listed, inferred: false };
  const inferred = inferModel(modelId);
  if (inferred.recognised) return { model: inferred.model, inferred: true, family: inferred.family };
  throw new Error(
    `"${modelId}" is not in the model catalog and its name matches no model family ccp knows. Check the id with \`ccp-select models list --search\`, or refresh the catalog with \`ccp-select fetch-models\`.`,
  );
}

/**
 * Free or cheaper alternatives to a model, best first, each with a score and the reasons. A model
 * the catalog does not list is judged by its family name ({@link recommendationTarget}); its price
 * is unknown then, so `cheaper` finds nothing while `free` still works.
 *
 * @example
 * recommendAlternatives(catalog, 'anthropic/claude-sonnet-4', { free: true, limit: 3 });
 */
export function recommendAlternatives(
  catalog: Catalog,
  modelId: string,
  options: RecommendOptions = {},
): Recommendation[] {
  const target = recommendationTarget(catalog, modelId).model;
  const targetPrice = blendedPricePerMillion(target);
  const candidates = catalog.models.filter((candidate) => {
    if (candidate.id === target.id) return false;
    if (!allowedSource(candidate, options)) return false;
    if (options.free && !candidate.free) return false;
    if (options.cheaper) {
      const price = blendedPricePerMillion(candidate);
      if (price === null || targetPrice === null || price >= targetPrice) return false;
    }
    return true;
  });
  return rankRecommendations(candidates.map((candidate) => scoreCandidate(target, candidate))).slice(
    0,
    options.limit ?? 5,
  );
}

/** Whether the options let a candidate from this source through. */
export function allowedSource(candidate: CatalogModel, options: RecommendOptions): boolean {
  if (options.includeMarketplace === false && candidate.source === 'openrouter') return false;
  if (options.includeLocal === false && candidate.local) return false;
  return true;
}

/** Best score first; equal scores cheapest first. Sorts in place. */
export function rankRecommendations<T extends Recommendation>(recommendations: T[]): T[] {
  return recommendations.sort((left, right) => {
    if (right.score !== left.score) return right.score - left.score;
    const leftPrice = blendedPricePerMillion(left.model) ?? Number.POSITIVE_INFINITY;
    const rightPrice = blendedPricePerMillion(right.model) ?? Number.POSITIVE_INFINITY;
    return leftPrice - rightPrice;
  });
}
