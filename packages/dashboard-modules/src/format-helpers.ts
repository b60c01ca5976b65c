/**
 * Formats milliseconds for people: `420ms`, `3.2s`, `1m 05s`, `—` when unknown.
 *
 * @example formatDuration(3240) // '3.2s'
 */
export function formatDuration(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds)) return '—';
  const value = Math.max(0, milliseconds);
  if (value < 1000) return `${Math.round(value)}ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(1)}s`;
  const minutes = Math.floor(value / 60_000);
  const seconds = Math.floor((value % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/**
 * Formats a cost in US dollars with enough digits to see small requests; `—` when unknown.
 *
 * @example formatCost(0.01234) // '$0.0123'
 */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/**
 * Formats a token count compactly: `512`, `45.2K`, `1.2M`.
 *
 * @example formatTokens(45200) // '45.2K'
 */
export function formatTokens(tokens: number | null | undefined): string {
  if (tokens === null || tokens === undefined || !Number.isFinite(tokens)) return '—';
  const value = Math.max(0, Math.round(tokens));
  if (value < 1000) return String(value);
  if (value < 1_000_000) return `${(value / 1000).toFixed(1)}K`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

/** Tokens per second over a span; null when the span is too short to mean anything. */
export function tokensPerSecond(tokens: number, milliseconds: number | null | undefined): number | null {
  if (!milliseconds || milliseconds < 50 || tokens <= 0) return null;
  return (tokens * 1000) / milliseconds;
}

/**
 * @example formatTokensPerSecond(52.34) // '52.3 tok/s'
 */
export function formatTokensPerSecond(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '— tok/s';
  return `${rate >= 100 ? Math.round(rate) : rate.toFixed(1)} tok/s`;
}

/** @example formatPercent(0.917) // '91.7%' */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(ratio >= 1 ? 0 : 1)}%`;
}

/**
 * A horizontal bar of `width` cells filled in proportion to `value / maximum` (clamped).
 * Without a maximum the bar is empty.
 *
 * @example renderBar(1, 4, 8) // '██░░░░░░'
 */
export function renderBar(value: number, maximum: number | null | undefined, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  if (cells === 0) return '';
  const ratio = maximum && maximum > 0 ? Math.min(1, Math.max(0, value / maximum)) : 0;
  const filled = Math.round(ratio * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

/** Cuts plain text to `width` code points, marking the cut with `…`. */
export function truncate(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  if (width <= 0) return '';
  return `${characters.slice(0, width - 1).join('')}…`;
}

/** `HH:MM:SS` in the local time zone. */
export function formatClock(epochMilliseconds: number): string {
  const date = new Date(epochMilliseconds);
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
}

/**
 * Shortens a Claude model id for narrow columns: `claude-sonnet-4-6` → `sonnet-4-6`.
 */
export function shortModelName(model: string): string {
  return model.startsWith('claude-') ? model.slice('claude-'.length) : model;
}
