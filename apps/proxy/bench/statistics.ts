/** Nearest-rank percentile of an unsorted list of numbers (0 ≤ p ≤ 100); NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export type Summary = { count: number; p50: number; p90: number; p99: number; mean: number; max: number };

/** p50, p90, p99, mean and max of a list of durations. */
export function summarize(values: readonly number[]): Summary {
  const mean =
    values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    count: values.length,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    mean,
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}
