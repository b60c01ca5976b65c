import { modelCapabilityFlags } from '@ccp/reasoning';
import { type CatalogModel, LMSTUDIO_ENDPOINT, OLLAMA_ENDPOINT } from './model-schema';

type LocalModelSeed = {
  model: string;
  name: string;
  contextWindow: number;
  maxOutput: number | null;
  reasoning: boolean;
  vision: boolean;
  tools: boolean;
};

// Popular pulls with the context length the model itself supports; the runtime's own
// setting (Ollama num_ctx, LM Studio context slider) may be lower.
const OLLAMA_SEEDS: LocalModelSeed[] = [
  {
    model: 'llama3.2:3b',
    name: 'Llama 3.2 3B',
    contextWindow: 131072,
    maxOutput: null,
    reasoning: false,
    vision: false,
    tools: true,
  },
  {
    model: 'qwen3:8b',
    name: 'Qwen3 8B',
    contextWindow: 40960,
    maxOutput: null,
    reasoning: true,
    vision: false,
    tools: true,
  },
  {
    model: 'deepseek-r1:8b',
    name: 'DeepSeek R1 8B',
    contextWindow: 131072,
    maxOutput: null,
    reasoning: true,
    vision: false,
    tools: false,
  },
  {
    model: 'qwen2.5-coder:7b',
    name: 'Qwen2.5 Coder 7B',
    contextWindow: 32768,
    maxOutput: null,
    reasoning: false,
    vision: false,
    tools: true,
  },
  {
    model: 'gemma3:12b',
    name: 'Gemma 3 12B',
    contextWindow: 131072,
    maxOutput: null,
    reasoning: false,
    vision: true,
    tools: false,
  },
  {
    model: 'mistral:7b',
    name: 'Mistral 7B',
    contextWindow: 32768,
    maxOutput: null,
    reasoning: false,
    vision: false,
    tools: true,
  },
  {
    model: 'llava:7b',
    name: 'LLaVA 7B',
    contextWindow: 4096,
    maxOutput: null,
    reasoning: false,
    vision: true,
    tools: false,
  },
];

const LMSTUDIO_SEEDS: LocalModelSeed[] = [
  {
    model: 'qwen2.5-coder-14b-instruct',
    name: 'Qwen2.5 Coder 14B Instruct',
    contextWindow: 32768,
    maxOutput: null,
    reasoning: false,
    vision: false,
    tools: true,
  },
  {
    model: 'deepseek-r1-distill-qwen-7b',
    name: 'DeepSeek R1 Distill Qwen 7B',
    contextWindow: 131072,
    maxOutput: null,
    reasoning: true,
    vision: false,
    tools: false,
  },
  {
    model: 'meta-llama-3.1-8b-instruct',
    name: 'Meta Llama 3.1 8B Instruct',
    contextWindow: 131072,
    maxOutput: null,
    reasoning: false,
    vision: false,
    tools: true,
  },
  {
    model: 'mistral-small-3.1-24b-instruct-2503',
    name: 'Mistral Small 3.1 24B Instruct',
    contextWindow: 131072,
    maxOutput: null,
    reasoning: false,
    vision: true,
    tools: true,
  },
  {
    model: 'gemma-3-12b-it',
    name: 'Gemma 3 12B Instruct',
    contextWindow: 131072,
    maxOutput: null,
    reasoning: false,
    vision: true,
    tools: false,
  },
];

export type LocalServer = 'ollama' | 'lmstudio';

const SERVER_FACTS: Record<LocalServer, { prefix: string; label: string; endpoint: string }> = {
  ollama: { prefix: 'ollama/', label: 'Ollama', endpoint: OLLAMA_ENDPOINT },
  lmstudio: { prefix: 'lmstudio/', label: 'LM Studio', endpoint: LMSTUDIO_ENDPOINT },
};

function fromSeed(server: LocalServer, seed: LocalModelSeed, endpoint: string): CatalogModel {
  const facts = SERVER_FACTS[server];
  const flags = modelCapabilityFlags(seed.model, server, {
    reasoning: seed.reasoning,
    tools: seed.tools,
    vision: seed.vision,
  });
  return {
    id: `${facts.prefix}${seed.model}`,
    name: `${facts.label}: ${seed.name}`,
    provider: server,
    source: server,
    pricing: { inputPerMillion: 0, outputPerMillion: 0, cacheReadPerMillion: 0, cacheWritePerMillion: 0 },
    contextWindow: seed.contextWindow,
    maxOutput: seed.maxOutput,
    reasoning: flags.reasoning,
    vision: flags.vision,
    tools: flags.tools,
    free: true,
    local: true,
    endpoint,
  };
}

/** The seven popular Ollama models shipped in the snapshot (ids `ollama/<model>`). */
export function defaultOllamaModels(endpoint: string = OLLAMA_ENDPOINT): CatalogModel[] {
  return OLLAMA_SEEDS.map((seed) => fromSeed('ollama', seed, endpoint));
}

/** The five LM Studio models shipped in the snapshot (ids `lmstudio/<model>`). */
export function defaultLmStudioModels(endpoint: string = LMSTUDIO_ENDPOINT): CatalogModel[] {
  return LMSTUDIO_SEEDS.map((seed) => fromSeed('lmstudio', seed, endpoint));
}

/** The id prefix that routes a model to a local server (`ollama/`, `lmstudio/`). */
export function localModelPrefix(server: LocalServer): string {
  return SERVER_FACTS[server].prefix;
}

/**
 * Builds a catalog entry for a model name a running server reported. Known names keep the
 * shipped metadata; unknown ones get the capabilities `@ccp/reasoning`'s model traits know from
 * the name, and no context size.
 *
 * @example
 * localModelFromName('ollama', 'qwen3:8b', 'http://localhost:11434/v1').reasoning; // true
 */
export function localModelFromName(server: LocalServer, modelName: string, endpoint: string): CatalogModel {
  const seeds = server === 'ollama' ? OLLAMA_SEEDS : LMSTUDIO_SEEDS;
  const known = seeds.find((seed) => seed.model === modelName || `${seed.model}:latest` === modelName);
  if (known) return fromSeed(server, { ...known, model: modelName }, endpoint);
  const facts = SERVER_FACTS[server];
  const flags = modelCapabilityFlags(modelName, server);
  return {
    id: `${facts.prefix}${modelName}`,
    name: `${facts.label}: ${modelName}`,
    provider: server,
    source: server,
    pricing: { inputPerMillion: 0, outputPerMillion: 0, cacheReadPerMillion: 0, cacheWritePerMillion: 0 },
    contextWindow: null,
    maxOutput: null,
    reasoning: flags.reasoning,
    vision: flags.vision,
    tools: flags.tools,
    free: true,
    local: true,
    endpoint,
  };
}
