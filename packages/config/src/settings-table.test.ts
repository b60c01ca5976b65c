import { describe, expect, it } from 'vitest';
import { resolveDashboardSettings } from './dashboard-settings';
import { resolveLoggingSettings } from './logging-settings';
import { resolvePromptInjectionSettings } from './prompt-injection-settings';
import { resolveSettings } from './resolve-settings';
import { resolveRoutingSettings } from './routing-settings';
import { resolveSelectorSettings } from './selector-settings';
import { SETTINGS, type SettingGroup, type SettingType } from './setting-definitions';
import { formatSettingsError, SettingsError } from './settings-error';
import { createSettingsReader, type Environment } from './settings-reader';

const resolvers: Record<SettingGroup, (environment: Environment) => unknown> = {
  core: (environment) => resolveSettings(environment),
  routing: (environment) => resolveRoutingSettings(environment),
  'prompt-injection': (environment) => resolvePromptInjectionSettings(environment),
  logging: (environment) => resolveLoggingSettings(environment, { isTerminal: true }),
  dashboard: (environment) => resolveDashboardSettings(environment, { isTerminal: true }),
  selector: (environment) => resolveSelectorSettings(environment),
};

/** Values the type cannot accept; none for text, which accepts anything. */
function garbageFor(type: SettingType): string[] {
  switch (type.kind) {
    case 'text':
      return [];
    case 'boolean':
      return ['maybe', '2'];
    case 'integer':
      return ['12abc', '1.5', String(type.max + 1)];
    case 'seconds':
      return ['soon', '-1', String(type.max + 1)];
    case 'url':
      return ['not a url', 'ftp://example.com'];
    case 'choice':
    case 'choice-list':
    case 'module-list':
      return ['bogus'];
    case 'route-target':
    case 'route-target-list':
      return ['a,b,c', 'nowhere,model'];
    case 'feed-url':
      return ['ws://[bad'];
  }
}

/** A family such as ENDPOINT_<NAME>_URL stands for ENDPOINT_EXAMPLE_URL here. */
const concrete = (name: string) => name.replace('<NAME>', 'EXAMPLE');
/** Valid companions, so a family member is read at all (a named endpoint's key needs its URL). */
const baseline: Environment = { ENDPOINT_EXAMPLE_URL: 'https://example.test/v1' };

const cases = SETTINGS.flatMap((definition) =>
  definition.readBy.flatMap((group) =>
    garbageFor(definition.type).map((garbage) => ({ group, definition, garbage })),
  ),
);

describe('every setting of the settings table', () => {
  it.each(Object.keys(resolvers) as SettingGroup[])('resolves the baseline in the %s resolver', (group) => {
    expect(() => resolvers[group](baseline)).not.toThrow();
  });

  it('has values to test in every resolver', () => {
    for (const group of Object.keys(resolvers))
      expect(
        cases.some((test) => test.group === group),
        group,
      ).toBe(true);
  });

  it.each(cases.map((test) => [test.group, concrete(test.definition.name), test.garbage, test] as const))(
    'the %s resolver refuses %s=%j in the one friendly form',
    (group, variable, garbage, { definition }) => {
      let caught: unknown;
      try {
        resolvers[group]({ ...baseline, [variable]: garbage });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SettingsError);
      const text = formatSettingsError(caught as SettingsError);
      expect(text.startsWith('Invalid ccp settings:\n')).toBe(true);
      const shown = definition.secret ? '<hidden>' : JSON.stringify(garbage);
      expect(text).toMatch(new RegExp(`\\n  ${escapeRegExp(`${variable}=${shown}: `)}\\S`));
      expect(text).not.toMatch(/\n\s+at /);
    },
  );

  it('cannot be bypassed: a resolver reading a variable the table does not give it is a bug', () => {
    expect(() => createSettingsReader({}, 'core').text('NOT_A_SETTING')).toThrow(/settings table/);
    expect(() => createSettingsReader({}, 'selector').integer('PORT')).toThrow(/settings table/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
