import { resolveSettings } from '@ccp/config';
import { describe, expect, it } from 'vitest';
import { resolveRoute, tierForModel } from './resolve-route';

describe('tierForModel', () => {
  it.each([
    ['claude-opus-4-8', 'big'],
    ['claude-sonnet-4-5-20250929', 'middle'],
    ['claude-3-5-haiku-latest', 'small'],
    ['anthropic/Claude-OPUS', 'big'],
    ['gpt-4o', null],
  ])('%s → %s', (model, tier) => {
    expect(tierForModel(model)).toBe(tier);
  });
});

describe('resolveRoute', () => {
  const settings = resolveSettings({
    PROVIDER_API_KEY: 'sk-main',
    PROVIDER_BASE_URL: 'https://openrouter.ai/api/v1',
    BIG_MODEL: 'openai/gpt-5',
    MIDDLE_MODEL: 'ollama/qwen3:8b',
    SMALL_MODEL: 'lmstudio/llama-3.2-3b',
  });

  it('maps tiers to configured models on the provider endpoint', () => {
    const route = resolveRoute('claude-opus-4-8', settings);
    expect(route).toMatchObject({ tier: 'big', model: 'openai/gpt-5', claudeModel: 'claude-opus-4-8' });
    expect(route.endpoint.baseUrl).toBe('https://openrouter.ai/api/v1');
    expect(route.endpoint.apiKey).toBe('sk-main');
  });

  it('sends ollama/ and lmstudio/ models to the local servers without the prefix or the provider key', () => {
    const middle = resolveRoute('claude-sonnet-4-5', settings);
    expect(middle.model).toBe('qwen3:8b');
    expect(middle.endpoint).toMatchObject({ baseUrl: 'http://localhost:11434/v1', apiKey: undefined });
    const small = resolveRoute('claude-haiku-4-5', settings);
    expect(small.model).toBe('llama-3.2-3b');
    expect(small.endpoint.baseUrl).toBe('http://localhost:1234/v1');
  });

  it('keeps a configured tier endpoint for a local prefix', () => {
    const withEndpoint = resolveSettings({
      PROVIDER_API_KEY: 'sk-main',
      MIDDLE_MODEL: 'ollama/qwen3:8b',
      ENABLE_MIDDLE_ENDPOINT: 'true',
      MIDDLE_ENDPOINT: 'http://gpu-box:11434/v1',
    });
    const route = resolveRoute('claude-sonnet-4-5', withEndpoint);
    expect(route.model).toBe('qwen3:8b');
    expect(route.endpoint.baseUrl).toBe('http://gpu-box:11434/v1');
  });

  it('passes other model names through to the provider', () => {
    const route = resolveRoute('deepseek/deepseek-chat', settings);
    expect(route).toMatchObject({ tier: null, model: 'deepseek/deepseek-chat' });
    expect(route.endpoint.baseUrl).toBe('https://openrouter.ai/api/v1');
    expect(resolveRoute('ollama/llama3.1', settings).endpoint.baseUrl).toBe('http://localhost:11434/v1');
  });
});
