import { describe, expect, it } from 'vitest';
import { resolveSelectorSettings } from './selector-settings';
import { problemsOf } from './testing/problems-of';

describe('resolveSelectorSettings', () => {
  it('shows marketplace models unless ENABLE_OPENROUTER_SELECTION is false', () => {
    expect(resolveSelectorSettings({}).includeMarketplace).toBe(true);
    expect(resolveSelectorSettings({ ENABLE_OPENROUTER_SELECTION: 'False' }).includeMarketplace).toBe(false);
  });

  it('reads the catalog file and the fetch-models sources', () => {
    expect(
      resolveSelectorSettings({
        CCP_CATALOG_FILE: ' ./models.json ',
        CCP_OPENROUTER_MODELS_URL: 'http://127.0.0.1:9/models',
        OPENROUTER_API_KEY: 'sk-or',
        OLLAMA_URL: 'http://gpu-box:11434/',
        LMSTUDIO_URL: 'http://127.0.0.1:1234',
      }),
    ).toEqual({
      includeMarketplace: true,
      catalogFile: './models.json',
      openRouterModelsUrl: 'http://127.0.0.1:9/models',
      openRouterApiKey: 'sk-or',
      ollamaUrl: 'http://gpu-box:11434',
      lmStudioUrl: 'http://127.0.0.1:1234',
      metering: { url: 'file:./data/ccp.db', authToken: undefined },
    });
  });

  it('reads the metering store the proxy writes, for usage recommendations', () => {
    expect(
      resolveSelectorSettings({ METERING_DB_URL: 'libsql://db.example.com', METERING_DB_AUTH_TOKEN: 'tok' })
        .metering,
    ).toEqual({ url: 'libsql://db.example.com', authToken: 'tok' });
  });

  it('does not judge the model settings it edits', () => {
    expect(problemsOf(() => resolveSelectorSettings({ REASONING_EFFORT: 'extreme', PORT: 'x' }))).toEqual([]);
  });
});
