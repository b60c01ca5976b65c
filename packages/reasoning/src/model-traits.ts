import { isLocalDialect, type ProviderDialect } from './provider-dialect';

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
  /** The model can call tools, as far as its name tells; a model listing's answer overrides it. */
  tools: boolean;
  /** The model takes images, as far as its name tells; a model listing's answer overrides it. */
  vision: boolean;
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
  /** `top_k` may be sent (vLLM, Ollama, LM Studio, OpenRouter); OpenAI-shaped APIs reject it. */
  acceptsTopK: boolean;
  /**
   * The chat template opens `<think>` itself (the prompt ends with `<think>\n`), so the answer
   * starts mid-thought. Only vLLM without a reasoning parser passes that through raw; Ollama and
   * LM Studio split the reasoning out themselves.
   */
  templateOpensThink: boolean;
  /** Small local models often print a tool call as text instead of making it. */
  printsToolCallsAsText: boolean;
};

/** What the catalog knows about a model; every field present overrides the built-in table. */
export type ModelCapabilities = Partial<ModelTraits> & {
  /** Upper bound for the max tokens field; larger client values are clamped. */
  maxOutputTokens?: number;
};

/** The three capabilities a model listing reports and the catalog stores. */
export type CapabilityFlags = { reasoning: boolean; tools: boolean; vision: boolean };

function _baseName(model: string): string {
  const lower = model.toLowerCase();
  return lower.slice(lower.lastIndexOf('/') + 1);
}

function _vendor(model: string): string {
  const lower = model.toLowerCase();
  const slash = lower.indexOf('/');
  return slash === -1 ? '' : lower.slice(0, slash);
}

// Claude reasons from 3.7 on, and calls tools and reads images from 3 on.
const _claudeBefore37 = /^claude-(instant|[12]([^0-9]|$)|3([.-](opus|sonnet|haiku|[0-6]([^0-9]|$))|$))/;
const _claudeBefore3 = /^claude-(instant|[12]([^0-9]|$))/;
// Reasoning models outside the families above, known by name (Magistral, Phi-4-reasoning, R1 derivatives, *-thinking).
const _reasoningNames = /magistral|reasoning|think|deepseek-r1|(^|[-_])r1($|[-_:.])/;
// Tool calling: hosted families, then open weights whose chat templates carry tools.
const _toolNames =
  /^(gpt-4o(?!.*(search|audio|realtime))|gpt-4\.1|gpt-4-turbo|gpt-5|o1(?!-mini|-preview)|o3|o4-mini|gpt-oss|gemini-(1\.5|[2-9]))|llama-?3\.[123]|qwen2\.5|qwen3|mistral|command-r|hermes|firefunction|granite|smollm2/;
// Image input: hosted families, then open-weight vision models.
const _visionNames =
  /^(gpt-4o(?!.*(search|audio|realtime))|gpt-4\.1|gpt-4-turbo|gpt-5|o1(-pro)?($|-\d)|o3(?!-mini)|o4-mini|chatgpt-4o|gemini-(1\.5|[2-9]))|llava|vision|gemma-?3|[-.]vl($|[^a-z0-9])|qwen[0-9.]*vl|minicpm-v|moondream|pixtral|mistral-small-3\.1/;
// Chat templates that end the prompt with an open `<think>`.
const _templateOpensThink = /qwq|deepseek-r1|r1-distill/;

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
  if (/^qwen3/.test(base)) return 'qwen-hybrid';
  // DashScope's qwen-plus/turbo/flash are Qwen3 hybrids; elsewhere the names may mean older snapshots.
  if (/^qwen-(plus|flash|turbo)/.test(base) && dialect === 'dashscope') return 'qwen-hybrid';
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
  const reasoning = _reasons(family, base);
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
    tools: (family === 'anthropic' && !_claudeBefore3.test(base)) || _toolNames.test(base),
    vision: (family === 'anthropic' && !_claudeBefore3.test(base)) || _visionNames.test(base),
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
    acceptsTopK:
      dialect === 'vllm' || dialect === 'ollama' || dialect === 'lmstudio' || dialect === 'openrouter',
    templateOpensThink: dialect === 'vllm' && _templateOpensThink.test(model.toLowerCase()),
    printsToolCallsAsText: isLocalDialect(dialect),
  };
  if (!capabilities) return traits;
  const { maxOutputTokens: _ignored, ...overrides } = capabilities;
  return { ...traits, ...overrides };
}

function _reasons(family: ModelFamily, base: string): boolean {
  switch (family) {
    case 'openai-chat':
    case 'qwen-chat':
      return false;
    case 'anthropic':
      return !_claudeBefore37.test(base);
    case 'unknown':
      return _reasoningNames.test(base);
    default:
      return true;
  }
}

/**
 * Turns what a model listing reports into overrides of the built-in traits. A `reasoning: true`
 * is taken, a `false` is not: a model that reasons does so wherever it is served, and listings
 * miss some (OpenRouter's June 2025 data lists `openai/o3` without reasoning). Tools and images
 * depend on the serving route too (a `:free` route may lack tools), so the listing's answer stands.
 */
export function capabilitiesFromListing(listing: Partial<CapabilityFlags>): ModelCapabilities {
  const capabilities: ModelCapabilities = {};
  if (listing.reasoning === true) capabilities.reasoning = true;
  if (listing.tools !== undefined) capabilities.tools = listing.tools;
  if (listing.vision !== undefined) capabilities.vision = listing.vision;
  return capabilities;
}

/**
 * The reasoning, tools and vision flags of a model served on a dialect: the built-in traits with
 * a listing's report laid over them by {@link capabilitiesFromListing}. The catalog stores these
 * flags; the gateway reaches the same answer through `modelTraits` with the catalog entry.
 *
 * @example
 * modelCapabilityFlags('openai/o3', 'openrouter', { reasoning: false, tools: true, vision: true });
 * // { reasoning: true, tools: true, vision: true }
 * modelCapabilityFlags('qwen3:8b', 'ollama'); // { reasoning: true, tools: true, vision: false }
 */
export function modelCapabilityFlags(
  model: string,
  dialect: ProviderDialect,
  listing: Partial<CapabilityFlags> = {},
): CapabilityFlags {
  const traits = modelTraits(model, dialect, capabilitiesFromListing(listing));
  return { reasoning: traits.reasoning, tools: traits.tools, vision: traits.vision };
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
