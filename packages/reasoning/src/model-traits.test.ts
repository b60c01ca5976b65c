import { describe, expect, it } from 'vitest';
import { capabilitiesFromListing, modelCapabilityFlags, modelFamily, modelTraits } from './model-traits';

describe('modelFamily', () => {
  it.each([
    ['o1', 'openai', 'openai-reasoning'],
    ['o3-mini-2025-01-31', 'openai', 'openai-reasoning'],
    ['gpt-5.1', 'openai', 'openai-reasoning'],
    ['gpt-5-chat-latest', 'openai', 'openai-chat'],
    ['gpt-4.1-mini', 'openai', 'openai-chat'],
    ['openai/gpt-oss-120b', 'vllm', 'gpt-oss'],
    ['deepseek-reasoner', 'deepseek', 'deepseek-reasoner'],
    ['deepseek-r1:32b', 'ollama', 'deepseek-reasoner'],
    ['deepseek-chat', 'deepseek', 'deepseek-hybrid'],
    ['deepseek/deepseek-chat', 'openrouter', 'unknown'],
    ['deepseek/deepseek-chat-v3.1', 'openrouter', 'deepseek-hybrid'],
    ['deepseek-v4-pro', 'deepseek', 'deepseek-hybrid'],
    ['Qwen/Qwen3-30B-A3B', 'vllm', 'qwen-hybrid'],
    ['Qwen/Qwen3-235B-A22B-Thinking-2507', 'vllm', 'qwen-thinking'],
    ['Qwen/Qwen3-235B-A22B-Instruct-2507', 'vllm', 'qwen-chat'],
    ['qwen/qwen3-coder', 'openrouter', 'qwen-chat'],
    ['Qwen/Qwen2.5-72B-Instruct', 'vllm', 'qwen-chat'],
    ['qwen-plus', 'dashscope', 'qwen-hybrid'],
    ['qwen/qwen-plus', 'openrouter', 'unknown'],
    ['gemini-2.5-flash-lite', 'gemini', 'gemini-flash'],
    ['gemini-3-pro-preview', 'gemini', 'gemini-thinking'],
    ['gemini-2.0-flash', 'gemini', 'unknown'],
    ['anthropic/claude-opus-4.1', 'openrouter', 'anthropic'],
    ['llama3.1:8b', 'ollama', 'unknown'],
  ] as const)('%s on %s → %s', (model, dialect, family) => {
    expect(modelFamily(model, dialect)).toBe(family);
  });
});

describe('modelTraits', () => {
  it('OpenAI reasoning models need max_completion_tokens on OpenAI-shaped endpoints only', () => {
    expect(modelTraits('o3', 'openai').requiresMaxCompletionTokens).toBe(true);
    expect(modelTraits('gpt-5', 'azure').requiresMaxCompletionTokens).toBe(true);
    expect(modelTraits('openai/o3', 'openrouter').requiresMaxCompletionTokens).toBe(false);
    expect(modelTraits('openai/o3', 'openrouter').rejectsSamplingParameters).toBe(true);
  });

  it('cache_control passes through only for OpenRouter anthropic/*', () => {
    expect(modelTraits('anthropic/claude-sonnet-4', 'openrouter').acceptsCacheControl).toBe(true);
    expect(modelTraits('openai/gpt-5', 'openrouter').acceptsCacheControl).toBe(false);
    expect(modelTraits('claude-sonnet-4', 'generic').acceptsCacheControl).toBe(false);
  });

  it('local servers take data-URL images only', () => {
    expect(modelTraits('qwen3', 'ollama').imageUrls).toBe('data-url-only');
    expect(modelTraits('qwen3', 'lmstudio').imageUrls).toBe('data-url-only');
    expect(modelTraits('gpt-4o', 'openai').imageUrls).toBe('any');
  });

  it('Ollama can switch deepseek-r1 off, DeepSeek cannot switch deepseek-reasoner off', () => {
    expect(modelTraits('deepseek-r1:8b', 'ollama').alwaysReasons).toBe(false);
    expect(modelTraits('deepseek-reasoner', 'deepseek').alwaysReasons).toBe(true);
  });

  it('capabilities override any field and the catalog limit stays out of the traits', () => {
    const traits = modelTraits('gpt-4o', 'openai', {
      reasoning: true,
      lateSystemMessages: 'merge-into-first',
      maxOutputTokens: 5,
    });
    expect(traits.reasoning).toBe(true);
    expect(traits.lateSystemMessages).toBe('merge-into-first');
    expect('maxOutputTokens' in traits).toBe(false);
  });
});

describe('reasoning, tools and vision by name', () => {
  it.each([
    ['openai/o1', 'openrouter', true],
    ['openai/o1-mini', 'openrouter', true],
    ['openai/o3', 'openrouter', true],
    ['openai/o3-pro', 'openrouter', true],
    ['openai/o4-mini-high', 'openrouter', true],
    ['gpt-5-mini', 'openai', true],
    ['openai/gpt-4o', 'openrouter', false],
    ['deepseek/deepseek-r1-0528', 'openrouter', true],
    ['deepseek-reasoner', 'deepseek', true],
    ['qwen/qwen3-32b', 'openrouter', true],
    ['qwen3-coder:30b', 'ollama', false],
    ['anthropic/claude-3.7-sonnet', 'openrouter', true],
    ['claude-3-7-sonnet-20250219', 'generic', true],
    ['anthropic/claude-sonnet-4', 'openrouter', true],
    ['claude-opus-4-1-20250805', 'generic', true],
    ['anthropic/claude-3.5-sonnet', 'openrouter', false],
    ['claude-3-5-haiku-20241022', 'generic', false],
    ['anthropic/claude-3-opus', 'openrouter', false],
    ['anthropic/claude-2.1', 'openrouter', false],
    ['anthropic/claude-2:beta', 'openrouter', false],
    ['google/gemini-2.5-pro', 'openrouter', true],
    ['mistralai/magistral-small-2506', 'openrouter', true],
    ['phi4-reasoning:14b', 'ollama', true],
    ['google/gemini-2.0-flash-thinking-exp:free', 'openrouter', true],
    ['perplexity/r1-1776', 'openrouter', true],
    ['llama3.1:8b', 'ollama', false],
    ['mistral:7b', 'ollama', false],
  ] as const)('%s on %s reasons: %s', (model, dialect, reasoning) => {
    expect(modelTraits(model, dialect).reasoning).toBe(reasoning);
  });

  it.each([
    ['openai/o3', true, true],
    ['openai/o3-mini', true, false],
    ['openai/o1-mini', false, false],
    ['openai/gpt-4o', true, true],
    ['openai/gpt-4o-search-preview', false, false],
    ['anthropic/claude-sonnet-4', true, true],
    ['anthropic/claude-2', false, false],
    ['llama3.1:8b', true, false],
    ['qwen2.5-vl:7b', true, true],
    ['qwen2.5vl:7b', true, true],
    ['gemma3:12b', false, true],
    ['llava:7b', false, true],
    ['deepseek-r1:8b', false, false],
  ] as const)('%s: tools %s, vision %s', (model, tools, vision) => {
    const traits = modelTraits(model, 'openrouter');
    expect([traits.tools, traits.vision]).toEqual([tools, vision]);
  });
});

describe('provider facts among the traits', () => {
  it('top_k goes to vLLM, Ollama, LM Studio and OpenRouter only', () => {
    const takesTopK = (
      [
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
      ] as const
    ).filter((dialect) => modelTraits('qwen3:8b', dialect).acceptsTopK);
    expect(takesTopK).toEqual(['openrouter', 'vllm', 'ollama', 'lmstudio']);
  });

  it('only vLLM passes a template-opened <think> through, and only for templates that open it', () => {
    expect(modelTraits('deepseek-ai/DeepSeek-R1-Distill-Qwen-7B', 'vllm').templateOpensThink).toBe(true);
    expect(modelTraits('Qwen/QwQ-32B', 'vllm').templateOpensThink).toBe(true);
    expect(modelTraits('Qwen/Qwen3-32B', 'vllm').templateOpensThink).toBe(false);
    expect(modelTraits('deepseek-r1:8b', 'ollama').templateOpensThink).toBe(false);
  });

  it('small local models may print tool calls as text; hosted ones are trusted', () => {
    expect(modelTraits('qwen3:8b', 'ollama').printsToolCallsAsText).toBe(true);
    expect(modelTraits('Qwen/Qwen3-32B', 'vllm').printsToolCallsAsText).toBe(true);
    expect(modelTraits('gpt-4o', 'openai').printsToolCallsAsText).toBe(false);
  });
});

describe('a model listing laid over the traits', () => {
  it('takes a listed reasoning only as a yes, and tools and vision as listed', () => {
    expect(capabilitiesFromListing({ reasoning: false, tools: false, vision: true })).toEqual({
      tools: false,
      vision: true,
    });
    expect(capabilitiesFromListing({ reasoning: true })).toEqual({ reasoning: true });
  });

  it('corrects a listing that misses a reasoning model and keeps what the listing adds', () => {
    expect(
      modelCapabilityFlags('openai/o3', 'openrouter', { reasoning: false, tools: true, vision: true }),
    ).toEqual({
      reasoning: true,
      tools: true,
      vision: true,
    });
    expect(
      modelCapabilityFlags('x-ai/grok-3-mini', 'openrouter', { reasoning: true, tools: true, vision: false }),
    ).toEqual({
      reasoning: true,
      tools: true,
      vision: false,
    });
  });

  it('lets a listing take tools away from a route that lacks them', () => {
    expect(
      modelCapabilityFlags('qwen/qwen3-8b:free', 'openrouter', { reasoning: true, tools: false }).tools,
    ).toBe(false);
    expect(modelCapabilityFlags('qwen3:8b', 'ollama').tools).toBe(true);
  });

  it('agrees with modelTraits given the same listing', () => {
    const listing = { reasoning: false, tools: true, vision: false };
    const traits = modelTraits('openai/o3-mini', 'openrouter', capabilitiesFromListing(listing));
    expect(modelCapabilityFlags('openai/o3-mini', 'openrouter', listing)).toEqual({
      reasoning: traits.reasoning,
      tools: traits.tools,
      vision: traits.vision,
    });
  });
});
