/** Which billing look-ups ccp knows. */
export type BillingProviderName = 'openrouter' | 'openai' | 'anthropic';

export const billingProviderNames: readonly BillingProviderName[] = ['openrouter', 'openai', 'anthropic'];

/** How a provider's billing API is reached. `baseUrl` may be given with or without the API path. */
export interface BillingProvidersConfig {
  openrouter?: { apiKey: string; baseUrl?: string };
  openai?: { adminKey: string; baseUrl?: string };
  anthropic?: { adminKey: string; baseUrl?: string };
}

/** A provider with no key configured. */
export interface NotConfigured {
  provider: BillingProviderName;
  configured: false;
  message: string;
}

/** The provider answered with an error, or could not be reached. Never thrown. */
export interface UpstreamFailure {
  provider: BillingProviderName;
  configured: true;
  ok: false;
  /** Upstream HTTP status; 0 when the provider could not be reached or answered nonsense. */
  status: number;
  message: string;
}

export type BillingAnswer<T> =
  | NotConfigured
  | UpstreamFailure
  | ({ provider: BillingProviderName; configured: true; ok: true } & T);

export interface DailyCost {
  day: string;
  costUsd: number;
}

export interface ModelUsage {
  model: string;
  requests: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

export type FetchFunction = typeof fetch;
