import {
  type Catalog,
  MODE_SETTING_NAMES,
  type ModeSettingName,
  type ModeSettings,
  OPENROUTER_ENDPOINT,
} from '@ccp/catalog';

export type Tier = 'big' | 'middle' | 'small';
export const TIERS: readonly Tier[] = ['big', 'middle', 'small'];
export const TIER_KEYS: Record<Tier, 'BIG_MODEL' | 'MIDDLE_MODEL' | 'SMALL_MODEL'> = {
  big: 'BIG_MODEL',
  middle: 'MIDDLE_MODEL',
  small: 'SMALL_MODEL',
};

/** Reasoning keys a template or mode replaces as a whole (so stale values do not linger). */
export const REASONING_KEYS: readonly ModeSettingName[] = [
  'REASONING_EFFORT',
  'REASONING_MAX_TOKENS',
  'REASONING_EXCLUDE',
  'VERBOSITY',
];

/** The managed settings found in an environment. */
export function selectionFromEnvironment(environment: Record<string, string | undefined>): ModeSettings {
  const selection: ModeSettings = {};
  for (const key of MODE_SETTING_NAMES) {
    const value = environment[key];
    if (value !== undefined && value !== '') selection[key] = value;
  }
  return selection;
}

/** A template or mode applied over the current selection: its values win and reasoning keys it lacks are cleared. */
export function applySettings(selection: ModeSettings, settings: ModeSettings): ModeSettings {
  const next: ModeSettings = { ...selection };
  for (const key of REASONING_KEYS) delete next[key];
  return { ...next, ...settings };
}

/** Picks a model for a tier; a marketplace model with no base URL set points PROVIDER_BASE_URL at OpenRouter. */
export function selectModel(
  selection: ModeSettings,
  tier: Tier,
  modelId: string,
  catalog: Catalog,
): ModeSettings {
  const next: ModeSettings = { ...selection, [TIER_KEYS[tier]]: modelId };
  const model = catalog.findModel(modelId);
  if (model?.source === 'openrouter' && !next.PROVIDER_BASE_URL) next.PROVIDER_BASE_URL = OPENROUTER_ENDPOINT;
  return next;
}

/**
 * What "save and apply" writes to .env: every selected setting, and the reasoning keys
 * that are no longer selected as `undefined` (commented out).
 */
export function environmentUpdates(selection: ModeSettings): Record<string, string | undefined> {
  const updates: Record<string, string | undefined> = {};
  // In MODE_SETTING_NAMES order, so appended lines come out grouped and stable.
  for (const key of MODE_SETTING_NAMES) {
    if (key in selection) updates[key] = selection[key];
    else if (REASONING_KEYS.includes(key)) updates[key] = undefined;
  }
  return updates;
}

/** Problems worth showing next to a selection (unknown models, base URL mismatch). */
export function selectionWarnings(selection: ModeSettings, catalog: Catalog): string[] {
  const warnings: string[] = [];
  for (const tier of TIERS) {
    const id = selection[TIER_KEYS[tier]];
    if (!id) continue;
    const model = catalog.findModel(id);
    if (!model) {
      warnings.push(
        `${tier.toUpperCase()} model ${id} is not in the catalog (a custom id is fine if your provider serves it).`,
      );
    } else if (
      model.source === 'openrouter' &&
      selection.PROVIDER_BASE_URL &&
      !selection.PROVIDER_BASE_URL.includes('openrouter.ai')
    ) {
      warnings.push(
        `${tier.toUpperCase()} model ${id} is an OpenRouter model but PROVIDER_BASE_URL is ${selection.PROVIDER_BASE_URL}.`,
      );
    }
  }
  return warnings;
}
