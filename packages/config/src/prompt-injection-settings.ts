import {
  type PromptInjectionMode,
  type PromptInjectionModule,
  type PromptInjectionSize,
  promptInjectionModes,
  promptInjectionModules,
  promptInjectionSizes,
} from '@ccp/dashboard-modules';

export const promptInjectionPlacements = ['system', 'conversation-end'] as const;
/**
 * Where the text goes: `system`, one extra system block after Claude Code's own (the issue's
 * design); `conversation-end`, a `<system-reminder>` block at the end of the last user turn,
 * which keeps the whole conversation prefix cacheable upstream.
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

const trueWords = ['true', '1', 'yes', 'on'];
const falseWords = ['false', '0', 'no', 'off'];

function _isOneOf<Value extends string>(values: readonly Value[], candidate: string): candidate is Value {
  return (values as readonly string[]).includes(candidate);
}

/**
 * Reads `PROMPT_INJECTION_ENABLED` (default false), `PROMPT_INJECTION_MODULES` (comma list of
 * status, performance, errors, models, or `all`; default status,performance),
 * `PROMPT_INJECTION_SIZE` (large | medium | small, default medium) and `PROMPT_INJECTION_MODE`
 * (auto | always | header | manual, default auto) and `PROMPT_INJECTION_PLACEMENT` (system |
 * conversation-end, default system). An invalid value keeps that setting's default
 * and adds a problem that says what to write instead.
 *
 * @example
 * resolvePromptInjectionSettings({ PROMPT_INJECTION_ENABLED: 'true', PROMPT_INJECTION_SIZE: 'small' })
 * // { settings: { enabled: true, modules: ['status', 'performance'], size: 'small', mode: 'auto', placement: 'system' }, problems: [] }
 */
export function resolvePromptInjectionSettings(env: Record<string, string | undefined>): {
  settings: PromptInjectionSettings;
  problems: string[];
} {
  const problems: string[] = [];
  const settings: PromptInjectionSettings = {
    ...defaultPromptInjectionSettings,
    modules: [...defaultPromptInjectionSettings.modules],
  };
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const enabled = read('PROMPT_INJECTION_ENABLED');
  if (enabled !== undefined) {
    const word = enabled.toLowerCase();
    if (trueWords.includes(word)) settings.enabled = true;
    else if (falseWords.includes(word)) settings.enabled = false;
    else problems.push(`PROMPT_INJECTION_ENABLED must be true or false, got "${enabled}".`);
  }

  const modules = read('PROMPT_INJECTION_MODULES');
  if (modules !== undefined) {
    const names = modules
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    const unknown = names.filter((name) => name !== 'all' && !_isOneOf(promptInjectionModules, name));
    if (unknown.length > 0) {
      problems.push(
        `PROMPT_INJECTION_MODULES has unknown module${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')}: use a comma list of ${promptInjectionModules.join(', ')} (or all).`,
      );
    } else if (names.length === 0) {
      problems.push(
        `PROMPT_INJECTION_MODULES is empty: list at least one of ${promptInjectionModules.join(', ')}.`,
      );
    } else {
      settings.modules = names.includes('all')
        ? [...promptInjectionModules]
        : promptInjectionModules.filter((module) => names.includes(module));
    }
  }

  const size = read('PROMPT_INJECTION_SIZE');
  if (size !== undefined) {
    const word = size.toLowerCase();
    if (_isOneOf(promptInjectionSizes, word)) settings.size = word;
    else
      problems.push(
        `PROMPT_INJECTION_SIZE must be one of ${promptInjectionSizes.join(', ')}, got "${size}".`,
      );
  }

  const mode = read('PROMPT_INJECTION_MODE');
  if (mode !== undefined) {
    const word = mode.toLowerCase();
    if (_isOneOf(promptInjectionModes, word)) settings.mode = word;
    else
      problems.push(
        `PROMPT_INJECTION_MODE must be one of ${promptInjectionModes.join(', ')}, got "${mode}".`,
      );
  }

  const placement = read('PROMPT_INJECTION_PLACEMENT');
  if (placement !== undefined) {
    const word = placement.toLowerCase();
    if (_isOneOf(promptInjectionPlacements, word)) settings.placement = word;
    else {
      problems.push(
        `PROMPT_INJECTION_PLACEMENT must be one of ${promptInjectionPlacements.join(', ')}, got "${placement}".`,
      );
    }
  }

  return { settings, problems };
}
