export { parseDotenv } from './parse-dotenv';
export {
  type Environment,
  LMSTUDIO_BASE_URL,
  OLLAMA_BASE_URL,
  OPENAI_BASE_URL,
  resolveSettings,
} from './resolve-settings';
export { SettingsError } from './settings-error';
export * from './settings-types';
export * from './routing-settings';
export {
  defaultPromptInjectionSettings,
  promptInjectionPlacements,
  resolvePromptInjectionSettings,
  type PromptInjectionPlacement,
  type PromptInjectionSettings,
} from './prompt-injection-settings';
