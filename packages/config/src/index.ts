export { parseDotenv } from './parse-dotenv';
export {
  DEFAULT_METERING_DB_URL,
  type Environment,
  LMSTUDIO_BASE_URL,
  OLLAMA_BASE_URL,
  OPENAI_BASE_URL,
  resolveSettings,
} from './resolve-settings';
export * from './routing-settings';
export * from './prompt-injection-settings';
export * from './logging-settings';
export * from './dashboard-settings';
export { toFeedUrl } from './feed-url';
export * from './selector-settings';
export * from './settings-types';
export {
  collectSettings,
  describeSettingsProblem,
  formatSettingsError,
  SETTINGS_ERROR_EXIT_CODE,
  SettingsError,
  type SettingsProblem,
} from './settings-error';
export {
  expectedValue,
  findSettingDefinition,
  isSecretSetting,
  SETTINGS,
  type SettingDefinition,
  type SettingGroup,
  type SettingType,
} from './setting-definitions';
export { layerEnvironment, type SettingLayers, type SettingOrigin, settingOrigin } from './layer-environment';
export { environmentFromFlags, flagArguments, SETTING_FLAGS, type SettingFlagName } from './setting-flags';
export { colorAllowed, usagePrinter } from './cli-usage';
