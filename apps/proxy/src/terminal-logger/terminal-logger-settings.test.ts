import { describe, expect, it } from 'vitest';
import { terminalLoggerOptionsFromEnvironment } from './terminal-logger-settings';

const tty = {
  isTTY: true,
  written: '',
  write(text: string) {
    this.written += text;
  },
};
const pipe = { isTTY: false, write: () => true };

describe('terminalLoggerOptionsFromEnvironment', () => {
  it('colours a TTY by default and honours NO_COLOR, TERM=dumb and pipes', () => {
    expect(terminalLoggerOptionsFromEnvironment({}, tty).options.color).toBe(true);
    expect(terminalLoggerOptionsFromEnvironment({ NO_COLOR: '1' }, tty).options.color).toBe(false);
    expect(terminalLoggerOptionsFromEnvironment({ TERM: 'dumb' }, tty).options.color).toBe(false);
    expect(terminalLoggerOptionsFromEnvironment({}, pipe).options.color).toBe(false);
  });

  it('reads LOG_LEVEL and COMPACT_LOGGER, warning about unknown levels', () => {
    const { options } = terminalLoggerOptionsFromEnvironment(
      { LOG_LEVEL: 'WARNING', COMPACT_LOGGER: 'true' },
      tty,
    );
    expect(options).toMatchObject({ level: 'warn', compact: true });
    const unknown = terminalLoggerOptionsFromEnvironment({ LOG_LEVEL: 'loud' }, tty);
    expect(unknown.options.level).toBe('info');
    expect(unknown.warnings[0]).toContain('LOG_LEVEL "loud" is unknown');
    expect(terminalLoggerOptionsFromEnvironment({}, tty).options).toMatchObject({
      level: 'info',
      compact: false,
    });
  });

  it('writes lines to the stream', () => {
    terminalLoggerOptionsFromEnvironment({}, tty).options.write('hello');
    expect(tty.written).toBe('hello\n');
  });
});
