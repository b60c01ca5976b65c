import type { DailyCost, ModelUsage } from './billing-types';
import { arrayFrom, objectFrom } from './fetch-provider-json';

/** One usage result's counts, read in the provider's own field names. */
export type UsageCounts = Omit<ModelUsage, 'model'>;

/**
 * Sums the usage results of report buckets (`[{results: [{model, …}]}]`, the shape OpenAI's and
 * Anthropic's organisation usage reports share) per model.
 */
export function sumUsageByModel(
  buckets: readonly unknown[],
  countsOf: (result: Record<string, unknown>) => UsageCounts,
): ModelUsage[] {
  const byModel = new Map<string, ModelUsage>();
  for (const bucket of buckets) {
    for (const item of arrayFrom(objectFrom(bucket).results)) {
      const result = objectFrom(item);
      const model = typeof result.model === 'string' ? result.model : 'all models';
      const counts = countsOf(result);
      const entry = byModel.get(model);
      if (!entry) {
        byModel.set(model, { model, ...counts });
        continue;
      }
      entry.requests =
        entry.requests === null || counts.requests === null ? null : entry.requests + counts.requests;
      entry.inputTokens += counts.inputTokens;
      entry.outputTokens += counts.outputTokens;
      entry.cachedInputTokens += counts.cachedInputTokens;
    }
  }
  return [...byModel.values()];
}

/**
 * Sums the cost results of report buckets per day, and over all days. `dayOf` reads a bucket's
 * day, `amountOf` one result's amount; amounts are divided by `unitsPerDollar` once per day
 * (Anthropic reports cents).
 */
export function sumDailyCosts(
  buckets: readonly unknown[],
  dayOf: (bucket: Record<string, unknown>) => string,
  amountOf: (result: Record<string, unknown>) => number,
  unitsPerDollar = 1,
): { totalCostUsd: number; daily: DailyCost[] } {
  const daily = buckets.map((item) => {
    const bucket = objectFrom(item);
    const amount = arrayFrom(bucket.results).reduce<number>((sum, result) => sum + amountOf(objectFrom(result)), 0);
    return { day: dayOf(bucket), costUsd: amount / unitsPerDollar };
  });
  return { totalCostUsd: daily.reduce((sum, day) => sum + day.costUsd, 0), daily };
}
