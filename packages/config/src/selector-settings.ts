import { DEFAULT_METERING_DB_URL } from './resolve-settings';
import { createSettingsReader, type Environment } from './settings-reader';

export type SelectorSettings = {
  /** False when `ENABLE_OPENROUTER_SELECTION=false`: OpenRouter marketplace models are hidden. */
  includeMarketplace: boolean;
  /** `CCP_CATALOG_FILE`: a model catalog to use instead of the shipped one. */
  catalogFile: string | undefined;
  /** Where `fetch-models` looks: `CCP_OPENROUTER_MODELS_URL`, `OLLAMA_URL`, `LMSTUDIO_URL`. */
  openRouterModelsUrl: string | undefined;
  openRouterApiKey: string | undefined;
  ollamaUrl: string | undefined;
  lmStudioUrl: string | undefined;
  /** The proxy's metering store (`METERING_DB_URL`, `METERING_DB_AUTH_TOKEN`), read for usage recommendations. */
  metering: { url: string; authToken: string | undefined };
};

/**
 * Reads the selector's own settings. The model and reasoning settings it edits are not checked
 * here: the selector must open a `.env` that holds a bad value, so it can be fixed. Throws a
 * {@link SettingsError} naming each bad variable.
 *
 * @example
 * resolveSelectorSettings({ ENABLE_OPENROUTER_SELECTION: 'false' }).includeMarketplace // false
 */
export function resolveSelectorSettings(env: Environment): SelectorSettings {
  const read = createSettingsReader(env, 'selector');
  const settings: SelectorSettings = {
    includeMarketplace: read.boolean('ENABLE_OPENROUTER_SELECTION') ?? true,
    catalogFile: read.text('CCP_CATALOG_FILE'),
    openRouterModelsUrl: read.url('CCP_OPENROUTER_MODELS_URL'),
    openRouterApiKey: read.text('OPENROUTER_API_KEY'),
    ollamaUrl: read.url('OLLAMA_URL'),
    lmStudioUrl: read.url('LMSTUDIO_URL'),
    metering: {
      url: read.text('METERING_DB_URL') ?? DEFAULT_METERING_DB_URL,
      authToken: read.text('METERING_DB_AUTH_TOKEN'),
    },
  };
  read.throwIfInvalid();
  return settings;
}
