import * as v from 'valibot';

/**
 * The environment variable names a mode or template may set: the same names the proxy reads.
 * API keys are deliberately absent so modes files and exports never hold secrets.
 */
export const MODE_SETTING_NAMES = [
  'PROVIDER_BASE_URL',
  'BIG_MODEL',
  'MIDDLE_MODEL',
  'SMALL_MODEL',
  'ENABLE_BIG_ENDPOINT',
  'BIG_ENDPOINT',
  'ENABLE_MIDDLE_ENDPOINT',
  'MIDDLE_ENDPOINT',
  'ENABLE_SMALL_ENDPOINT',
  'SMALL_ENDPOINT',
  'REASONING_EFFORT',
  'REASONING_MAX_TOKENS',
  'REASONING_EXCLUDE',
  'VERBOSITY',
  'ENABLE_OPENROUTER_SELECTION',
] as const;

export type ModeSettingName = (typeof MODE_SETTING_NAMES)[number];

/** Settings keyed by environment variable name, e.g. `{ BIG_MODEL: 'openai/gpt-4o', REASONING_EFFORT: 'high' }`. */
export type ModeSettings = Partial<Record<ModeSettingName, string>>;

export const ModeSettingsSchema = v.pipe(
  v.record(v.string(), v.string()),
  v.check(
    (record) => Object.keys(record).every((key) => (MODE_SETTING_NAMES as readonly string[]).includes(key)),
    `Settings may only use these names: ${MODE_SETTING_NAMES.join(', ')}`,
  ),
  v.transform((record) => record as ModeSettings),
);

// The values ccp-proxy accepts (REASONING_EFFORT: 'none' = off; VERBOSITY: high | default).
export const REASONING_EFFORT_VALUES = ['none', 'low', 'medium', 'high'] as const;
export const VERBOSITY_VALUES = ['high', 'default'] as const;

/**
 * Keeps only known setting names with non-empty values; reports the dropped names (API keys
 * and unknown variables) so callers can say why they were ignored.
 *
 * @example
 * pickModeSettings({ BIG_MODEL: 'x', PROVIDER_API_KEY: 'sk-…' }); // { settings: { BIG_MODEL: 'x' }, ignored: ['PROVIDER_API_KEY'] }
 */
export function pickModeSettings(values: Record<string, string | undefined>): {
  settings: ModeSettings;
  ignored: string[];
} {
  const settings: ModeSettings = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if ((MODE_SETTING_NAMES as readonly string[]).includes(key)) {
      if (value !== undefined && value !== '') settings[key as ModeSettingName] = value;
    } else {
      ignored.push(key);
    }
  }
  return { settings, ignored };
}
