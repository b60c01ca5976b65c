import type { ModelCapabilities, ModelTraits } from './model-traits';
import type { ProviderDialect } from './provider-dialect';

export type ReasoningEffort = 'low' | 'medium' | 'high';

/** The user's reasoning settings for one tier (env `REASONING_*`, `VERBOSITY`, or their per-tier overrides). */
export type ReasoningSettings = {
  /** `REASONING_EFFORT`; unset means the client's request decides. */
  effort?: ReasoningEffort | undefined;
  /** `REASONING_MAX_TOKENS`: an exact budget, clamped to 1,024–32,000. */
  maxTokens?: number | undefined;
  /** `REASONING_EXCLUDE`: reason upstream but hide the reasoning from the response. */
  exclude?: boolean | undefined;
  /** `VERBOSITY`. */
  verbosity?: 'high' | 'default' | undefined;
};

/** What the Claude client asked for in its Messages request. */
export type ReasoningIntent = {
  thinking?:
    | { type: 'enabled'; budget_tokens: number }
    | { type: 'adaptive' }
    | { type: 'disabled' }
    | undefined;
  /** `output_config.effort`. */
  effort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max' | undefined;
  /** The client's `max_tokens`. */
  maxTokens: number;
};

export type PlanReasoningOptions = {
  dialect: ProviderDialect;
  model: string;
  intent: ReasoningIntent;
  settings?: ReasoningSettings | undefined;
  capabilities?: ModelCapabilities | undefined;
  /** Whether the upstream request streams; DashScope reasons only when streaming. */
  stream?: boolean | undefined;
};

export type ReasoningPlan = {
  dialect: ProviderDialect;
  /** The upstream will reason (asked for, or a model that always does). */
  enabled: boolean;
  effort?: ReasoningEffort;
  /** Set when an exact budget is sent upstream. */
  budgetTokens?: number;
  /** Exactly the fields to merge into the OpenAI request. */
  params: Record<string, unknown>;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Budget-aware: above any exact budget, with room for reasoning on tiny requests. */
  maxTokens: number;
  /** Request fields to remove, e.g. `temperature` and `top_p` for o-series and gpt-5. */
  dropParameters: string[];
  /** False when `REASONING_EXCLUDE` is set: thinking blocks are not shown to the client. */
  exposeReasoning: boolean;
  traits: ModelTraits;
  /** Lossy spots, for logs; never thrown. */
  warnings: string[];
};
