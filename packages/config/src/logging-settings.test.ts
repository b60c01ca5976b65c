import { describe, expect, it } from 'vitest';
import { resolveLoggingSettings } from './logging-settings';
import { problemsOf } from './testing/problems-of';

const terminal = { isTerminal: true };
const pipe = { isTerminal: false };

describe('resolveLoggingSettings', () => {
  it('colours a terminal by default and honours NO_COLOR, TERM=dumb and pipes', () => {
    expect(resolveLoggingSettings({}, terminal).color).toBe(true);
    expect(resolveLoggingSettings({ NO_COLOR: '1' }, terminal).color).toBe(false);
    expect(resolveLoggingSettings({ TERM: 'dumb' }, terminal).color).toBe(false);
    expect(resolveLoggingSettings({}, pipe).color).toBe(false);
  });

  it('reads LOG_LEVEL and COMPACT_LOGGER, defaulting to info and full lines', () => {
    expect(resolveLoggingSettings({ LOG_LEVEL: 'debug', COMPACT_LOGGER: 'true' }, terminal)).toMatchObject({
      level: 'debug',
      compact: true,
    });
    expect(resolveLoggingSettings({}, terminal)).toMatchObject({ level: 'info', compact: false });
  });

  it.each(['warning', 'WARNING', 'WARN', 'warn', ' Warning '])('accepts LOG_LEVEL=%s as warn', (level) => {
    expect(resolveLoggingSettings({ LOG_LEVEL: level }, terminal).level).toBe('warn');
  });

  it('refuses an unknown level, naming the accepted ones', () => {
    expect(
      problemsOf(() => resolveLoggingSettings({ LOG_LEVEL: 'loud', COMPACT_LOGGER: 'maybe' }, pipe)),
    ).toEqual([
      'LOG_LEVEL="loud": expected one of debug, info, warn, error (or warning for warn)',
      'COMPACT_LOGGER="maybe": expected true or false',
    ]);
  });
});
