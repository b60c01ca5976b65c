/** The upstream dialects ccp speaks; each decides which reasoning fields a request may carry. */
export const providerDialects = [
  'openai',
  'azure',
  'openrouter',
  'deepseek',
  'vllm',
  'dashscope',
  'ollama',
  'lmstudio',
  'gemini',
  'generic',
] as const;

export type ProviderDialect = (typeof providerDialects)[number];

/** The dialects of servers that run open-weight models on the user's own hardware. */
export const localDialects: readonly ProviderDialect[] = ['ollama', 'lmstudio', 'vllm'];

/** True for Ollama, LM Studio and vLLM/SGLang, whose small models need more forgiving handling. */
export function isLocalDialect(dialect: ProviderDialect): boolean {
  return localDialects.includes(dialect);
}

/** True when `value` names a dialect (case-insensitive), for validating a `{TIER}_PROVIDER` setting. */
export function isProviderDialect(value: string): value is ProviderDialect {
  return (providerDialects as readonly string[]).includes(value);
}

export type DetectDialectOptions = {
  /** The upstream base URL, e.g. `https://openrouter.ai/api/v1`. */
  baseUrl: string;
  /** The upstream model name as sent upstream. */
  model: string;
  /** An explicit choice (the `{TIER}_PROVIDER` setting); it always wins. */
  override?: ProviderDialect | undefined;
};

const hostRules: ReadonlyArray<readonly [RegExp, ProviderDialect]> = [
  [/(^|\.)api\.openai\.com$/, 'openai'],
  [/\.openai\.azure\.com$|\.cognitiveservices\.azure\.com$|\.services\.ai\.azure\.com$/, 'azure'],
  [/(^|\.)openrouter\.ai$/, 'openrouter'],
  [/(^|\.)api\.deepseek\.com$/, 'deepseek'],
  [/^generativelanguage\.googleapis\.com$/, 'gemini'],
  [/^dashscope(-intl|-us)?\.aliyuncs\.com$/, 'dashscope'],
  [/ollama/, 'ollama'],
  [/lmstudio|lm-studio/, 'lmstudio'],
  [/vllm|sglang/, 'vllm'],
];

/** Default ports of the local servers: Ollama 11434, LM Studio 1234, vLLM 8000, SGLang 30000. */
const portRules: Readonly<Record<string, ProviderDialect>> = {
  '11434': 'ollama',
  '1234': 'lmstudio',
  '8000': 'vllm',
  '30000': 'vllm',
};

function _parseHost(baseUrl: string): { host: string; port: string } | undefined {
  try {
    const url = new URL(baseUrl);
    return { host: url.hostname.toLowerCase(), port: url.port };
  } catch {
    return undefined;
  }
}

/**
 * Picks the dialect of an upstream from its URL, then from the model name; `override` wins.
 *
 * @example
 * detectDialect({ baseUrl: 'https://openrouter.ai/api/v1', model: 'anthropic/claude-sonnet-4' }); // 'openrouter'
 * detectDialect({ baseUrl: 'http://localhost:11434/v1', model: 'qwen3:8b' }); // 'ollama'
 * detectDialect({ baseUrl: 'http://gpu-box:9000/v1', model: 'Qwen/Qwen3-32B' }); // 'vllm'
 */
export function detectDialect(options: DetectDialectOptions): ProviderDialect {
  if (options.override !== undefined) return options.override;
  const parsed = _parseHost(options.baseUrl);
  if (parsed) {
    for (const [pattern, dialect] of hostRules) if (pattern.test(parsed.host)) return dialect;
    const byPort = portRules[parsed.port];
    if (byPort) return byPort;
  }
  const model = options.model.toLowerCase();
  if (model.startsWith('ollama/')) return 'ollama';
  if (model.startsWith('lmstudio/')) return 'lmstudio';
  const base = model.slice(model.lastIndexOf('/') + 1);
  // DeepSeek's own API names; other deepseek-* weights (`deepseek-r1:14b`, `deepseek-ai/…`) are self-served.
  if (/^deepseek-(chat|reasoner|v[4-9])/.test(model) && !/[/:]/.test(model)) return 'deepseek';
  if (/^(qwen|qwq)/.test(base)) return 'vllm';
  if (/^o[1-9](-|$)/.test(base) || /^gpt-5/.test(base)) return 'openai';
  if (/^gemini-/.test(base) && !model.includes('/')) return 'gemini';
  return 'generic';
}
