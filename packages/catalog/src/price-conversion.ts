/**
 * Converts OpenRouter's per-token price string ("0.0000012") into dollars per one million
 * tokens (1.2). The decimal point is shifted in the string so no binary rounding noise
 * (1.2000000000000002) reaches the snapshot. "-1" (price varies, e.g. openrouter/auto),
 * empty and missing values become `null`.
 *
 * @example
 * perTokenToPerMillion('0.0000000375'); // 0.0375
 */
export function perTokenToPerMillion(perToken: string | number | null | undefined): number | null {
  if (perToken === null || perToken === undefined) return null;
  const text = String(perToken).trim();
  if (text === '') return null;
  const plain = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (plain) {
    const integerDigits = plain[1] ?? '';
    const fractionDigits = (plain[2] ?? '').padEnd(6, '0');
    const shifted = `${integerDigits}${fractionDigits.slice(0, 6)}.${fractionDigits.slice(6) || '0'}`;
    const value = Number(shifted);
    return Number.isFinite(value) ? value : null;
  }
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) return null;
  return Number((value * 1_000_000).toPrecision(12));
}

/** Dollars per one million tokens back to dollars per token. */
export function perMillionToPerToken(perMillion: number | null): number | null {
  return perMillion === null ? null : perMillion / 1_000_000;
}
