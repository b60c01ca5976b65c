import { isProviderDialect } from '@ccp/reasoning';
import type { Catalog } from './catalog-query';
import { formatTokens } from './format-amounts';
import type { CatalogModel } from './model-schema';
import {
  allowedSource,
  type Recommendation,
  type RecommendationTarget,
  rankRecommendations,
  recommendationTarget,
  scoreCandidate,
} from './recommender';
import { createServedModelFinder } from './served-model';

/** What one model was used for, summed over the metered requests. */
export type ModelUsageSummary = {
  /** The model as it was sent upstream (`gpt-4o`, `qwen3:8b`, `anthropic/claude-sonnet-4`). */
  model: string;
  /** The dialect it was served on (metering's `provider` column), to find it in the catalog. */
  provider?: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** The known costs, summed. */
  costUsd: number;
  /** Requests recorded without a cost (no price was known for the model then). */
  unpricedRequests?: number;
  /** Requests that produced thinking tokens: the work needed a reasoning model. */
  thinkingRequests?: number;
  /** Requests the images task route sent to this model. */
  imageRequests?: number;
  /** The largest prompt of one request, input and cache tokens together. */
  largestPromptTokens?: number;
};

/** Models that appear in the same sessions, and how often. */
export type ModelCombination = { models: string[]; sessions: number };

/** Where usage-pattern recommendations get their data: {@link usageSourceFromRows} over metering's rows. */
export type UsageSource = {
  usageByModel(options?: { since?: Date }): Promise<ModelUsageSummary[]>;
  modelsUsedTogether(options?: { since?: Date; limit?: number }): Promise<ModelCombination[]>;
};

/** A usage source with no data. */
export const noUsageSource: UsageSource = {
  usageByModel: async () => [],
  modelsUsedTogether: async () => [],
};

/** The fields of a metered request the usage summary reads (a subset of `@ccp/metering`'s `RequestRow`). */
export type UsageRow = {
  startedAt: number;
  sessionId: string | null;
  routedModel: string;
  provider: string;
  route: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  thinkingTokens: number;
  costUsd: number | null;
};

/**
 * A usage source over request rows already read from the metering store (filter them by user
 * first to recommend for one user). Models are told apart by name and provider.
 *
 * @example
 * const rows = []; for await (const row of meter.exportRows(30)) rows.push(row);
 * await recommendFromUsage(catalog, usageSourceFromRows(rows));
 */
export function usageSourceFromRows(rows: readonly UsageRow[]): UsageSource {
  const within = (since: Date | undefined) =>
    since === undefined ? rows : rows.filter((row) => row.startedAt >= since.getTime());
  return {
    async usageByModel(options = {}) {
      const byModel = new Map<string, Required<ModelUsageSummary>>();
      for (const row of within(options.since)) {
        const key = `${row.provider}\u0000${row.routedModel}`;
        let summary = byModel.get(key);
        if (!summary) {
          summary = {
            model: row.routedModel,
            provider: row.provider,
            requests: 0,
            inputTokens: 0,
            outputTokens: 0,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
            costUsd: 0,
            unpricedRequests: 0,
            thinkingRequests: 0,
            imageRequests: 0,
            largestPromptTokens: 0,
          };
          byModel.set(key, summary);
        }
        summary.requests += 1;
        summary.inputTokens += row.inputTokens;
        summary.outputTokens += row.outputTokens;
        summary.cacheReadTokens += row.cacheReadTokens;
        summary.cacheWriteTokens += row.cacheWriteTokens;
        if (row.costUsd === null) {
          if (row.inputTokens + row.outputTokens > 0) summary.unpricedRequests += 1;
        } else summary.costUsd += row.costUsd;
        if (row.thinkingTokens > 0) summary.thinkingRequests += 1;
        if (row.route?.startsWith('images')) summary.imageRequests += 1;
        summary.largestPromptTokens = Math.max(
          summary.largestPromptTokens,
          row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens,
        );
      }
      return [...byModel.values()];
    },
    async modelsUsedTogether(options = {}) {
      const bySession = new Map<string, Set<string>>();
      for (const row of within(options.since)) {
        if (row.sessionId === null) continue;
        const models = bySession.get(row.sessionId) ?? new Set<string>();
        models.add(row.routedModel);
        bySession.set(row.sessionId, models);
      }
      const counts = new Map<string, ModelCombination>();
      for (const models of bySession.values()) {
        if (models.size < 2) continue;
        const sorted = [...models].sort();
        const key = sorted.join('\u0000');
        const combination = counts.get(key) ?? { models: sorted, sessions: 0 };
        combination.sessions += 1;
        counts.set(key, combination);
      }
      return [...counts.values()]
        .sort((left, right) => right.sessions - left.sessions)
        .slice(0, options.limit ?? 10);
    },
  };
}

export type UsageRecommendOptions = {
  since?: Date;
  /** How many used models to cover, the costliest first; 3 unless given. */
  limit?: number;
  /** Alternatives per model; 3 unless given. */
  alternatives?: number;
  /** Only free alternatives. */
  free?: boolean;
  /** False leaves out OpenRouter models (local models only). */
  includeMarketplace?: boolean;
  /** False leaves out Ollama and LM Studio models. */
  includeLocal?: boolean;
};

/** What the metered requests to one model asked of it, and so of any replacement. */
export type UsageNeeds = {
  /** Always: Claude Code calls tools on every tier. */
  tools: true;
  reasoning: boolean;
  vision: boolean;
  /** The smallest context window that holds the largest prompt sent and some output; null when unknown. */
  contextTokens: number | null;
  /** The needs in words. */
  reasons: string[];
};

export type UsageAlternative = Recommendation & {
  /** What the same tokens would have cost on the alternative, at its catalog prices. */
  projectedCostUsd: number;
  /** Current cost minus projected cost; null when the current cost is unknown. */
  savingUsd: number | null;
};

export type UsageRecommendation = {
  /** The model as it was sent upstream. */
  model: string;
  provider: string | null;
  /** The catalog entry it was found as, or the model itself when its family name told its capabilities. */
  target: RecommendationTarget;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** The costs metering recorded, summed. */
  spentUsd: number;
  /** What the usage cost: recorded, re-estimated from catalog prices, or unknown (null). */
  currentCostUsd: number | null;
  costBasis: 'recorded' | 'catalog prices' | 'unknown';
  needs: UsageNeeds;
  /** Cheaper or free models that meet the needs, best first; empty when none does. */
  alternatives: UsageAlternative[];
};

// Output room a replacement must leave beside the largest prompt, as the context guard keeps.
const OUTPUT_ROOM_TOKENS = 1024;

function _needsOf(summary: ModelUsageSummary): UsageNeeds {
  const reasons = ['tool calls (Claude Code sends tools to every tier)'];
  const thinking = summary.thinkingRequests ?? 0;
  const images = summary.imageRequests ?? 0;
  if (thinking > 0) reasons.push(`reasoning (${thinking} of ${summary.requests} requests thought)`);
  if (images > 0) reasons.push(`image input (${images} requests carried images)`);
  const largest = summary.largestPromptTokens ?? 0;
  const contextTokens = largest > 0 ? largest + OUTPUT_ROOM_TOKENS : null;
  if (contextTokens !== null)
    reasons.push(
      `a context window of ${formatTokens(contextTokens)} or more (largest prompt ${formatTokens(largest)})`,
    );
  return { tools: true, reasoning: thinking > 0, vision: images > 0, contextTokens, reasons };
}

function _meets(candidate: CatalogModel, needs: UsageNeeds): boolean {
  if (!candidate.tools) return false;
  if (needs.reasoning && !candidate.reasoning) return false;
  if (needs.vision && !candidate.vision) return false;
  if (
    needs.contextTokens !== null &&
    (candidate.contextWindow === null || candidate.contextWindow < needs.contextTokens)
  )
    return false;
  return true;
}

function _tokensOf(summary: ModelUsageSummary) {
  return {
    inputTokens: summary.inputTokens,
    outputTokens: summary.outputTokens,
    cacheReadTokens: summary.cacheReadTokens ?? 0,
    cacheWriteTokens: summary.cacheWriteTokens ?? 0,
  };
}

function _currentCost(
  catalog: Catalog,
  summary: ModelUsageSummary,
  target: RecommendationTarget,
): { currentCostUsd: number | null; costBasis: UsageRecommendation['costBasis'] } {
  if ((summary.unpricedRequests ?? 0) === 0)
    return { currentCostUsd: summary.costUsd, costBasis: 'recorded' };
  const estimate = target.inferred
    ? undefined
    : catalog.estimateCost({ model: target.model.id, ..._tokensOf(summary) });
  if (estimate?.complete) return { currentCostUsd: estimate.totalCost, costBasis: 'catalog prices' };
  return { currentCostUsd: null, costBasis: 'unknown' };
}

/**
 * For the models a user's metered requests went to, the cheaper or free models that could have
 * served the same requests: with tools (Claude Code sends them on every tier), reasoning when
 * the model had to think, images when the images route sent them, and a context window that
 * holds the largest prompt sent. Each alternative carries what the same tokens would have cost
 * on it and the saving. Models that are free already are left out; a model the catalog does not
 * list is judged by its family name, and then only free alternatives can be shown to save.
 *
 * @example
 * const [first] = await recommendFromUsage(catalog, usageSourceFromRows(rows), { includeMarketplace: false });
 * first?.alternatives[0]?.savingUsd;
 */
export async function recommendFromUsage(
  catalog: Catalog,
  usage: UsageSource,
  options: UsageRecommendOptions = {},
): Promise<UsageRecommendation[]> {
  const findServed = createServedModelFinder(catalog);
  const results: UsageRecommendation[] = [];
  for (const summary of await usage.usageByModel({ since: options.since })) {
    const dialect = summary.provider && isProviderDialect(summary.provider) ? summary.provider : undefined;
    const served = dialect ? findServed(summary.model, dialect) : catalog.findModel(summary.model);
    let target: RecommendationTarget;
    try {
      target = served ? { model: served, inferred: false } : recommendationTarget(catalog, summary.model);
    } catch {
      continue;
    }
    if (target.model.free) continue;
    const { currentCostUsd, costBasis } = _currentCost(catalog, summary, target);
    if (currentCostUsd === 0) continue;
    const needs = _needsOf(summary);
    const tokens = _tokensOf(summary);
    const alternatives: UsageAlternative[] = [];
    for (const candidate of catalog.models) {
      if (candidate.id === target.model.id || !allowedSource(candidate, options)) continue;
      if (options.free && !candidate.free) continue;
      if (!_meets(candidate, needs)) continue;
      const estimate = candidate.free ? undefined : catalog.estimateCost({ model: candidate.id, ...tokens });
      if (!candidate.free && !estimate?.complete) continue;
      const projectedCostUsd = estimate?.totalCost ?? 0;
      // Without a known current cost only a free model is sure to be cheaper.
      if (currentCostUsd === null ? projectedCostUsd > 0 : projectedCostUsd >= currentCostUsd) continue;
      alternatives.push({
        ...scoreCandidate(target.model, candidate),
        projectedCostUsd,
        savingUsd: currentCostUsd === null ? null : currentCostUsd - projectedCostUsd,
      });
    }
    results.push({
      model: summary.model,
      provider: summary.provider ?? null,
      target,
      requests: summary.requests,
      inputTokens: summary.inputTokens,
      outputTokens: summary.outputTokens,
      spentUsd: summary.costUsd,
      currentCostUsd,
      costBasis,
      needs,
      alternatives: rankRecommendations(alternatives).slice(0, options.alternatives ?? 3),
    });
  }
  return results
    .sort((left, right) => (right.currentCostUsd ?? -1) - (left.currentCostUsd ?? -1))
    .slice(0, options.limit ?? 3);
}
