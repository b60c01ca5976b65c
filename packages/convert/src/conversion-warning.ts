/**
 * A lossy spot in a conversion, reported instead of thrown or silently dropped:
 * `dropped` (left out), `converted` (changed shape), `truncated` (cut) or `unsupported`
 * (sent, but the upstream may not honour it).
 */
export type ConversionWarning = {
  type: 'dropped' | 'converted' | 'truncated' | 'unsupported';
  /** The request field concerned, as a dot path (`messages.3.content.1`, `tools.2`, `top_k`). */
  field: string;
  message: string;
};

/** Adds a warning unless an identical one is already there. */
export function addWarning(warnings: ConversionWarning[], warning: ConversionWarning): void {
  const duplicate = warnings.some(
    (existing) =>
      existing.type === warning.type &&
      existing.field === warning.field &&
      existing.message === warning.message,
  );
  if (!duplicate) warnings.push(warning);
}
