import type { ModeSettings } from './mode-settings';
import { LMSTUDIO_ENDPOINT, OLLAMA_ENDPOINT, OPENROUTER_ENDPOINT } from './model-schema';

/** What a template needs before it works. */
export type TemplateRequirement = 'openrouter-api-key' | 'ollama-running' | 'lmstudio-running';

export type ModelTemplate = {
  id: string;
  name: string;
  description: string;
  requires: TemplateRequirement[];
  /** Human-readable notes for each requirement, e.g. how to start Ollama. */
  requirementNotes: string[];
  config: {
    bigModel: string;
    middleModel: string;
    smallModel: string;
    baseUrl: string;
    reasoningEffort?: 'none' | 'low' | 'medium' | 'high';
    reasoningMaxTokens?: number;
    reasoningExclude?: boolean;
  };
};

const OPENROUTER_NOTE = 'An OpenRouter API key in PROVIDER_API_KEY (https://openrouter.ai/keys).';
const OLLAMA_NOTE = 'Ollama running on port 11434 with the models pulled (`ollama pull qwen3:8b` etc.).';
const LMSTUDIO_NOTE = 'LM Studio running its local server on port 1234 with the models downloaded.';

// Every model id here exists in the shipped snapshot and calls tools (Claude Code sends tools to
// every tier, so a model without them fails at the first tool call); a test checks both.
const TEMPLATES: readonly ModelTemplate[] = [
  {
    id: 'openrouter-free',
    name: 'Free on OpenRouter',
    description:
      "OpenRouter's free models that call tools: DeepSeek V3 for hard work and everyday edits, Mistral Small for quick tasks. Needs an OpenRouter key; rate-limited.",
    requires: ['openrouter-api-key'],
    requirementNotes: [OPENROUTER_NOTE, 'Free models are rate-limited by OpenRouter.'],
    config: {
      bigModel: 'deepseek/deepseek-chat-v3-0324:free',
      middleModel: 'deepseek/deepseek-chat-v3-0324:free',
      smallModel: 'mistralai/mistral-small-3.2-24b-instruct:free',
      baseUrl: OPENROUTER_ENDPOINT,
    },
  },
  {
    id: 'local-free',
    name: 'Free and local',
    description:
      'No key and no cost: small tool-calling models on your own machine through Ollama (Qwen3 8B, Qwen2.5 Coder 7B, Llama 3.2 3B).',
    requires: ['ollama-running'],
    requirementNotes: [
      'Ollama running on port 11434 with the models pulled: `ollama pull qwen3:8b`, `ollama pull qwen2.5-coder:7b`, `ollama pull llama3.2:3b`.',
    ],
    config: {
      bigModel: 'ollama/qwen3:8b',
      middleModel: 'ollama/qwen2.5-coder:7b',
      smallModel: 'ollama/llama3.2:3b',
      baseUrl: OLLAMA_ENDPOINT,
      reasoningEffort: 'low',
    },
  },
  {
    id: 'development',
    name: 'Development',
    description: 'Cheap, capable tool-using models for day-to-day coding.',
    requires: ['openrouter-api-key'],
    requirementNotes: [OPENROUTER_NOTE],
    config: {
      bigModel: 'deepseek/deepseek-chat-v3-0324',
      middleModel: 'google/gemini-2.5-flash',
      smallModel: 'openai/gpt-4.1-nano',
      baseUrl: OPENROUTER_ENDPOINT,
      reasoningEffort: 'low',
    },
  },
  {
    id: 'production',
    name: 'Production',
    description: 'Strong, reliable models with tool support and large context for production work.',
    requires: ['openrouter-api-key'],
    requirementNotes: [OPENROUTER_NOTE],
    config: {
      bigModel: 'anthropic/claude-sonnet-4',
      middleModel: 'openai/gpt-4.1',
      smallModel: 'google/gemini-2.5-flash',
      baseUrl: OPENROUTER_ENDPOINT,
      reasoningEffort: 'medium',
    },
  },
  {
    id: 'reasoning-intensive',
    name: 'Reasoning intensive',
    description: 'Reasoning models on every tier with a high effort and a large thinking budget.',
    requires: ['openrouter-api-key'],
    requirementNotes: [OPENROUTER_NOTE],
    config: {
      bigModel: 'anthropic/claude-opus-4',
      middleModel: 'deepseek/deepseek-r1-0528',
      smallModel: 'x-ai/grok-3-mini',
      baseUrl: OPENROUTER_ENDPOINT,
      reasoningEffort: 'high',
      reasoningMaxTokens: 32000,
    },
  },
  {
    id: 'vision-multimodal',
    name: 'Vision & multimodal',
    description: 'Models that read images (screenshots, diagrams) on every tier.',
    requires: ['openrouter-api-key'],
    requirementNotes: [OPENROUTER_NOTE],
    config: {
      bigModel: 'google/gemini-2.5-pro',
      middleModel: 'openai/gpt-4.1',
      smallModel: 'google/gemini-2.5-flash-lite-preview-06-17',
      baseUrl: OPENROUTER_ENDPOINT,
      reasoningEffort: 'medium',
    },
  },
  {
    id: 'fast-inference',
    name: 'Fast inference',
    description: 'Low-latency models for quick turn-around; reasoning kept short.',
    requires: ['openrouter-api-key'],
    requirementNotes: [OPENROUTER_NOTE],
    config: {
      bigModel: 'google/gemini-2.5-flash',
      middleModel: 'openai/gpt-4.1-mini',
      smallModel: 'google/gemini-2.5-flash-lite-preview-06-17',
      baseUrl: OPENROUTER_ENDPOINT,
      reasoningEffort: 'low',
      reasoningExclude: true,
    },
  },
  {
    id: 'local-reasoning',
    name: 'Local reasoning',
    description:
      'Reasoning models that call tools, on your own machine through Ollama; nothing leaves the computer.',
    requires: ['ollama-running'],
    requirementNotes: [OLLAMA_NOTE],
    config: {
      bigModel: 'ollama/gpt-oss:20b',
      middleModel: 'ollama/qwen3:8b',
      smallModel: 'ollama/llama3.2:3b',
      baseUrl: OLLAMA_ENDPOINT,
      reasoningEffort: 'medium',
    },
  },
  {
    id: 'budget-conscious',
    name: 'Budget conscious',
    description: 'The lowest prices that still handle tools well.',
    requires: ['openrouter-api-key'],
    requirementNotes: [OPENROUTER_NOTE],
    config: {
      bigModel: 'deepseek/deepseek-r1-0528',
      middleModel: 'deepseek/deepseek-chat-v3-0324',
      smallModel: 'mistralai/mistral-nemo',
      baseUrl: OPENROUTER_ENDPOINT,
      reasoningEffort: 'low',
    },
  },
  {
    id: 'lm-studio',
    name: 'LM Studio',
    description: 'Models served by a local LM Studio server.',
    requires: ['lmstudio-running'],
    requirementNotes: [LMSTUDIO_NOTE],
    config: {
      bigModel: 'lmstudio/openai/gpt-oss-20b',
      middleModel: 'lmstudio/qwen2.5-coder-14b-instruct',
      smallModel: 'lmstudio/meta-llama-3.1-8b-instruct',
      baseUrl: LMSTUDIO_ENDPOINT,
    },
  },
  {
    id: 'research',
    name: 'Research',
    description: 'Long-context reasoning for reading large codebases and papers (up to 1M tokens).',
    requires: ['openrouter-api-key'],
    requirementNotes: [OPENROUTER_NOTE],
    config: {
      bigModel: 'google/gemini-2.5-pro',
      middleModel: 'minimax/minimax-m1',
      smallModel: 'google/gemini-2.5-flash',
      baseUrl: OPENROUTER_ENDPOINT,
      reasoningEffort: 'high',
      reasoningMaxTokens: 16000,
    },
  },
];

// Earlier ids that keep working: `free-tier` was the OpenRouter template before a local one existed.
const TEMPLATE_ALIASES: Readonly<Record<string, string>> = { 'free-tier': 'openrouter-free' };

/** The eleven built-in templates, in menu order. */
export function listTemplates(): readonly ModelTemplate[] {
  return TEMPLATES;
}

/** A template by id or former id (case-insensitive), or undefined. */
export function findTemplate(id: string): ModelTemplate | undefined {
  const lower = id.trim().toLowerCase();
  const current = TEMPLATE_ALIASES[lower] ?? lower;
  return TEMPLATES.find((template) => template.id === current);
}

/** Settings (by environment variable name) that a template config stands for. */
export function templateSettings(template: ModelTemplate): ModeSettings {
  const { config } = template;
  const settings: ModeSettings = {
    PROVIDER_BASE_URL: config.baseUrl,
    BIG_MODEL: config.bigModel,
    MIDDLE_MODEL: config.middleModel,
    SMALL_MODEL: config.smallModel,
  };
  if (config.reasoningEffort !== undefined) settings.REASONING_EFFORT = config.reasoningEffort;
  if (config.reasoningMaxTokens !== undefined)
    settings.REASONING_MAX_TOKENS = String(config.reasoningMaxTokens);
  if (config.reasoningExclude !== undefined) settings.REASONING_EXCLUDE = String(config.reasoningExclude);
  return settings;
}

/**
 * The settings a template yields, keyed by the environment variables the proxy reads.
 * Throws with the list of ids when the template does not exist.
 *
 * @example
 * applyTemplate('local-free').BIG_MODEL; // 'ollama/qwen3:8b'
 */
export function applyTemplate(id: string): ModeSettings {
  const template = findTemplate(id);
  if (!template) {
    throw new Error(
      `No template "${id}". Available templates: ${TEMPLATES.map((each) => each.id).join(', ')}.`,
    );
  }
  return templateSettings(template);
}
