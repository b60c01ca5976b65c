import type { Environment } from './settings-reader';

type FlagDefinition = {
  type: 'string' | 'boolean';
  description: string;
  /** The variable the flag sets; a flag wins over `.env`, the environment and a mode. */
  variable?: string;
};

/**
 * Every command-line flag of the ccp apps that sets a setting, described once. The apps build
 * their citty `args` from it with {@link flagArguments}, and turn the parsed values into
 * settings with {@link environmentFromFlags}.
 */
export const SETTING_FLAGS = {
  'env-file': { type: 'string', description: 'Settings file (default ./.env)' },
  host: { type: 'string', variable: 'HOST', description: 'Address to bind (default 127.0.0.1)' },
  port: { type: 'string', variable: 'PORT', description: 'Port to listen on (default 8082)' },
  'big-model': { type: 'string', variable: 'BIG_MODEL', description: 'Model for opus requests' },
  'middle-model': { type: 'string', variable: 'MIDDLE_MODEL', description: 'Model for sonnet requests' },
  'small-model': { type: 'string', variable: 'SMALL_MODEL', description: 'Model for haiku requests' },
  'reasoning-effort': {
    type: 'string',
    variable: 'REASONING_EFFORT',
    description: 'low | medium | high | none',
  },
  'reasoning-max-tokens': {
    type: 'string',
    variable: 'REASONING_MAX_TOKENS',
    description: 'Exact reasoning budget, 1024–32000',
  },
  verbosity: { type: 'string', variable: 'VERBOSITY', description: 'high | default' },
  'log-level': { type: 'string', variable: 'LOG_LEVEL', description: 'debug | info | warn | error' },
  dashboard: {
    type: 'boolean',
    variable: 'ENABLE_DASHBOARD',
    description: 'Show the terminal dashboard in this terminal',
  },
  catalog: {
    type: 'string',
    variable: 'CCP_CATALOG_FILE',
    description: 'Model catalog JSON (default: the shipped models/openrouter_models.json)',
  },
  'modes-file': {
    type: 'string',
    variable: 'CCP_MODES_FILE',
    description: 'Modes file (default <CCP_HOME or ~/.ccp>/modes.json)',
  },
  'openrouter-url': {
    type: 'string',
    variable: 'CCP_OPENROUTER_MODELS_URL',
    description: 'OpenRouter models URL (default https://openrouter.ai/api/v1/models)',
  },
  'ollama-url': {
    type: 'string',
    variable: 'OLLAMA_URL',
    description: 'Ollama server (default http://localhost:11434)',
  },
  'lmstudio-url': {
    type: 'string',
    variable: 'LMSTUDIO_URL',
    description: 'LM Studio server (default http://localhost:1234)',
  },
  url: {
    type: 'string',
    variable: 'CCP_FEED_URL',
    description:
      'The proxy to watch: ws://127.0.0.1:PORT/feed, http://HOST:PORT or just the port (default ws://127.0.0.1:8082/feed)',
  },
  'api-key': {
    type: 'string',
    variable: 'PROXY_AUTH_KEY',
    description: 'Proxy key for a proxy not on loopback',
  },
  modules: {
    type: 'string',
    variable: 'DASHBOARD_MODULES',
    description: 'Edge modules, e.g. "performance:dense,activity:sparse" (default: all four from 160×45)',
  },
  layout: { type: 'string', variable: 'DASHBOARD_LAYOUT', description: 'default | compact | detailed' },
  refresh: {
    type: 'string',
    variable: 'DASHBOARD_REFRESH',
    description: 'Redraw interval in seconds, e.g. 0.5 (default 0.25)',
  },
  'waterfall-size': {
    type: 'string',
    variable: 'DASHBOARD_WATERFALL_SIZE',
    description: 'Requests in the waterfall (default 10, 20 in the detailed layout)',
  },
} as const satisfies Record<string, FlagDefinition>;

export type SettingFlagName = keyof typeof SETTING_FLAGS;

type FlagArguments<Name extends SettingFlagName> = {
  [Flag in Name]: { type: (typeof SETTING_FLAGS)[Flag]['type']; description: string };
};

/**
 * citty `args` for the named flags, each description ending with the variable it sets.
 *
 * @example
 * defineCommand({ args: { ...flagArguments('port', 'big-model') }, run({ args }) { … } });
 * // --port  Port to listen on (default 8082) (PORT)
 */
export function flagArguments<const Name extends SettingFlagName>(...names: Name[]): FlagArguments<Name> {
  const args: Partial<Record<SettingFlagName, { type: 'string' | 'boolean'; description: string }>> = {};
  for (const name of names) {
    const flag: FlagDefinition = SETTING_FLAGS[name];
    args[name] = {
      type: flag.type,
      description: flag.variable ? `${flag.description} (${flag.variable})` : flag.description,
    };
  }
  return args as FlagArguments<Name>;
}

/**
 * The settings the given flags set, from citty's parsed `args`: a non-empty string as it is, a
 * boolean flag that is on as `true`. Flags not given set nothing.
 *
 * @example
 * environmentFromFlags({ port: '9000', dashboard: true }, ['port', 'dashboard'])
 * // { PORT: '9000', ENABLE_DASHBOARD: 'true' }
 */
export function environmentFromFlags(
  values: Readonly<Record<string, unknown>>,
  names: readonly SettingFlagName[],
): Environment {
  const environment: Environment = {};
  for (const name of names) {
    const flag: FlagDefinition = SETTING_FLAGS[name];
    if (!flag.variable) continue;
    const value = values[name];
    if (typeof value === 'string' && value !== '') environment[flag.variable] = value;
    else if (value === true) environment[flag.variable] = 'true';
  }
  return environment;
}
