const dayMs = 86_400_000;

/** `YYYY-MM-DD` of an epoch-millisecond instant, in UTC. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** `YYYY-MM-01` of the UTC month containing `epochMs`. */
export function utcMonthStartDay(epochMs: number): string {
  return `${utcDay(epochMs).slice(0, 7)}-01`;
}

/** The next UTC midnight after `epochMs` (when daily quotas reset). */
export function nextUtcMidnight(epochMs: number): Date {
  const date = new Date(epochMs);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1));
}

/** The first instant of the next UTC month (when the monthly cost cap resets). */
export function nextUtcMonthStart(epochMs: number): Date {
  const date = new Date(epochMs);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

/** Start of the window "the last `days` days" ending at `nowMs`. */
export function windowStart(nowMs: number, days: number): number {
  return nowMs - days * dayMs;
}

/** Bucket starts (ISO, UTC) from the bucket holding `fromMs` to the one holding `toMs`, inclusive. */
export function bucketStarts(fromMs: number, toMs: number, interval: 'hour' | 'day'): string[] {
  const step = interval === 'hour' ? 3_600_000 : dayMs;
  const first = Math.floor(fromMs / step) * step;
  const starts: string[] = [];
  for (let at = first; at <= toMs; at += step) {
    starts.push(new Date(at).toISOString().replace('.000Z', 'Z'));
  }
  return starts;
}

/** Days (`YYYY-MM-DD`) from the one holding `fromMs` to the one holding `toMs`, inclusive. */
export function daysBetween(fromMs: number, toMs: number): string[] {
  return bucketStarts(fromMs, toMs, 'day').map((start) => start.slice(0, 10));
}
