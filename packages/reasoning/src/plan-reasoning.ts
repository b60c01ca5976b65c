import type { ModelTraits } from './model-traits';
import { modelTraits } from './model-traits';
import type { ProviderDialect } from './provider-dialect';
import {
  clampReasoningBudget,
  effortForBudget,
  effortFromClaude,
  reasoningBudgetLimits,
  reasoningReserve,
} from './reasoning-budget';
import type {
  PlanReasoningOptions,
  ReasoningEffort,
  ReasoningIntent,
  ReasoningPlan,
  ReasoningSettings,
} from './reasoning-types';

/** What the client and the settings together ask for, before the provider has its say. */
type _Demand = {
  wanted: boolean;
  explicitlyDisabled: boolean;
  /** The level when wanted; otherwise the client's effort hint, if any. */
  effort?: ReasoningEffort | undefined;
  budget?: number | undefined;
  budgetFromSettings: boolean;
};

type _Draft = {
  enabled: boolean;
  effort?: ReasoningEffort | undefined;
  budgetTokens?: number | undefined;
  params: Record<string, unknown>;
};

type _Context = {
  demand: _Demand;
  traits: ModelTraits;
  model: string;
  dialect: ProviderDialect;
  settings: ReasoningSettings;
  stream: boolean | undefined;
  warnings: string[];
};

function _resolveDemand(intent: ReasoningIntent, settings: ReasoningSettings, warnings: string[]): _Demand {
  let settingsBudget: number | undefined;
  if (settings.maxTokens !== undefined) {
    settingsBudget = clampReasoningBudget(settings.maxTokens);
    if (settingsBudget !== settings.maxTokens) {
      warnings.push(
        `REASONING_MAX_TOKENS=${settings.maxTokens} is outside ${reasoningBudgetLimits.minimum}–${reasoningBudgetLimits.maximum}; ${settingsBudget} was used.`,
      );
    }
  }
  const clientEffort = effortFromClaude(intent.effort);
  const type = intent.thinking?.type;
  if (type === 'disabled') {
    if (settings.effort !== undefined || settingsBudget !== undefined) {
      warnings.push(
        'The client disabled thinking for this request, so the REASONING_* settings do not apply to it.',
      );
    }
    return { wanted: false, explicitlyDisabled: true, budgetFromSettings: false };
  }
  if (settings.effort !== undefined || settingsBudget !== undefined) {
    return {
      wanted: true,
      explicitlyDisabled: false,
      effort: settings.effort ?? effortForBudget(settingsBudget ?? reasoningBudgetLimits.minimum),
      budget: settingsBudget,
      budgetFromSettings: settingsBudget !== undefined,
    };
  }
  if (intent.thinking?.type === 'enabled') {
    const budget = Math.max(reasoningBudgetLimits.minimum, Math.round(intent.thinking.budget_tokens));
    return {
      wanted: true,
      explicitlyDisabled: false,
      effort: clientEffort ?? effortForBudget(budget),
      budget,
      budgetFromSettings: false,
    };
  }
  if (type === 'adaptive') {
    // Anthropic's default effort is high.
    return {
      wanted: true,
      explicitlyDisabled: false,
      effort: clientEffort ?? 'high',
      budgetFromSettings: false,
    };
  }
  return { wanted: false, explicitlyDisabled: false, effort: clientEffort, budgetFromSettings: false };
}

function _asEffort(value: string): ReasoningEffort | undefined {
  return value === 'low' || value === 'medium' || value === 'high' ? value : undefined;
}

function _warnNotReasoning(context: _Context): void {
  if (!context.demand.wanted) return;
  if (context.traits.family === 'unknown') {
    context.warnings.push(
      `ccp does not know whether ${context.model} reasons on ${context.dialect}, so no reasoning parameters were sent; choose the dialect with {TIER}_PROVIDER or declare the model's capabilities.`,
    );
  } else {
    context.warnings.push(
      `${context.model} does not reason on ${context.dialect}; the thinking request was ignored and no reasoning parameters were sent.`,
    );
  }
}

function _warnCannotDisable(context: _Context, lowestEffortSent: boolean): void {
  if (context.demand.explicitlyDisabled) {
    context.warnings.push(
      lowestEffortSent
        ? `${context.model} always reasons; thinking cannot be turned off, so the lowest effort it accepts was requested.`
        : `${context.model} always reasons; thinking cannot be turned off.`,
    );
  }
}

function _warnBudgetAsEffort(context: _Context, effort: ReasoningEffort | undefined): void {
  const { demand } = context;
  if (demand.wanted && demand.budgetFromSettings && demand.budget !== undefined) {
    context.warnings.push(
      `${context.dialect} takes no exact reasoning budget for ${context.model}; REASONING_MAX_TOKENS=${demand.budget} was sent as ${effort ? `effort "${effort}"` : 'an on/off switch'}.`,
    );
  }
}

/** `reasoning_effort` style: OpenAI, Azure, Gemini, Ollama, LM Studio, generic, gpt-oss anywhere. */
function _planEffortParameter(context: _Context, offValue?: string): _Draft {
  const { demand, traits } = context;
  if (!traits.reasoning) {
    _warnNotReasoning(context);
    return { enabled: false, params: {} };
  }
  if (!traits.acceptsReasoningEffort) {
    if (demand.wanted || demand.explicitlyDisabled) {
      context.warnings.push(
        `${context.dialect} has no per-request reasoning switch for ${context.model}; the server's own setting decides.`,
      );
    }
    return { enabled: traits.alwaysReasons || demand.wanted, params: {} };
  }
  if (demand.wanted) {
    _warnBudgetAsEffort(context, demand.effort);
    return { enabled: true, effort: demand.effort, params: { reasoning_effort: demand.effort } };
  }
  if (traits.alwaysReasons) {
    _warnCannotDisable(context, true);
    const effort = demand.explicitlyDisabled ? traits.minimumEffort : (demand.effort ?? traits.minimumEffort);
    return { enabled: true, effort: _asEffort(effort), params: { reasoning_effort: effort } };
  }
  if (offValue !== undefined) return { enabled: false, params: { reasoning_effort: offValue } };
  return { enabled: false, params: {} };
}

function _planOpenRouter(context: _Context): _Draft {
  const { demand, traits } = context;
  const reasoning: Record<string, unknown> = {};
  let draft: _Draft = { enabled: false, params: {} };
  if (demand.wanted) {
    if (!traits.reasoning && traits.family !== 'unknown') {
      _warnNotReasoning(context);
    } else if (traits.acceptsBudget && demand.budget !== undefined) {
      // One of effort or max_tokens, never both.
      reasoning.max_tokens = demand.budget;
      draft = { enabled: true, effort: demand.effort, budgetTokens: demand.budget, params: {} };
    } else {
      _warnBudgetAsEffort(context, demand.effort);
      reasoning.effort = demand.effort;
      draft = { enabled: true, effort: demand.effort, params: {} };
    }
  } else if (traits.alwaysReasons) {
    _warnCannotDisable(context, true);
    const effort = demand.explicitlyDisabled ? 'low' : (demand.effort ?? 'low');
    reasoning.effort = effort;
    draft = { enabled: true, effort, params: {} };
  } else if (traits.reasoning) {
    // `enabled: false` alone: never next to an effort or a budget.
    reasoning.enabled = false;
  }
  if (draft.enabled && context.settings.exclude) reasoning.exclude = true;
  if (Object.keys(reasoning).length > 0) draft.params.reasoning = reasoning;
  // Usage accounting: cost and reasoning tokens in the final usage.
  draft.params.usage = { include: true };
  return draft;
}

function _planDeepSeek(context: _Context): _Draft {
  const { demand, traits } = context;
  if (traits.family === 'deepseek-reasoner') {
    if (demand.wanted) {
      _warnBudgetAsEffort(context, demand.effort);
      return {
        enabled: true,
        effort: demand.effort,
        params: { thinking: { type: 'enabled' }, reasoning_effort: demand.effort },
      };
    }
    _warnCannotDisable(context, true);
    const effort = demand.explicitlyDisabled ? 'low' : (demand.effort ?? 'low');
    return { enabled: true, effort, params: { reasoning_effort: effort } };
  }
  if (traits.family !== 'deepseek-hybrid' && traits.family !== 'unknown' && !traits.reasoning) {
    _warnNotReasoning(context);
    return { enabled: false, params: {} };
  }
  if (demand.wanted) {
    _warnBudgetAsEffort(context, demand.effort);
    return {
      enabled: true,
      effort: demand.effort,
      params: { thinking: { type: 'enabled' }, reasoning_effort: demand.effort },
    };
  }
  // Thinking is on by default on DeepSeek's API; say off explicitly, and never with an effort.
  return { enabled: false, params: { thinking: { type: 'disabled' } } };
}

function _planVllm(context: _Context): _Draft {
  const { demand, traits } = context;
  if (traits.family === 'gpt-oss') return _planEffortParameter(context);
  if (traits.alwaysReasons) {
    _warnCannotDisable(context, false);
    return { enabled: true, params: {} };
  }
  if (!traits.reasoning && traits.family !== 'unknown') {
    _warnNotReasoning(context);
    return { enabled: false, params: {} };
  }
  _warnBudgetAsEffort(context, undefined);
  // DeepSeek-V3.1's template names the switch `thinking`; Qwen3, GLM and most others `enable_thinking`.
  const key = traits.family === 'deepseek-hybrid' ? 'thinking' : 'enable_thinking';
  return {
    enabled: demand.wanted,
    effort: demand.wanted ? demand.effort : undefined,
    params: { chat_template_kwargs: { [key]: demand.wanted } },
  };
}

function _planDashScope(context: _Context): _Draft {
  const { demand, traits } = context;
  const hybrid = traits.family === 'qwen-hybrid' || traits.family === 'deepseek-hybrid';
  if (!hybrid && !traits.alwaysReasons) {
    _warnNotReasoning(context);
    return { enabled: false, params: {} };
  }
  if (!demand.wanted) {
    if (traits.alwaysReasons) {
      _warnCannotDisable(context, false);
      return { enabled: true, params: {} };
    }
    return { enabled: false, params: { enable_thinking: false } };
  }
  if (context.stream === false) {
    context.warnings.push(
      `DashScope reasons only in streaming requests; ${context.model} may answer 400 to this non-streaming one.`,
    );
  }
  const params: Record<string, unknown> = hybrid ? { enable_thinking: true } : {};
  if (demand.budget !== undefined) params.thinking_budget = demand.budget;
  return { enabled: true, effort: demand.effort, budgetTokens: demand.budget, params };
}

function _planDialect(context: _Context): _Draft {
  switch (context.dialect) {
    case 'openrouter':
      return _planOpenRouter(context);
    case 'deepseek':
      return _planDeepSeek(context);
    case 'vllm':
      return _planVllm(context);
    case 'dashscope':
      return _planDashScope(context);
    case 'gemini':
      return _planEffortParameter(context, context.traits.alwaysReasons ? undefined : 'none');
    case 'ollama':
      return _planEffortParameter(context, 'none');
    case 'openai':
    case 'azure':
    case 'lmstudio':
    case 'generic':
      return _planEffortParameter(context);
  }
}

function _maxTokens(
  options: PlanReasoningOptions,
  draft: _Draft,
  warnings: string[],
): { maxTokens: number; budgetTokens: number | undefined } {
  const requested = options.intent.maxTokens;
  const ceiling = options.capabilities?.maxOutputTokens;
  let maxTokens = requested;
  if (draft.budgetTokens !== undefined && maxTokens <= draft.budgetTokens) {
    // The limit counts the reasoning too: keep the client's room for the answer on top of the budget.
    maxTokens = draft.budgetTokens + requested;
    warnings.push(
      `max tokens ${requested} does not exceed the reasoning budget ${draft.budgetTokens}; ${maxTokens} was sent.`,
    );
  } else if (draft.enabled && draft.budgetTokens === undefined) {
    const reserve = reasoningReserve[draft.effort ?? 'low'];
    if (maxTokens < reserve) maxTokens += reserve;
  }
  if (ceiling !== undefined && maxTokens > ceiling) {
    warnings.push(`max tokens ${maxTokens} is above the model's limit of ${ceiling}; ${ceiling} was sent.`);
    maxTokens = ceiling;
  }
  return { maxTokens, budgetTokens: draft.budgetTokens };
}

/**
 * Decides the reasoning fields of one upstream request from the client's intent, the tier's
 * settings, the dialect and the model. Pure; lossy spots land in `warnings`.
 *
 * Precedence: an explicit `thinking: {type: "disabled"}` turns reasoning off; otherwise a set
 * `REASONING_EFFORT` or `REASONING_MAX_TOKENS` turns it on at that level; otherwise the client's
 * `thinking` decides (`enabled` budget, `adaptive` with `output_config.effort`, absent = off).
 *
 * @example
 * const plan = planReasoning({
 *   dialect: 'openai',
 *   model: 'o3',
 *   intent: { thinking: { type: 'adaptive' }, effort: 'high', maxTokens: 64000 },
 *   settings: {},
 * });
 * plan.params; // { reasoning_effort: 'high' }
 * plan.maxTokensField; // 'max_completion_tokens'
 */
export function planReasoning(options: PlanReasoningOptions): ReasoningPlan {
  const settings = options.settings ?? {};
  const warnings: string[] = [];
  const traits = modelTraits(options.model, options.dialect, options.capabilities);
  const demand = _resolveDemand(options.intent, settings, warnings);
  const context: _Context = {
    demand,
    traits,
    model: options.model,
    dialect: options.dialect,
    settings,
    stream: options.stream,
    warnings,
  };
  const draft = _planDialect(context);
  const params = { ...draft.params };

  if (draft.enabled && demand.wanted && !traits.returnsReasoningText) {
    warnings.push(
      `${options.model} returns no reasoning text on ${options.dialect}; no thinking block will be shown, reasoning tokens are still counted.`,
    );
  }
  if (settings.verbosity === 'high') {
    if (traits.supportsVerbosity) params.verbosity = 'high';
    else
      warnings.push(`VERBOSITY=high is ignored: ${options.model} takes no verbosity on ${options.dialect}.`);
  }

  const dropParameters: string[] = [];
  if (traits.rejectsSamplingParameters) dropParameters.push('temperature', 'top_p');
  else if (traits.family === 'anthropic' && draft.enabled) dropParameters.push('temperature', 'top_k');

  const { maxTokens, budgetTokens } = _maxTokens(options, draft, warnings);
  const plan: ReasoningPlan = {
    dialect: options.dialect,
    enabled: draft.enabled,
    params,
    maxTokensField: traits.requiresMaxCompletionTokens ? 'max_completion_tokens' : 'max_tokens',
    maxTokens,
    dropParameters,
    exposeReasoning: !settings.exclude,
    traits,
    warnings,
  };
  if (draft.enabled && draft.effort !== undefined) plan.effort = draft.effort;
  if (budgetTokens !== undefined) plan.budgetTokens = budgetTokens;
  return plan;
}
