import { describe, expect, it } from 'vitest';
import { resolveSettings } from './resolve-settings';
import { describeSettingsProblem, SettingsError } from './settings-error';
import { problemsOf } from './testing/problems-of';

describe('resolveSettings', () => {
  it('falls back to a local Ollama with a clear notice when no provider is configured', () => {
    const settings = resolveSettings({});
    expect(settings.usingOllamaFallback).toBe(true);
    expect(settings.provider.baseUrl).toBe('http://localhost:11434/v1');
    expect(settings.tiers.big.baseUrl).toBe('http://localhost:11434/v1');
    expect(settings.host).toBe('127.0.0.1');
    expect(settings.port).toBe(8082);
    expect(settings.notices.join('\n')).toMatch(/No provider configured.*Ollama/);
  });

  it('uses OpenAI defaults with a key, and MIDDLE follows BIG', () => {
    const settings = resolveSettings({ PROVIDER_API_KEY: 'sk-test', BIG_MODEL: 'gpt-5' });
    expect(settings.provider.baseUrl).toBe('https://api.openai.com/v1');
    expect(settings.tiers.big.model).toBe('gpt-5');
    expect(settings.tiers.middle.model).toBe('gpt-5');
    expect(settings.tiers.small.model).toBe('gpt-4o-mini');
    expect(settings.tiers.small.apiKey).toBe('sk-test');
  });

  it('routes a tier to its own endpoint and key only when enabled', () => {
    const settings = resolveSettings({
      PROVIDER_API_KEY: 'sk-main',
      PROVIDER_BASE_URL: 'https://openrouter.ai/api/v1/',
      ENABLE_SMALL_ENDPOINT: 'true',
      SMALL_ENDPOINT: 'http://localhost:11434/v1',
      SMALL_API_KEY: 'local',
      BIG_ENDPOINT: 'https://ignored.example/v1',
      BIG_AZURE_API_VERSION: '2024-10-21',
    });
    expect(settings.provider.baseUrl).toBe('https://openrouter.ai/api/v1');
    expect(settings.tiers.small).toMatchObject({ baseUrl: 'http://localhost:11434/v1', apiKey: 'local' });
    expect(settings.tiers.big).toMatchObject({
      baseUrl: 'https://openrouter.ai/api/v1',
      apiKey: 'sk-main',
      azureApiVersion: '2024-10-21',
    });
    expect(settings.notices.join('\n')).toMatch(/BIG_ENDPOINT is set but ENABLE_BIG_ENDPOINT/);
  });

  it('accepts legacy names with a deprecation notice', () => {
    const settings = resolveSettings({
      OPENAI_API_KEY: 'sk-legacy',
      OPENAI_BASE_URL: 'https://api.deepseek.com/v1',
      ANTHROPIC_API_KEY: 'client-key',
    });
    expect(settings.provider.apiKey).toBe('sk-legacy');
    expect(settings.provider.baseUrl).toBe('https://api.deepseek.com/v1');
    expect(settings.proxyAuthKey).toBe('client-key');
    expect(settings.adminKey).toBe('client-key');
    expect(settings.notices.filter((notice) => notice.includes('deprecated'))).toHaveLength(3);
  });

  it('maps CUSTOM_HEADER_* to header names', () => {
    const settings = resolveSettings({
      CUSTOM_HEADER_X_API_KEY: 'abc',
      CUSTOM_HEADER_HTTP_REFERER: 'https://x',
    });
    expect(settings.customHeaders).toEqual({ 'X-API-KEY': 'abc', 'HTTP-REFERER': 'https://x' });
  });

  it('refuses CUSTOM_HEADER_* for the headers that frame the request', () => {
    for (const name of ['CUSTOM_HEADER_HOST', 'CUSTOM_HEADER_CONTENT_LENGTH', 'CUSTOM_HEADER_CONNECTION']) {
      expect(() => resolveSettings({ [name]: 'x' }), name).toThrow(SettingsError);
    }
    expect(resolveSettings({ CUSTOM_HEADER_AUTHORIZATION: 'Bearer t' }).customHeaders).toEqual({
      AUTHORIZATION: 'Bearer t',
    });
  });

  it('reads the metering store, its token and its journal directory', () => {
    expect(resolveSettings({}).metering).toEqual({
      enabled: true,
      url: 'file:./data/ccp.db',
      authToken: undefined,
      journalDirectory: undefined,
    });
    const settings = resolveSettings({
      METERING_DB_URL: 'libsql://metering.example.com',
      METERING_DB_AUTH_TOKEN: 'token',
      METERING_JOURNAL_DIR: '/var/lib/ccp/journal',
    });
    expect(settings.metering).toMatchObject({
      url: 'libsql://metering.example.com',
      authToken: 'token',
      journalDirectory: '/var/lib/ccp/journal',
    });
  });

  it('reads reasoning settings globally and per tier, clamping the budget', () => {
    const settings = resolveSettings({
      PROVIDER_API_KEY: 'k',
      REASONING_EFFORT: 'medium',
      REASONING_MAX_TOKENS: '64000',
      SMALL_REASONING_EFFORT: 'low',
      MIDDLE_REASONING_EFFORT: 'off',
      REASONING_EXCLUDE: 'true',
      VERBOSITY: 'high',
    });
    expect(settings.reasoning).toEqual({
      effort: 'medium',
      maxTokens: 32000,
      exclude: true,
      verbosity: 'high',
    });
    expect(settings.tiers.small.reasoning.effort).toBe('low');
    expect(settings.tiers.big.reasoning.effort).toBe('medium');
    expect(settings.tiers.middle.reasoning.effort).toBeUndefined();
    expect(settings.tiers.middle.reasoning.maxTokens).toBe(32000);
    expect(settings.notices.join('\n')).toMatch(/REASONING_MAX_TOKENS=64000 .* using 32000/);
  });

  it('names every bad value in one error', () => {
    let caught: unknown;
    try {
      resolveSettings({
        PORT: 'eighty',
        PROVIDER_BASE_URL: 'not a url',
        REASONING_EFFORT: 'extreme',
        ENABLE_BIG_ENDPOINT: 'true',
        TRACK_USAGE: 'maybe',
        SMALL_PROVIDER: 'acme',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    const problems = (caught as SettingsError).problems.map(describeSettingsProblem).join('\n');
    for (const name of [
      'PORT',
      'PROVIDER_BASE_URL',
      'REASONING_EFFORT',
      'BIG_ENDPOINT',
      'TRACK_USAGE',
      'SMALL_PROVIDER',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('names a legacy variable when its value is the bad one', () => {
    expect(problemsOf(() => resolveSettings({ OPENAI_BASE_URL: 'api.example.com' }))).toEqual([
      'OPENAI_BASE_URL="api.example.com": expected an http(s) URL such as https://api.openai.com/v1',
    ]);
  });

  it('turns reasoning off for one tier with none, off or an empty value', () => {
    const settings = resolveSettings({
      REASONING_EFFORT: 'high',
      BIG_REASONING_EFFORT: 'None',
      MIDDLE_REASONING_EFFORT: '',
      SMALL_REASONING_EFFORT: 'LOW',
    });
    expect(settings.reasoning.effort).toBe('high');
    expect(settings.tiers.big.reasoning.effort).toBeUndefined();
    expect(settings.tiers.middle.reasoning.effort).toBeUndefined();
    expect(settings.tiers.small.reasoning.effort).toBe('low');
  });

  it('reports a tier turned on without its URL, and a header name that cannot be sent', () => {
    const problems = problemsOf(() =>
      resolveSettings({ ENABLE_SMALL_ENDPOINT: 'true', CUSTOM_HEADER_X$: 'sk-2' }),
    );
    expect(problems).toEqual([
      'ENABLE_SMALL_ENDPOINT="true": expected SMALL_ENDPOINT to be set as well: set the tier\'s URL there, or turn ENABLE_SMALL_ENDPOINT off',
      'CUSTOM_HEADER_X$: does not make a header name: use letters, digits and _ after CUSTOM_HEADER_',
    ]);
  });

  it('reads ALLOWED_HOSTS as lower-case names with optional ports, and refuses URLs', () => {
    expect(resolveSettings({}).allowedHosts).toEqual([]);
    expect(
      resolveSettings({ ALLOWED_HOSTS: ' CCP.Example.com , 10.0.0.5:8082,[fd00::1]:8082,* ' }).allowedHosts,
    ).toEqual(['ccp.example.com', '10.0.0.5:8082', '[fd00::1]:8082', '*']);
    expect(
      problemsOf(() => resolveSettings({ ALLOWED_HOSTS: 'ok.example,https://ccp.example.com/' })),
    ).toEqual([
      'ALLOWED_HOSTS="ok.example,https://ccp.example.com/": expected host names with an optional :port, comma separated (ccp.example.com,10.0.0.5:8082), or *',
    ]);
  });

  it('bounds the wait for an answer over all tries: REQUEST_DEADLINE, or twice REQUEST_TIMEOUT up to 8 minutes', () => {
    expect(resolveSettings({}).requestDeadlineMs).toBe(480_000);
    expect(resolveSettings({ REQUEST_TIMEOUT: '3' }).requestDeadlineMs).toBe(6_000);
    expect(resolveSettings({ REQUEST_TIMEOUT: '200' }).requestDeadlineMs).toBe(400_000);
    // Never shorter than one whole try.
    expect(resolveSettings({ REQUEST_TIMEOUT: '900' }).requestDeadlineMs).toBe(900_000);
    expect(resolveSettings({ REQUEST_DEADLINE: '2.5' }).requestDeadlineMs).toBe(2_500);
    expect(resolveSettings({ REQUEST_DEADLINE: '1500ms' }).requestDeadlineMs).toBe(1_500);
    expect(problemsOf(() => resolveSettings({ REQUEST_DEADLINE: 'soon' }))).toHaveLength(1);
  });
});
