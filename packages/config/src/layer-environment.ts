import { type Environment, nonEmpty } from './settings-reader';

/** The sources of settings, from weakest to strongest. */
export type SettingLayers = {
  /** Values read from the `.env` file. */
  dotenv?: Environment;
  /** The process environment. */
  environment?: Environment;
  /** A saved mode's settings (`--load-mode`). */
  mode?: Environment;
  /** The variables set by command-line flags (see {@link environmentFromFlags}). */
  flags?: Environment;
};

/**
 * Merges the sources of settings in their order of precedence: `.env` < process environment <
 * saved mode < command-line flags. A variable a layer leaves undefined keeps the weaker value;
 * one it sets, even to an empty string, replaces it.
 *
 * @example
 * layerEnvironment({
 *   dotenv: { BIG_MODEL: 'gpt-4o', PORT: '8082' },
 *   environment: { PORT: '9000' },
 *   mode: { BIG_MODEL: 'deepseek/deepseek-chat' },
 *   flags: { BIG_MODEL: 'gpt-5' },
 * }) // { BIG_MODEL: 'gpt-5', PORT: '9000' }
 */
export function layerEnvironment(layers: SettingLayers): Environment {
  const merged: Environment = {};
  for (const [layer] of LAYERS_WEAKEST_FIRST) {
    for (const [name, value] of Object.entries(layers[layer] ?? {})) {
      if (value !== undefined) merged[name] = value;
    }
  }
  return merged;
}

/** Where the value of a setting comes from: the layer that sets it, or the setting's default. */
export type SettingOrigin = '.env' | 'environment' | 'mode' | 'flag' | 'default';

const LAYERS_WEAKEST_FIRST: ReadonlyArray<[keyof SettingLayers, SettingOrigin]> = [
  ['dotenv', '.env'],
  ['environment', 'environment'],
  ['mode', 'mode'],
  ['flags', 'flag'],
];

/**
 * Which layer the value of `name` in {@link layerEnvironment}'s result comes from; `default` when
 * none sets it, or the winning layer sets it blank (which the resolvers read as not set).
 *
 * @example
 * settingOrigin({ dotenv: { BIG_MODEL: 'gpt-4o' }, environment: {} }, 'BIG_MODEL') // '.env'
 * settingOrigin({ dotenv: {} }, 'SMALL_MODEL') // 'default'
 */
export function settingOrigin(layers: SettingLayers, name: string): SettingOrigin {
  for (let index = LAYERS_WEAKEST_FIRST.length - 1; index >= 0; index -= 1) {
    const [layer, origin] = LAYERS_WEAKEST_FIRST[index] as [keyof SettingLayers, SettingOrigin];
    const value = layers[layer]?.[name];
    if (value !== undefined) return nonEmpty(value) === undefined ? 'default' : origin;
  }
  return 'default';
}
