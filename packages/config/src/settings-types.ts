export type TierName = 'big' | 'middle' | 'small';
export const TIER_NAMES: readonly TierName[] = ['big', 'middle', 'small'];

import type { ProviderDialect, ReasoningSettings } from '@ccp/reasoning';

export type { ReasoningSettings };

/** Where requests go: an OpenAI-compatible base URL (or an Azure deployment URL) and its key. */
export type EndpointSettings = {
  baseUrl: string;
  apiKey: string | undefined;
  /** Set for Azure deployment URLs: requests go to `{baseUrl}/chat/completions?api-version=…` with an `api-key` header. */
  azureApiVersion: string | undefined;
  /** Provider dialect override (`{TIER}_PROVIDER` / `PROVIDER`); detected from the URL and model otherwise. */
  provider: ProviderDialect | undefined;
};

export type TierSettings = EndpointSettings & {
  model: string;
  reasoning: ReasoningSettings;
};

export type Settings = {
  host: string;
  port: number;
  /** Longest wait for the upstream's response headers, and for each next chunk of a stream. */
  requestTimeoutMs: number;
  /**
   * Longest wait for a response head over all tries and fallbacks of one request
   * (`REQUEST_DEADLINE`); once the answer flows, only `requestTimeoutMs` between chunks applies.
   */
  requestDeadlineMs: number;
  /** Largest accepted request body. */
  maxBodyBytes: number;
  proxyAuthKey: string | undefined;
  adminKey: string | undefined;
  /** Web origins allowed to call the API from a browser (`ALLOWED_ORIGINS`); others are refused. */
  allowedOrigins: string[];
  /**
   * Host names the proxy answers to besides loopback names and `host` itself (`ALLOWED_HOSTS`),
   * lower case, each with an optional `:port`; `*` turns the Host check off.
   */
  allowedHosts: string[];
  provider: EndpointSettings;
  tiers: Record<TierName, TierSettings>;
  localEndpoints: { ollama: string; lmstudio: string };
  /**
   * Extra headers sent upstream (`CUSTOM_HEADER_X_API_KEY` → `X-API-KEY`). Each replaces ccp's own
   * header of the same name, in any case, including `Authorization` built from the provider key.
   */
  customHeaders: Record<string, string>;
  reasoning: ReasoningSettings;
  /** How a `role:"system"` message in the middle of a conversation is sent upstream; undefined = per dialect. */
  lateSystemMessages: 'keep' | 'merge-into-first' | 'as-user' | undefined;
  metering: {
    enabled: boolean;
    url: string;
    authToken: string | undefined;
    /** `METERING_JOURNAL_DIR`: where records wait on disk until stored; undefined = the app's default. */
    journalDirectory: string | undefined;
  };
  /** Keys for provider billing look-ups (`/api/billing/*`); never sent with chat requests. */
  billing: {
    openrouterApiKey: string | undefined;
    openaiAdminKey: string | undefined;
    anthropicAdminKey: string | undefined;
  };
  dashboard: { enabled: boolean };
  /** True when no provider was configured and ccp fell back to a local Ollama. */
  usingOllamaFallback: boolean;
  /** Deprecation and fallback notices for the app to print once at start-up. */
  notices: string[];
};
