import { describe, expect, it } from 'vitest';
import { modelFamily, modelTraits } from './model-traits';

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
