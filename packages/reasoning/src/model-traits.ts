import type { ProviderDialect } from './provider-dialect';

/** Model families of the built-in table (used until the catalog supplies capabilities). */
export type ModelFamily =
  | 'openai-reasoning'
  | 'openai-chat'
  | 'gpt-oss'
  | 'deepseek-reasoner'
  | 'deepseek-hybrid'
  | 'qwen-hybrid'
  | 'qwen-thinking'
  | 'qwen-chat'
  | 'gemini-thinking'
  | 'gemini-flash'
  | 'anthropic'
  | 'unknown';

export type ModelTraits = {
  family: ModelFamily;
  /** The model can reason at all. */
  reasoning: boolean;
  /** The model reasons whatever the request says (o-series, deepseek-reasoner, QwQ, gemini-2.5-pro). */
  alwaysReasons: boolean;
  /** The provider takes only an effort level for this model, never a token budget. */
  effortOnly: boolean;
  /** The provider takes an exact token budget for this model (OpenRouter anthropic/google, DashScope Qwen). */
  acceptsBudget: boolean;
  /** `reasoning_effort` is understood for this model on this dialect. */
  acceptsReasoningEffort: boolean;
  /** The lowest effort the model accepts, sent when the client did not ask to think but the model always does. */
  minimumEffort: 'none' | 'minimal' | 'low';
  requiresMaxCompletionTokens: boolean;
  /** temperature ≠ 1 and top_p are rejected (o-series, gpt-5). */
  rejectsSamplingParameters: boolean;
  supportsVerbosity: boolean;
  /** Per-part `cache_control` may pass through (OpenRouter anthropic/*). */
  acceptsCacheControl: boolean;
  /** Strict chat templates (Qwen on vLLM) reject a system message after the first turn. */
  lateSystemMessages: 'keep' | 'merge-into-first';
  /** Local servers take images only as data URLs. */
  imageUrls: 'any' | 'data-url-only';
  /** The reasoning comes back as text (false: OpenAI returns only a token count). */
  returnsReasoningText: boolean;
};

/** What the catalog knows about a model; every field present overrides the built-in table. */
export type ModelCapabilities = Partial<ModelTraits> & {
  /** Upper bound for the max tokens field; larger client values are clamped. */
  maxOutputTokens?: number;
};

function _baseName(model: string): string {
  const lower = model.toLowerCase();
  return lower.slice(lower.lastIndexOf('/') + 1);
}

function _vendor(model: string): string {
  const lower = model.toLowerCase();
  const slash = lower.indexOf('/');
  return slash === -1 ? '' : lower.slice(0, slash);
}

/** Family of a model name; the vendor prefix (`openai/`, `Qwen/`) and Ollama tags are ignored. */
export function modelFamily(model: string, dialect: ProviderDialect): ModelFamily {
  const base = _baseName(model);
  if (/^gpt-oss/.test(base)) return 'gpt-oss';
  if (/^gpt-5.*chat/.test(base)) return 'openai-chat';
  if (/^o[1-9](-|$)/.test(base) || /^gpt-5/.test(base)) return 'openai-reasoning';
  if (/^(gpt-4|gpt-3\.5|chatgpt)/.test(base)) return 'openai-chat';
  if (/deepseek-(reasoner|r1)/.test(base)) return 'deepseek-reasoner';
  // On DeepSeek's own API `deepseek-chat` is the hybrid model; elsewhere the name means the older V3.
  if (base === 'deepseek-chat' && dialect === 'deepseek') return 'deepseek-hybrid';
  if (/deepseek-(chat-)?v3\.[1-9]|deepseek-v[4-9]/.test(base)) return 'deepseek-hybrid';
  if (/^qwq/.test(base) || /^qwen3.*thinking/.test(base)) return 'qwen-thinking';
  if (/^qwen3.*(instruct|coder)|^qwen3-coder|^qwen(2|-max|-vl|-coder)/.test(base)) return 'qwen-chat';
  if (/^qwen3|^qwen-(plus|flash|turbo)/.test(base)) return 'qwen-hybrid';
  if (/^gemini-2\.5-flash/.test(base)) return 'gemini-flash';
  if (/^gemini-(2\.5|[3-9])/.test(base)) return 'gemini-thinking';
  if (/^claude/.test(base)) return 'anthropic';
  return 'unknown';
}

/**
 * What a model accepts on a dialect, from a small built-in family table; `capabilities` (from the
 * catalog) override any field.
 *
 * @example
 * modelTraits('gpt-5-mini', 'openai').requiresMaxCompletionTokens; // true
 * modelTraits('anthropic/claude-sonnet-4', 'openrouter').acceptsCacheControl; // true
 */
export function modelTraits(
  model: string,
  dialect: ProviderDialect,
  capabilities?: ModelCapabilities,
): ModelTraits {
  const family = modelFamily(model, dialect);
  const base = _baseName(model);
  const reasoning = family !== 'openai-chat' && family !== 'qwen-chat' && family !== 'unknown';
  const alwaysReasons =
    family === 'openai-reasoning' ||
    family === 'gpt-oss' ||
    // Ollama can switch deepseek-r1's thinking off (`think: false`).
    (family === 'deepseek-reasoner' && dialect !== 'ollama') ||
    family === 'qwen-thinking' ||
    family === 'gemini-thinking';
  const acceptsBudget =
    (dialect === 'openrouter' &&
      (family === 'anthropic' || family === 'gemini-flash' || family === 'gemini-thinking')) ||
    (dialect === 'dashscope' && (family === 'qwen-hybrid' || family === 'qwen-thinking'));
  const acceptsReasoningEffort = _acceptsReasoningEffort(family, dialect, base);
  const openaiStrict = family === 'openai-reasoning' && dialect !== 'openrouter';
  const traits: ModelTraits = {
    family,
    reasoning,
    alwaysReasons,
    effortOnly: reasoning && !acceptsBudget,
    acceptsBudget,
    acceptsReasoningEffort,
    minimumEffort: /^gpt-5(-|$)/.test(base) ? 'minimal' : 'low',
    requiresMaxCompletionTokens: openaiStrict,
    rejectsSamplingParameters: family === 'openai-reasoning',
    supportsVerbosity:
      family === 'openai-reasoning' &&
      /^gpt-5/.test(base) &&
      (dialect === 'openai' || dialect === 'azure' || dialect === 'openrouter'),
    acceptsCacheControl: dialect === 'openrouter' && _vendor(model) === 'anthropic',
    lateSystemMessages: dialect === 'vllm' ? 'merge-into-first' : 'keep',
    imageUrls: dialect === 'ollama' || dialect === 'lmstudio' ? 'data-url-only' : 'any',
    returnsReasoningText: !(
      (family === 'openai-reasoning' && (dialect === 'openai' || dialect === 'azure')) ||
      dialect === 'gemini'
    ),
  };
  if (!capabilities) return traits;
  const { maxOutputTokens: _ignored, ...overrides } = capabilities;
  return { ...traits, ...overrides };
}

function _acceptsReasoningEffort(family: ModelFamily, dialect: ProviderDialect, base: string): boolean {
  switch (dialect) {
    case 'openai':
    case 'azure':
    case 'generic':
      // o1-mini and o1-preview answer 400 to reasoning_effort.
      return (family === 'openai-reasoning' && !/^o1-(mini|preview)/.test(base)) || family === 'gpt-oss';
    case 'vllm':
    case 'lmstudio':
      return family === 'gpt-oss';
    case 'ollama':
      return family !== 'openai-chat' && family !== 'qwen-chat' && family !== 'unknown';
    case 'gemini':
      return family === 'gemini-flash' || family === 'gemini-thinking';
    case 'deepseek':
      return family === 'deepseek-hybrid' || family === 'deepseek-reasoner';
    case 'openrouter':
    case 'dashscope':
      return false;
  }
}
