export { apiKeyPrefix, generateApiKey, hashApiKey, secretsEqual } from './api-keys';
export { csvField, csvLine } from './csv';
export { MeteringInputError } from './metering-input-error';
export { createNullMeter } from './null-meter';
export { defaultJournalDirectory, localDatabasePath, type OpenMeterOptions, openMeter } from './open-meter';
export { requestRowFields } from './request-rows';
export * as meteringSchema from './schema';
export type * from './types';
export { getAnthropicCosts, getAnthropicMessagesUsage } from './billing/anthropic-billing';
export {
  type BillingAnswer,
  type BillingProviderName,
  type BillingProvidersConfig,
  billingProviderNames,
  type DailyCost,
  type FetchFunction,
  type ModelUsage,
  type NotConfigured,
  type UpstreamFailure,
} from './billing/billing-types';
export { getOpenAICompletionsUsage, getOpenAICosts } from './billing/openai-billing';
export { getOpenRouterCredits, getOpenRouterKeyUsage } from './billing/openrouter-billing';
