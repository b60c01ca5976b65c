import { describe, expect, it } from 'vitest';
import { OLLAMA_BASE_URL } from './resolve-settings';
import { FALLBACK_CHAIN_NAMES, parseRouteTarget, resolveRoutingSettings } from './routing-settings';
import { problemsOf } from './testing/problems-of';

const openrouter = {
  ENDPOINT_OPENROUTER_URL: 'https://openrouter.ai/api/v1/',
  ENDPOINT_OPENROUTER_API_KEY: 'sk-or-test',
};

describe('resolveRoutingSettings', () => {
  it('has no routes, empty chains and the documented defaults when nothing is set', () => {
    const routing = resolveRoutingSettings({});
    expect(routing.routes).toEqual({});
    for (const chain of FALLBACK_CHAIN_NAMES) expect(routing.fallbacks[chain]).toEqual([]);
    expect(routing.retry).toEqual({ maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8000 });
    expect(routing.breaker).toEqual({ failureThreshold: 5, openMs: 30_000 });
    expect(routing.contextGuard).toBe(true);
    expect(Object.keys(routing.endpoints).sort()).toEqual(['lmstudio', 'ollama']);
  });

  it('reads every task route; a bare model keeps the tier endpoint', () => {
    const routing = resolveRoutingSettings({
      ...openrouter,
      BACKGROUND_MODEL: 'gpt-4o-mini',
      THINKING_MODEL: 'openrouter,deepseek/deepseek-r1',
      LONG_CONTEXT_MODEL: 'openrouter,google/gemini-2.5-pro',
      LONG_CONTEXT_THRESHOLD: '120000',
      WEB_SEARCH_MODEL: 'openrouter,perplexity/sonar',
      IMAGE_MODEL: 'ollama/llava:13b',
    });
    expect(routing.routes.background).toEqual({ model: 'gpt-4o-mini' });
    expect(routing.routes.thinking).toEqual({
      model: 'deepseek/deepseek-r1',
      baseUrl: 'https://openrouter.ai/api/v1',
      apiKey: 'sk-or-test',
      endpointName: 'openrouter',
    });
    expect(routing.routes.longContext?.model).toBe('google/gemini-2.5-pro');
    expect(routing.routes.longContext?.thresholdTokens).toBe(120_000);
    expect(routing.routes.webSearch?.model).toBe('perplexity/sonar');
    expect(routing.routes.images).toEqual({
      model: 'llava:13b',
      baseUrl: OLLAMA_BASE_URL,
      provider: 'ollama',
      endpointName: 'ollama',
    });
  });

  it('defaults the long-context threshold to 60000 tokens', () => {
    const routing = resolveRoutingSettings({ LONG_CONTEXT_MODEL: 'gpt-4.1' });
    expect(routing.routes.longContext).toEqual({ model: 'gpt-4.1', thresholdTokens: 60_000 });
  });

  it('reads fallback chains separated by ";" for tiers and routes', () => {
    const routing = resolveRoutingSettings({
      ...openrouter,
      BIG_FALLBACK_MODELS: 'openrouter,anthropic/claude-sonnet-4 ; gpt-4o;; lmstudio,qwen3-coder',
      LONG_CONTEXT_FALLBACK_MODELS: 'gpt-4.1',
      IMAGE_FALLBACK_MODELS: 'gpt-4o',
    });
    expect(routing.fallbacks.big.map((target) => [target.endpointName ?? null, target.model])).toEqual([
      ['openrouter', 'anthropic/claude-sonnet-4'],
      [null, 'gpt-4o'],
      ['lmstudio', 'qwen3-coder'],
    ]);
    expect(routing.fallbacks.longContext).toEqual([{ model: 'gpt-4.1' }]);
    expect(routing.fallbacks.images).toEqual([{ model: 'gpt-4o' }]);
    expect(routing.fallbacks.middle).toEqual([]);
  });

  it('names the missing endpoint variable when a list is written with commas', () => {
    const problems = problemsOf(() => resolveRoutingSettings({ BIG_FALLBACK_MODELS: 'gpt-4o,gpt-4o-mini' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^BIG_FALLBACK_MODELS="gpt-4o,gpt-4o-mini": /);
    expect(problems[0]).toContain('ENDPOINT_GPT_4O_URL');
  });

  it('rejects a target with two commas and says to use ";"', () => {
    const problems = problemsOf(() =>
      resolveRoutingSettings({ ...openrouter, MIDDLE_FALLBACK_MODELS: 'openrouter,a,b' }),
    );
    expect(problems[0]).toMatch(/^MIDDLE_FALLBACK_MODELS="openrouter,a,b": .*separate list entries with ";"/);
  });

  it('names the entry at fault in a fallback list', () => {
    const problems = problemsOf(() =>
      resolveRoutingSettings({ ...openrouter, BIG_FALLBACK_MODELS: 'gpt-4o; nowhere,model' }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^BIG_FALLBACK_MODELS="nowhere,model": .*ENDPOINT_NOWHERE_URL/),
    ]);
  });

  it('reads endpoint provider and Azure version, and names endpoints case-insensitively', () => {
    const routing = resolveRoutingSettings({
      ENDPOINT_MY_AZURE_URL: 'https://example.openai.azure.com/openai/deployments/gpt4o',
      ENDPOINT_MY_AZURE_API_KEY: 'azure-key',
      ENDPOINT_MY_AZURE_AZURE_API_VERSION: '2024-10-21',
      ENDPOINT_MY_AZURE_PROVIDER: 'Azure',
      THINKING_MODEL: 'My-Azure,gpt-4o',
    });
    expect(routing.routes.thinking).toEqual({
      model: 'gpt-4o',
      baseUrl: 'https://example.openai.azure.com/openai/deployments/gpt4o',
      apiKey: 'azure-key',
      provider: 'azure',
      azureApiVersion: '2024-10-21',
      endpointName: 'my_azure',
    });
  });

  it('lets ENDPOINT_OLLAMA_URL and OLLAMA_BASE_URL move the built-in ollama endpoint', () => {
    expect(
      resolveRoutingSettings({ OLLAMA_BASE_URL: 'http://gpu-box:11434/v1' }).endpoints.ollama?.baseUrl,
    ).toBe('http://gpu-box:11434/v1');
    expect(
      resolveRoutingSettings({ ENDPOINT_OLLAMA_URL: 'http://other:11434/v1' }).endpoints.ollama?.baseUrl,
    ).toBe('http://other:11434/v1');
  });

  it('lists every invalid value in one error, and never echoes an API key', () => {
    const problems = problemsOf(() =>
      resolveRoutingSettings({
        ENDPOINT_BROKEN_URL: 'ftp://nowhere',
        ENDPOINT_ODD_URL: 'https://odd.example.com/v1',
        ENDPOINT_ODD_PROVIDER: 'martian',
        ENDPOINT_ORPHAN_API_KEY: 'sk-secret-orphan',
        RETRY_MAX_ATTEMPTS: '0',
        CIRCUIT_BREAKER_THRESHOLD: 'many',
        CIRCUIT_BREAKER_OPEN_SECONDS: '-1',
        CONTEXT_GUARD: 'maybe',
        LONG_CONTEXT_THRESHOLD: '1000',
      }),
    );
    const text = problems.join('\n');
    expect(problems).toHaveLength(8);
    for (const name of [
      'ENDPOINT_BROKEN_URL',
      'ENDPOINT_ODD_PROVIDER',
      'ENDPOINT_ORPHAN_API_KEY',
      'RETRY_MAX_ATTEMPTS',
      'CIRCUIT_BREAKER_THRESHOLD',
      'CIRCUIT_BREAKER_OPEN_SECONDS',
      'CONTEXT_GUARD',
      'LONG_CONTEXT_THRESHOLD',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain('sk-secret-orphan');
    expect(text).toContain(
      'ENDPOINT_ORPHAN_API_KEY=<hidden>: expected ENDPOINT_ORPHAN_URL to be set as well',
    );
    expect(text).toContain('RETRY_MAX_ATTEMPTS="0": expected a whole number from 1 to 10');
  });

  it('refuses a longest retry delay below the first', () => {
    expect(
      problemsOf(() => resolveRoutingSettings({ RETRY_BASE_DELAY_MS: '5000', RETRY_MAX_DELAY_MS: '1000' })),
    ).toEqual(['RETRY_MAX_DELAY_MS="1000": expected at least RETRY_BASE_DELAY_MS (5000)']);
  });

  it('reads retry, breaker and guard settings', () => {
    const routing = resolveRoutingSettings({
      RETRY_MAX_ATTEMPTS: '1',
      RETRY_BASE_DELAY_MS: '100',
      RETRY_MAX_DELAY_MS: '2000',
      CIRCUIT_BREAKER_THRESHOLD: '0',
      CIRCUIT_BREAKER_OPEN_SECONDS: '5',
      CONTEXT_GUARD: 'off',
    });
    expect(routing.retry).toEqual({ maxAttempts: 1, baseDelayMs: 100, maxDelayMs: 2000 });
    expect(routing.breaker).toEqual({ failureThreshold: 0, openMs: 5000 });
    expect(routing.contextGuard).toBe(false);
  });
});

describe('parseRouteTarget', () => {
  const { endpoints } = resolveRoutingSettings(openrouter);

  it('passes a bare model, even one with slashes and colons', () => {
    expect(parseRouteTarget('anthropic/claude-3.5-sonnet:beta', endpoints)).toEqual({
      ok: true,
      target: { model: 'anthropic/claude-3.5-sonnet:beta' },
    });
  });

  it('resolves a request model name written as endpoint,model', () => {
    const parsed = parseRouteTarget('OpenRouter, openai/gpt-5', endpoints);
    expect(parsed).toEqual({
      ok: true,
      target: {
        model: 'openai/gpt-5',
        baseUrl: 'https://openrouter.ai/api/v1',
        apiKey: 'sk-or-test',
        endpointName: 'openrouter',
      },
    });
  });

  it('explains an unknown endpoint name', () => {
    const parsed = parseRouteTarget('deepseek,deepseek-chat', endpoints);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain('set ENDPOINT_DEEPSEEK_URL');
  });

  it('rejects empty parts', () => {
    expect(parseRouteTarget(',gpt-4o', endpoints).ok).toBe(false);
    expect(parseRouteTarget('openrouter,', endpoints).ok).toBe(false);
    expect(parseRouteTarget('  ', endpoints).ok).toBe(false);
  });
});
