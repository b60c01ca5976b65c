/**
 * The reasoning ("thinking") token count of an OpenAI usage object, from
 * `completion_tokens_details.reasoning_tokens`; undefined when the provider does not report it.
 *
 * @example
 * readReasoningTokens({ completion_tokens: 900, completion_tokens_details: { reasoning_tokens: 640 } }); // 640
 */
export function readReasoningTokens(usage: unknown): number | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const details = (usage as { completion_tokens_details?: unknown }).completion_tokens_details;
  if (typeof details !== 'object' || details === null) return undefined;
  const tokens = (details as { reasoning_tokens?: unknown }).reasoning_tokens;
  return typeof tokens === 'number' && Number.isFinite(tokens) && tokens >= 0 ? tokens : undefined;
}
