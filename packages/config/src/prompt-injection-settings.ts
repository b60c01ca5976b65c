import type { PromptInjectionMode, PromptInjectionModule, PromptInjectionSize } from '@ccp/dashboard-modules';
import { promptInjectionPlacements } from './setting-definitions';
import { createSettingsReader, type Environment } from './settings-reader';

export { promptInjectionPlacements };
/**
 * Where the text goes: `system`, one extra system block after Claude Code's own;
 * `conversation-end`, a `<system-reminder>` block at the end of the last user turn, which keeps
 * the whole conversation prefix cacheable upstream.
 */
export type PromptInjectionPlacement = (typeof promptInjectionPlacements)[number];

export type PromptInjectionSettings = {
  enabled: boolean;
  modules: PromptInjectionModule[];
  size: PromptInjectionSize;
  mode: PromptInjectionMode;
  placement: PromptInjectionPlacement;
};

export const defaultPromptInjectionSettings: Readonly<PromptInjectionSettings> = {
  enabled: false,
  modules: ['status', 'performance'],
  size: 'medium',
  mode: 'auto',
  placement: 'system',
};

/**
 * Reads `PROMPT_INJECTION_ENABLED` (default false), `PROMPT_INJECTION_MODULES` (comma list of
 * status, performance, errors, models, or `all`; default status,performance),
 * `PROMPT_INJECTION_SIZE` (large | medium | small, default medium), `PROMPT_INJECTION_MODE`
 * (auto | always | header | manual, default auto) and `PROMPT_INJECTION_PLACEMENT` (system |
 * conversation-end, default system). Throws a {@link SettingsError} naming each bad variable.
 *
 * @example
 * resolvePromptInjectionSettings({ PROMPT_INJECTION_ENABLED: 'true', PROMPT_INJECTION_SIZE: 'small' })
 * // { enabled: true, modules: ['status', 'performance'], size: 'small', mode: 'auto', placement: 'system' }
 */
export function resolvePromptInjectionSettings(env: Environment): PromptInjectionSettings {
  const read = createSettingsReader(env, 'prompt-injection');
  const defaults = defaultPromptInjectionSettings;
  const settings: PromptInjectionSettings = {
    enabled: read.boolean('PROMPT_INJECTION_ENABLED') ?? defaults.enabled,
    modules: read.choiceList<PromptInjectionModule>('PROMPT_INJECTION_MODULES') ?? [...defaults.modules],
    size: read.choice<PromptInjectionSize>('PROMPT_INJECTION_SIZE') ?? defaults.size,
    mode: read.choice<PromptInjectionMode>('PROMPT_INJECTION_MODE') ?? defaults.mode,
    placement: read.choice<PromptInjectionPlacement>('PROMPT_INJECTION_PLACEMENT') ?? defaults.placement,
  };
  read.throwIfInvalid();
  return settings;
}
