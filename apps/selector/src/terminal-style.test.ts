import { describe, expect, it } from 'vitest';
import { createTerminalStyle, shouldUseColor } from './terminal-style';

describe('terminal colour', () => {
  it('is on for terminals unless NO_COLOR or TERM=dumb; FORCE_COLOR turns it on', () => {
    expect(shouldUseColor({ isTerminal: true, env: {} })).toBe(true);
    expect(shouldUseColor({ isTerminal: false, env: {} })).toBe(false);
    expect(shouldUseColor({ isTerminal: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(shouldUseColor({ isTerminal: true, env: { TERM: 'dumb' } })).toBe(false);
    expect(shouldUseColor({ isTerminal: false, env: { FORCE_COLOR: '1' } })).toBe(true);
  });

  it('adds escapes only when enabled', () => {
    expect(createTerminalStyle(false).red('x')).toBe('x');
    expect(createTerminalStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(createTerminalStyle(false).header('Title')).toBe('== Title ==');
  });
});
