/** `1234` → `1K`, `1_048_576` → `1.05M`: token counts in reasons. */
export function formatTokens(count: number): string {
  if (count >= 1_000_000) return `${Number((count / 1_000_000).toFixed(2))}M`;
  if (count >= 1000) return `${Math.round(count / 1000)}K`;
  return String(count);
}

/** Three significant digits: `$0.0123`, `$4.5`. */
export function formatDollars(value: number): string {
  return `$${Number(value.toPrecision(3))}`;
}
