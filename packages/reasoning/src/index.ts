export { applyReasoningPlan } from './apply-reasoning-plan';
export type { ChatCompletionsTarget, ChatCompletionsTargetOptions } from './chat-completions-target';
export { chatCompletionsTarget } from './chat-completions-target';
export type { CapabilityFlags, ModelCapabilities, ModelFamily, ModelTraits } from './model-traits';
export { capabilitiesFromListing, modelCapabilityFlags, modelFamily, modelTraits } from './model-traits';
export { planReasoning } from './plan-reasoning';
export type { DetectDialectOptions, ProviderDialect } from './provider-dialect';
export {
  detectDialect,
  isLocalDialect,
  isProviderDialect,
  localDialects,
  providerDialects,
} from './provider-dialect';
export {
  clampReasoningBudget,
  effortBudgetThresholds,
  effortForBudget,
  effortFromClaude,
  reasoningBudgetLimits,
  reasoningReserve,
} from './reasoning-budget';
export type {
  ReasoningDetailLike,
  ReasoningEcho,
  ReasoningEchoFields,
  ThinkingBlockLike,
} from './reasoning-echo';
export { completeReasoningEcho, createReasoningEcho } from './reasoning-echo';
export type {
  PlanReasoningOptions,
  ReasoningEffort,
  ReasoningIntent,
  ReasoningPlan,
  ReasoningSettings,
} from './reasoning-types';
export { readReasoningTokens } from './read-reasoning-tokens';
export { cleanJsonSchema, sanitizeToolSchema } from './sanitize-tool-schema';
export type { JsonSchemaCleanupOptions } from './sanitize-tool-schema';
export type { ThinkingSignatureContent } from './thinking-signature';
export {
  createThinkingSignature,
  decodeThinkingSignature,
  encodeThinkingSignature,
  thinkingSignaturePrefix,
} from './thinking-signature';
