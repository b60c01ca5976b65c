import { describe, expect, it } from 'vitest';
import {
  collectSettings,
  formatSettingsError,
  SETTINGS_ERROR_EXIT_CODE,
  SettingsError,
} from './settings-error';

describe('SettingsError', () => {
  it('prints a heading and one line per problem, then the hint', () => {
    const error = new SettingsError([
      { variable: 'PORT', value: 'eighty', expected: 'expected a whole number from 0 to 65535' },
      { variable: 'ENABLE_BIG_ENDPOINT', value: 'true', expected: 'expected BIG_ENDPOINT to be set as well' },
    ]);
    expect(formatSettingsError(error, { hint: 'Fix them in ./.env, then start again.' })).toBe(
      [
        'Invalid ccp settings:',
        '  PORT="eighty": expected a whole number from 0 to 65535',
        '  ENABLE_BIG_ENDPOINT="true": expected BIG_ENDPOINT to be set as well',
        'Fix them in ./.env, then start again.',
        '',
      ].join('\n'),
    );
    expect(error.message).toBe(formatSettingsError(error).trimEnd());
    expect(SETTINGS_ERROR_EXIT_CODE).toBe(2);
  });

  it.each([
    'PROVIDER_API_KEY',
    'ENDPOINT_OPENROUTER_API_KEY',
    'METERING_DB_AUTH_TOKEN',
    'CUSTOM_HEADER_X_TITLE',
    'SOME_FUTURE_SECRET',
  ])('never shows the value of %s', (variable) => {
    const error = new SettingsError([
      { variable, value: 'sk-live-123456', expected: 'expected something else' },
    ]);
    expect(error.message).not.toContain('sk-live-123456');
    expect(error.message).toContain(`${variable}=<hidden>: expected something else`);
    expect(error.problems[0]?.value).toBe('<hidden>');
  });
});

describe('collectSettings', () => {
  it('returns every result by name', () => {
    expect(collectSettings({ one: () => 1, two: () => 'two' })).toEqual({ one: 1, two: 'two' });
  });

  it('throws one error with the problems of every resolver, each once', () => {
    const shared = { variable: 'PORT', value: 'x', expected: 'expected a port' };
    let caught: unknown;
    try {
      collectSettings({
        first: () => {
          throw new SettingsError([shared, { variable: 'A', value: '1', expected: 'expected a' }]);
        },
        fine: () => 3,
        second: () => {
          throw new SettingsError([shared, { variable: 'B', value: '2', expected: 'expected b' }]);
        },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    expect((caught as SettingsError).problems.map((problem) => problem.variable)).toEqual(['PORT', 'A', 'B']);
  });

  it('lets other errors through', () => {
    expect(() =>
      collectSettings({
        broken: () => {
          throw new TypeError('bug');
        },
      }),
    ).toThrow(TypeError);
  });
});
