import type { ReasoningEffort } from './reasoning-types';

/** Bounds of `REASONING_MAX_TOKENS`. */
export const reasoningBudgetLimits = { minimum: 1024, maximum: 32000 } as const;

/**
 * Budget → effort where a provider takes only an effort level. Claude Code's own budgets land as
 * "think" 4,000 → medium, "think hard" 10,000 → medium, "ultrathink" 31,999 → high.
 */
export const effortBudgetThresholds = { medium: 4000, high: 16000 } as const;

/**
 * Extra room added to a tiny max tokens value when the model reasons without an exact budget,
 * because the limit counts reasoning too and would otherwise leave an empty answer.
 */
export const reasoningReserve: Readonly<Record<ReasoningEffort, number>> = {
  low: 1024,
  medium: 2048,
  high: 4096,
};

/**
 * Clamps a reasoning budget to 1,024–32,000 tokens.
 *
 * @example
 * clampReasoningBudget(100_000); // 32000
 */
export function clampReasoningBudget(tokens: number): number {
  const whole = Math.round(tokens);
  return Math.min(reasoningBudgetLimits.maximum, Math.max(reasoningBudgetLimits.minimum, whole));
}

/**
 * The effort level for a thinking budget: below 4,000 low, below 16,000 medium, else high.
 *
 * @example
 * effortForBudget(31999); // 'high'
 */
export function effortForBudget(budgetTokens: number): ReasoningEffort {
  if (budgetTokens >= effortBudgetThresholds.high) return 'high';
  if (budgetTokens >= effortBudgetThresholds.medium) return 'medium';
  return 'low';
}

/** Claude's `output_config.effort` on the three-level scale: `xhigh` and `max` become `high`. */
export function effortFromClaude(effort: string | undefined): ReasoningEffort | undefined {
  switch (effort) {
    case 'low':
    case 'medium':
    case 'high':
      return effort;
    case 'xhigh':
    case 'max':
      return 'high';
    default:
      return undefined;
  }
}
