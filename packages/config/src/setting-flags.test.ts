import { describe, expect, it } from 'vitest';
import { findSettingDefinition } from './setting-definitions';
import { environmentFromFlags, flagArguments, SETTING_FLAGS, type SettingFlagName } from './setting-flags';

describe('the flag table', () => {
  it('sets only variables of the settings table', () => {
    for (const [name, flag] of Object.entries(SETTING_FLAGS)) {
      if ('variable' in flag) expect(findSettingDefinition(flag.variable), name).toBeDefined();
    }
  });

  it('builds citty args whose descriptions name the variable', () => {
    expect(flagArguments('port', 'dashboard', 'env-file')).toEqual({
      port: { type: 'string', description: 'Port to listen on (default 8082) (PORT)' },
      dashboard: {
        type: 'boolean',
        description: 'Show the terminal dashboard in this terminal (ENABLE_DASHBOARD)',
      },
      'env-file': { type: 'string', description: 'Settings file (default ./.env)' },
    });
  });

  it('turns parsed flags into the variables they set, skipping flags not given', () => {
    const names: SettingFlagName[] = ['port', 'big-model', 'dashboard', 'refresh', 'env-file', 'host'];
    expect(
      environmentFromFlags(
        {
          port: '9000',
          'big-model': 'gpt-5',
          dashboard: true,
          refresh: '',
          'env-file': 'x.env',
          host: undefined,
        },
        names,
      ),
    ).toEqual({ PORT: '9000', BIG_MODEL: 'gpt-5', ENABLE_DASHBOARD: 'true' });
    expect(environmentFromFlags({ dashboard: false }, ['dashboard'])).toEqual({});
  });
});
