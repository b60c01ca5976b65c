import { describe, expect, it } from 'vitest';
import { escapeTags, fitLine, paint, padLine, stripTags, tagsToAnsi, visibleLength } from './color-tags';
import { sessionColor, sessionLabel } from './session-colors';

describe('colour tags', () => {
  it('paints only when enabled', () => {
    expect(paint('ok', 'green', true)).toBe('{green-fg}ok{/green-fg}');
    expect(paint('ok', 'green', false)).toBe('ok');
  });

  it('measures and strips tags, keeping escaped braces', () => {
    const line = `${paint('ab', 'red', true)}${escapeTags('{x}', true)}`;
    expect(stripTags(line)).toBe('ab{x}');
    expect(visibleLength(line)).toBe(5);
    expect(padLine(line, 7)).toBe(`${line}  `);
  });

  it('cuts tagged lines to the width and resets colours after a cut', () => {
    const line = `${paint('abcdef', 'red', true)}ghij`;
    const fitted = fitLine(line, 5);
    expect(stripTags(fitted)).toBe('abcd…');
    expect(fitted.endsWith('{/}')).toBe(true);
    expect(fitLine('short', 10)).toBe('short');
    expect(fitLine('plain text', 6)).toBe('plain…');
  });

  it('converts tags to ANSI or strips them', () => {
    expect(tagsToAnsi('{red-fg}x{/red-fg}', true)).toBe('\x1b[31mx\x1b[39m');
    expect(tagsToAnsi('{bold}x{/bold}{/}', true)).toBe('\x1b[1mx\x1b[22m\x1b[0m');
    expect(tagsToAnsi('{red-fg}x{/red-fg}{open}', false)).toBe('x{');
  });
});

describe('session colours', () => {
  it('gives the same session the same colour, and no session gray', () => {
    expect(sessionColor('abc')).toBe(sessionColor('abc'));
    expect(sessionColor(null)).toBe('gray');
    const colors = new Set(Array.from({ length: 40 }, (_, index) => sessionColor(`session-${index}`)));
    expect(colors.size).toBeGreaterThan(3);
    expect(sessionLabel('5f0c1d2e-aaaa')).toBe('5f0c1d');
    expect(sessionLabel(null)).toBe('—');
  });
});
