import { planReasoning } from '../plan-reasoning';
import type { ProviderDialect } from '../provider-dialect';
import type { ReasoningIntent, ReasoningPlan, ReasoningSettings } from '../reasoning-types';

/** The Claude requests the table covers. */
export const claudeRequests = {
  main: {
    label: '`adaptive`, effort `high`, max_tokens 64000 (Claude Code main turn)',
    intent: { thinking: { type: 'adaptive' }, effort: 'high', maxTokens: 64000 },
  },
  budget: {
    label: '`enabled`, budget_tokens 10000, max_tokens 32000',
    intent: { thinking: { type: 'enabled', budget_tokens: 10000 }, maxTokens: 32000 },
  },
  side: {
    label: 'no thinking, max_tokens 512 (Claude Code haiku side request)',
    intent: { maxTokens: 512 },
  },
  disabled: {
    label: '`disabled`, max_tokens 4096',
    intent: { thinking: { type: 'disabled' }, maxTokens: 4096 },
  },
} as const satisfies Record<string, { label: string; intent: ReasoningIntent }>;

/** The settings the table covers. */
export const settingsExamples = {
  none: { label: '—', settings: {} },
  effortLow: { label: '`REASONING_EFFORT=low`', settings: { effort: 'low' } },
  budget8000: { label: '`REASONING_MAX_TOKENS=8000`', settings: { maxTokens: 8000 } },
  exclude: { label: '`REASONING_EXCLUDE=true`', settings: { exclude: true } },
  verbosityHigh: { label: '`VERBOSITY=high`', settings: { verbosity: 'high' } },
} as const satisfies Record<string, { label: string; settings: ReasoningSettings }>;

export type DialectTableRow = {
  family: string;
  dialect: ProviderDialect;
  model: string;
  request: keyof typeof claudeRequests;
  settings: keyof typeof settingsExamples;
  /** What ccp sends; the test checks `planReasoning` produces exactly this for the row. */
  expected: {
    params: Record<string, unknown>;
    maxTokensField?: 'max_tokens' | 'max_completion_tokens';
    maxTokens: number;
    dropParameters?: string[];
  };
};

const usage = { include: true };
const sampling = ['temperature', 'top_p'];
const anthropicSampling = ['temperature', 'top_k'];

/** Per provider family, what is sent for each Claude thinking mode and setting. */
export const dialectTable: readonly DialectTableRow[] = [
  // OpenAI o-series: effort only, max_completion_tokens, no sampling parameters.
  {
    family: 'OpenAI o-series',
    dialect: 'openai',
    model: 'o3',
    request: 'main',
    settings: 'none',
    expected: {
      params: { reasoning_effort: 'high' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 64000,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenAI o-series',
    dialect: 'openai',
    model: 'o3',
    request: 'budget',
    settings: 'none',
    expected: {
      params: { reasoning_effort: 'medium' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 32000,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenAI o-series',
    dialect: 'openai',
    model: 'o3',
    request: 'side',
    settings: 'none',
    expected: {
      params: { reasoning_effort: 'low' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 1536,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenAI o-series',
    dialect: 'openai',
    model: 'o3',
    request: 'disabled',
    settings: 'none',
    expected: {
      params: { reasoning_effort: 'low' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 4096,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenAI o-series',
    dialect: 'openai',
    model: 'o3',
    request: 'side',
    settings: 'effortLow',
    expected: {
      params: { reasoning_effort: 'low' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 1536,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenAI o-series',
    dialect: 'openai',
    model: 'o3',
    request: 'main',
    settings: 'budget8000',
    expected: {
      params: { reasoning_effort: 'medium' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 64000,
      dropParameters: sampling,
    },
  },
  // OpenAI gpt-5: as o-series, plus verbosity and a `minimal` floor.
  {
    family: 'OpenAI gpt-5',
    dialect: 'openai',
    model: 'gpt-5',
    request: 'main',
    settings: 'none',
    expected: {
      params: { reasoning_effort: 'high' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 64000,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenAI gpt-5',
    dialect: 'openai',
    model: 'gpt-5',
    request: 'side',
    settings: 'none',
    expected: {
      params: { reasoning_effort: 'minimal' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 1536,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenAI gpt-5',
    dialect: 'openai',
    model: 'gpt-5',
    request: 'disabled',
    settings: 'none',
    expected: {
      params: { reasoning_effort: 'minimal' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 4096,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenAI gpt-5',
    dialect: 'openai',
    model: 'gpt-5',
    request: 'main',
    settings: 'verbosityHigh',
    expected: {
      params: { reasoning_effort: 'high', verbosity: 'high' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 64000,
      dropParameters: sampling,
    },
  },
  // OpenAI chat models: nothing reasoning-related at all.
  {
    family: 'OpenAI gpt-4o / gpt-4.1',
    dialect: 'openai',
    model: 'gpt-4o',
    request: 'main',
    settings: 'none',
    expected: { params: {}, maxTokens: 64000 },
  },
  {
    family: 'OpenAI gpt-4o / gpt-4.1',
    dialect: 'openai',
    model: 'gpt-4o',
    request: 'side',
    settings: 'effortLow',
    expected: { params: {}, maxTokens: 512 },
  },
  // Azure: the OpenAI rules.
  {
    family: 'Azure OpenAI',
    dialect: 'azure',
    model: 'gpt-5-mini',
    request: 'main',
    settings: 'none',
    expected: {
      params: { reasoning_effort: 'high' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 64000,
      dropParameters: sampling,
    },
  },
  {
    family: 'Azure OpenAI',
    dialect: 'azure',
    model: 'gpt-5-mini',
    request: 'side',
    settings: 'none',
    expected: {
      params: { reasoning_effort: 'minimal' },
      maxTokensField: 'max_completion_tokens',
      maxTokens: 1536,
      dropParameters: sampling,
    },
  },
  {
    family: 'Azure OpenAI',
    dialect: 'azure',
    model: 'gpt-4.1',
    request: 'budget',
    settings: 'none',
    expected: { params: {}, maxTokens: 32000 },
  },
  // OpenRouter: the reasoning object, one of effort or max_tokens, and usage accounting.
  {
    family: 'OpenRouter anthropic/*',
    dialect: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    request: 'main',
    settings: 'none',
    expected: {
      params: { reasoning: { effort: 'high' }, usage },
      maxTokens: 64000,
      dropParameters: anthropicSampling,
    },
  },
  {
    family: 'OpenRouter anthropic/*',
    dialect: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    request: 'budget',
    settings: 'none',
    expected: {
      params: { reasoning: { max_tokens: 10000 }, usage },
      maxTokens: 32000,
      dropParameters: anthropicSampling,
    },
  },
  {
    family: 'OpenRouter anthropic/*',
    dialect: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning: { enabled: false }, usage }, maxTokens: 512 },
  },
  {
    family: 'OpenRouter anthropic/*',
    dialect: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    request: 'disabled',
    settings: 'none',
    expected: { params: { reasoning: { enabled: false }, usage }, maxTokens: 4096 },
  },
  {
    family: 'OpenRouter anthropic/*',
    dialect: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    request: 'main',
    settings: 'effortLow',
    expected: {
      params: { reasoning: { effort: 'low' }, usage },
      maxTokens: 64000,
      dropParameters: anthropicSampling,
    },
  },
  {
    family: 'OpenRouter anthropic/*',
    dialect: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    request: 'main',
    settings: 'budget8000',
    expected: {
      params: { reasoning: { max_tokens: 8000 }, usage },
      maxTokens: 64000,
      dropParameters: anthropicSampling,
    },
  },
  {
    family: 'OpenRouter anthropic/*',
    dialect: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    request: 'side',
    settings: 'budget8000',
    expected: {
      params: { reasoning: { max_tokens: 8000 }, usage },
      maxTokens: 8512,
      dropParameters: anthropicSampling,
    },
  },
  {
    family: 'OpenRouter anthropic/*',
    dialect: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    request: 'main',
    settings: 'exclude',
    expected: {
      params: { reasoning: { effort: 'high', exclude: true }, usage },
      maxTokens: 64000,
      dropParameters: anthropicSampling,
    },
  },
  {
    family: 'OpenRouter openai/*',
    dialect: 'openrouter',
    model: 'openai/gpt-5',
    request: 'main',
    settings: 'none',
    expected: {
      params: { reasoning: { effort: 'high' }, usage },
      maxTokens: 64000,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenRouter openai/*',
    dialect: 'openrouter',
    model: 'openai/gpt-5',
    request: 'budget',
    settings: 'none',
    expected: {
      params: { reasoning: { effort: 'medium' }, usage },
      maxTokens: 32000,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenRouter openai/*',
    dialect: 'openrouter',
    model: 'openai/gpt-5',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning: { effort: 'low' }, usage }, maxTokens: 1536, dropParameters: sampling },
  },
  {
    family: 'OpenRouter openai/*',
    dialect: 'openrouter',
    model: 'openai/gpt-5',
    request: 'main',
    settings: 'budget8000',
    expected: {
      params: { reasoning: { effort: 'medium' }, usage },
      maxTokens: 64000,
      dropParameters: sampling,
    },
  },
  {
    family: 'OpenRouter google/*',
    dialect: 'openrouter',
    model: 'google/gemini-2.5-flash',
    request: 'budget',
    settings: 'none',
    expected: { params: { reasoning: { max_tokens: 10000 }, usage }, maxTokens: 32000 },
  },
  {
    family: 'OpenRouter google/*',
    dialect: 'openrouter',
    model: 'google/gemini-2.5-flash',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning: { enabled: false }, usage }, maxTokens: 512 },
  },
  {
    family: 'OpenRouter deepseek-r1',
    dialect: 'openrouter',
    model: 'deepseek/deepseek-r1-0528',
    request: 'main',
    settings: 'none',
    expected: { params: { reasoning: { effort: 'high' }, usage }, maxTokens: 64000 },
  },
  {
    family: 'OpenRouter deepseek-r1',
    dialect: 'openrouter',
    model: 'deepseek/deepseek-r1-0528',
    request: 'disabled',
    settings: 'none',
    expected: { params: { reasoning: { effort: 'low' }, usage }, maxTokens: 4096 },
  },
  {
    family: 'OpenRouter qwen3',
    dialect: 'openrouter',
    model: 'qwen/qwen3-235b-a22b',
    request: 'main',
    settings: 'none',
    expected: { params: { reasoning: { effort: 'high' }, usage }, maxTokens: 64000 },
  },
  {
    family: 'OpenRouter qwen3',
    dialect: 'openrouter',
    model: 'qwen/qwen3-235b-a22b',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning: { enabled: false }, usage }, maxTokens: 512 },
  },
  {
    family: 'OpenRouter, other models',
    dialect: 'openrouter',
    model: 'z-ai/glm-4.6',
    request: 'main',
    settings: 'none',
    expected: { params: { reasoning: { effort: 'high' }, usage }, maxTokens: 64000 },
  },
  {
    family: 'OpenRouter, other models',
    dialect: 'openrouter',
    model: 'z-ai/glm-4.6',
    request: 'side',
    settings: 'none',
    expected: { params: { usage }, maxTokens: 512 },
  },
  // DeepSeek: `thinking` on/off (on by default upstream), `reasoning_effort` only when on.
  {
    family: 'DeepSeek deepseek-chat / V3.1+',
    dialect: 'deepseek',
    model: 'deepseek-chat',
    request: 'main',
    settings: 'none',
    expected: { params: { thinking: { type: 'enabled' }, reasoning_effort: 'high' }, maxTokens: 64000 },
  },
  {
    family: 'DeepSeek deepseek-chat / V3.1+',
    dialect: 'deepseek',
    model: 'deepseek-chat',
    request: 'budget',
    settings: 'none',
    expected: { params: { thinking: { type: 'enabled' }, reasoning_effort: 'medium' }, maxTokens: 32000 },
  },
  {
    family: 'DeepSeek deepseek-chat / V3.1+',
    dialect: 'deepseek',
    model: 'deepseek-chat',
    request: 'side',
    settings: 'none',
    expected: { params: { thinking: { type: 'disabled' } }, maxTokens: 512 },
  },
  {
    family: 'DeepSeek deepseek-chat / V3.1+',
    dialect: 'deepseek',
    model: 'deepseek-chat',
    request: 'disabled',
    settings: 'none',
    expected: { params: { thinking: { type: 'disabled' } }, maxTokens: 4096 },
  },
  {
    family: 'DeepSeek deepseek-chat / V3.1+',
    dialect: 'deepseek',
    model: 'deepseek-chat',
    request: 'side',
    settings: 'effortLow',
    expected: { params: { thinking: { type: 'enabled' }, reasoning_effort: 'low' }, maxTokens: 1536 },
  },
  {
    family: 'DeepSeek deepseek-chat / V3.1+',
    dialect: 'deepseek',
    model: 'deepseek-chat',
    request: 'main',
    settings: 'exclude',
    expected: { params: { thinking: { type: 'enabled' }, reasoning_effort: 'high' }, maxTokens: 64000 },
  },
  {
    family: 'DeepSeek deepseek-reasoner',
    dialect: 'deepseek',
    model: 'deepseek-reasoner',
    request: 'main',
    settings: 'none',
    expected: { params: { thinking: { type: 'enabled' }, reasoning_effort: 'high' }, maxTokens: 64000 },
  },
  {
    family: 'DeepSeek deepseek-reasoner',
    dialect: 'deepseek',
    model: 'deepseek-reasoner',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning_effort: 'low' }, maxTokens: 1536 },
  },
  // vLLM / SGLang: chat template switches; gpt-oss takes an effort.
  {
    family: 'vLLM / SGLang Qwen3',
    dialect: 'vllm',
    model: 'Qwen/Qwen3-32B',
    request: 'main',
    settings: 'none',
    expected: { params: { chat_template_kwargs: { enable_thinking: true } }, maxTokens: 64000 },
  },
  {
    family: 'vLLM / SGLang Qwen3',
    dialect: 'vllm',
    model: 'Qwen/Qwen3-32B',
    request: 'side',
    settings: 'none',
    expected: { params: { chat_template_kwargs: { enable_thinking: false } }, maxTokens: 512 },
  },
  {
    family: 'vLLM / SGLang Qwen3',
    dialect: 'vllm',
    model: 'Qwen/Qwen3-32B',
    request: 'side',
    settings: 'effortLow',
    expected: { params: { chat_template_kwargs: { enable_thinking: true } }, maxTokens: 1536 },
  },
  {
    family: 'vLLM / SGLang Qwen3',
    dialect: 'vllm',
    model: 'Qwen/Qwen3-32B',
    request: 'main',
    settings: 'budget8000',
    expected: { params: { chat_template_kwargs: { enable_thinking: true } }, maxTokens: 64000 },
  },
  {
    family: 'vLLM DeepSeek-V3.1',
    dialect: 'vllm',
    model: 'deepseek-ai/DeepSeek-V3.1',
    request: 'main',
    settings: 'none',
    expected: { params: { chat_template_kwargs: { thinking: true } }, maxTokens: 64000 },
  },
  {
    family: 'vLLM DeepSeek-V3.1',
    dialect: 'vllm',
    model: 'deepseek-ai/DeepSeek-V3.1',
    request: 'side',
    settings: 'none',
    expected: { params: { chat_template_kwargs: { thinking: false } }, maxTokens: 512 },
  },
  {
    family: 'vLLM gpt-oss',
    dialect: 'vllm',
    model: 'openai/gpt-oss-120b',
    request: 'main',
    settings: 'none',
    expected: { params: { reasoning_effort: 'high' }, maxTokens: 64000 },
  },
  {
    family: 'vLLM gpt-oss',
    dialect: 'vllm',
    model: 'openai/gpt-oss-120b',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning_effort: 'low' }, maxTokens: 1536 },
  },
  {
    family: 'vLLM QwQ / Qwen3 thinking',
    dialect: 'vllm',
    model: 'Qwen/QwQ-32B',
    request: 'disabled',
    settings: 'none',
    expected: { params: {}, maxTokens: 4096 },
  },
  // DashScope (Alibaba Model Studio): on/off plus an exact budget.
  {
    family: 'DashScope Qwen',
    dialect: 'dashscope',
    model: 'qwen-plus',
    request: 'main',
    settings: 'none',
    expected: { params: { enable_thinking: true }, maxTokens: 64000 },
  },
  {
    family: 'DashScope Qwen',
    dialect: 'dashscope',
    model: 'qwen-plus',
    request: 'budget',
    settings: 'none',
    expected: { params: { enable_thinking: true, thinking_budget: 10000 }, maxTokens: 32000 },
  },
  {
    family: 'DashScope Qwen',
    dialect: 'dashscope',
    model: 'qwen-plus',
    request: 'side',
    settings: 'none',
    expected: { params: { enable_thinking: false }, maxTokens: 512 },
  },
  {
    family: 'DashScope Qwen',
    dialect: 'dashscope',
    model: 'qwen-plus',
    request: 'main',
    settings: 'budget8000',
    expected: { params: { enable_thinking: true, thinking_budget: 8000 }, maxTokens: 64000 },
  },
  // Ollama /v1: reasoning_effort, `none` switches thinking off.
  {
    family: 'Ollama thinking models',
    dialect: 'ollama',
    model: 'qwen3:8b',
    request: 'main',
    settings: 'none',
    expected: { params: { reasoning_effort: 'high' }, maxTokens: 64000 },
  },
  {
    family: 'Ollama thinking models',
    dialect: 'ollama',
    model: 'qwen3:8b',
    request: 'budget',
    settings: 'none',
    expected: { params: { reasoning_effort: 'medium' }, maxTokens: 32000 },
  },
  {
    family: 'Ollama thinking models',
    dialect: 'ollama',
    model: 'qwen3:8b',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning_effort: 'none' }, maxTokens: 512 },
  },
  {
    family: 'Ollama thinking models',
    dialect: 'ollama',
    model: 'deepseek-r1:14b',
    request: 'disabled',
    settings: 'none',
    expected: { params: { reasoning_effort: 'none' }, maxTokens: 4096 },
  },
  {
    family: 'Ollama gpt-oss',
    dialect: 'ollama',
    model: 'gpt-oss:20b',
    request: 'main',
    settings: 'none',
    expected: { params: { reasoning_effort: 'high' }, maxTokens: 64000 },
  },
  {
    family: 'Ollama gpt-oss',
    dialect: 'ollama',
    model: 'gpt-oss:20b',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning_effort: 'low' }, maxTokens: 1536 },
  },
  {
    family: 'Ollama, other models',
    dialect: 'ollama',
    model: 'llama3.1:8b',
    request: 'main',
    settings: 'none',
    expected: { params: {}, maxTokens: 64000 },
  },
  // LM Studio /v1: reasoning_effort for gpt-oss only.
  {
    family: 'LM Studio gpt-oss',
    dialect: 'lmstudio',
    model: 'openai/gpt-oss-20b',
    request: 'main',
    settings: 'none',
    expected: { params: { reasoning_effort: 'high' }, maxTokens: 64000 },
  },
  {
    family: 'LM Studio gpt-oss',
    dialect: 'lmstudio',
    model: 'openai/gpt-oss-20b',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning_effort: 'low' }, maxTokens: 1536 },
  },
  {
    family: 'LM Studio, other models',
    dialect: 'lmstudio',
    model: 'qwen/qwen3-8b',
    request: 'main',
    settings: 'none',
    expected: { params: {}, maxTokens: 64000 },
  },
  // Gemini OpenAI-compatible endpoint: reasoning_effort; `none` only where thinking can be off.
  {
    family: 'Gemini 2.5 Pro / 3',
    dialect: 'gemini',
    model: 'gemini-2.5-pro',
    request: 'main',
    settings: 'none',
    expected: { params: { reasoning_effort: 'high' }, maxTokens: 64000 },
  },
  {
    family: 'Gemini 2.5 Pro / 3',
    dialect: 'gemini',
    model: 'gemini-2.5-pro',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning_effort: 'low' }, maxTokens: 1536 },
  },
  {
    family: 'Gemini 2.5 Flash',
    dialect: 'gemini',
    model: 'gemini-2.5-flash',
    request: 'budget',
    settings: 'none',
    expected: { params: { reasoning_effort: 'medium' }, maxTokens: 32000 },
  },
  {
    family: 'Gemini 2.5 Flash',
    dialect: 'gemini',
    model: 'gemini-2.5-flash',
    request: 'side',
    settings: 'none',
    expected: { params: { reasoning_effort: 'none' }, maxTokens: 512 },
  },
  // Generic: nothing an unknown server could reject.
  {
    family: 'Generic OpenAI-compatible',
    dialect: 'generic',
    model: 'llama-3.3-70b',
    request: 'main',
    settings: 'none',
    expected: { params: {}, maxTokens: 64000 },
  },
  {
    family: 'Generic OpenAI-compatible',
    dialect: 'generic',
    model: 'llama-3.3-70b',
    request: 'main',
    settings: 'effortLow',
    expected: { params: {}, maxTokens: 64000 },
  },
];

/** Runs `planReasoning` for one table row. */
export function planTableRow(row: DialectTableRow): ReasoningPlan {
  return planReasoning({
    dialect: row.dialect,
    model: row.model,
    intent: claudeRequests[row.request].intent,
    settings: settingsExamples[row.settings].settings,
  });
}

function _describeSent(plan: ReasoningPlan): string {
  const parts = [
    Object.keys(plan.params).length > 0 ? `\`${JSON.stringify(plan.params)}\`` : 'no reasoning fields',
    `\`${plan.maxTokensField}: ${plan.maxTokens}\``,
  ];
  if (plan.dropParameters.length > 0) {
    parts.push(`drops ${plan.dropParameters.map((name) => `\`${name}\``).join(', ')}`);
  }
  if (!plan.exposeReasoning) parts.push('thinking hidden from the client');
  return parts.join('; ');
}

/**
 * The README table "per provider family, exactly what is sent for each Claude thinking mode and
 * setting", rendered from `planReasoning` itself so the docs cannot drift from the code.
 *
 * @example
 * describeDialects().split('\n')[0]; // '| Provider family | Model | Claude request | Settings | Sent upstream |'
 */
export function describeDialects(): string {
  const lines = [
    '| Provider family | Model | Claude request | Settings | Sent upstream |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const row of dialectTable) {
    const plan = planTableRow(row);
    lines.push(
      `| ${row.family} (\`${row.dialect}\`) | \`${row.model}\` | ${claudeRequests[row.request].label} | ${settingsExamples[row.settings].label} | ${_describeSent(plan)} |`,
    );
  }
  return lines.join('\n');
}
