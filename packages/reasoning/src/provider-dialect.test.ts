import { describe, expect, it } from 'vitest';
import { detectDialect, isLocalDialect, isProviderDialect, providerDialects } from './provider-dialect';

describe('detectDialect', () => {
  it.each([
    ['https://api.openai.com/v1', 'gpt-4o', 'openai'],
    ['https://acme.openai.azure.com/openai/deployments/x', 'gpt-5', 'azure'],
    ['https://acme.cognitiveservices.azure.com', 'gpt-5', 'azure'],
    ['https://openrouter.ai/api/v1', 'anthropic/claude-sonnet-4', 'openrouter'],
    ['https://api.deepseek.com', 'deepseek-chat', 'deepseek'],
    ['https://api.deepseek.com/v1', 'deepseek-reasoner', 'deepseek'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/', 'gemini-2.5-pro', 'gemini'],
    ['https://dashscope-intl.aliyuncs.com/compatible-mode/v1', 'qwen-plus', 'dashscope'],
    ['http://localhost:11434/v1', 'llama3.1', 'ollama'],
    ['http://ollama:8080/v1', 'llama3.1', 'ollama'],
    ['http://127.0.0.1:1234/v1', 'openai/gpt-oss-20b', 'lmstudio'],
    ['http://gpu:8000/v1', 'meta-llama/Llama-3.1-8B', 'vllm'],
    ['http://gpu:30000/v1', 'meta-llama/Llama-3.1-8B', 'vllm'],
    ['http://my-vllm.internal/v1', 'anything', 'vllm'],
    ['https://gateway.example.com/v1', 'deepseek-reasoner', 'deepseek'],
    ['https://gateway.example.com/v1', 'deepseek-v4-pro', 'deepseek'],
    ['https://gateway.example.com/v1', 'deepseek-r1:14b', 'generic'],
    ['https://gateway.example.com/v1', 'deepseek-ai/DeepSeek-V3.1', 'generic'],
    ['https://gateway.example.com/v1', 'Qwen/Qwen3-32B', 'vllm'],
    ['https://gateway.example.com/v1', 'qwq-32b', 'vllm'],
    ['https://gateway.example.com/v1', 'o4-mini', 'openai'],
    ['https://gateway.example.com/v1', 'gpt-5-nano', 'openai'],
    ['https://gateway.example.com/v1', 'ollama/qwen3', 'ollama'],
    ['https://gateway.example.com/v1', 'lmstudio/qwen3', 'lmstudio'],
    ['https://gateway.example.com/v1', 'llama-3.3-70b', 'generic'],
    ['https://gateway.example.com/v1', 'omni-moderation', 'generic'],
    ['not a url', 'mistral-large', 'generic'],
  ] as const)('%s with %s → %s', (baseUrl, model, dialect) => {
    expect(detectDialect({ baseUrl, model })).toBe(dialect);
  });

  it('the override wins over URL and model', () => {
    expect(detectDialect({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-5', override: 'generic' })).toBe(
      'generic',
    );
  });

  it('isLocalDialect names the self-hosted servers', () => {
    expect(providerDialects.filter(isLocalDialect)).toEqual(['vllm', 'ollama', 'lmstudio']);
  });

  it('isProviderDialect validates setting values', () => {
    expect(isProviderDialect('openrouter')).toBe(true);
    expect(isProviderDialect('anthropic')).toBe(false);
  });
});
