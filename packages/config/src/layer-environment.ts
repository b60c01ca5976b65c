import type { Environment } from './settings-reader';

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
  for (const layer of [layers.dotenv, layers.environment, layers.mode, layers.flags]) {
    for (const [name, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) merged[name] = value;
    }
  }
  return merged;
}
