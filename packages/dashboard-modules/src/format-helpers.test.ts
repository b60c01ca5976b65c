import { describe, expect, it } from 'vitest';
import {
  formatCost,
  formatDuration,
  formatPercent,
  formatTokens,
  formatTokensPerSecond,
  renderBar,
  shortModelName,
  tokensPerSecond,
  truncate,
} from './format-helpers';

describe('format helpers', () => {
  it('formats durations', () => {
    expect(formatDuration(420)).toBe('420ms');
    expect(formatDuration(3240)).toBe('3.2s');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(null)).toBe('—');
  });

  it('formats costs with enough precision for small requests', () => {
    expect(formatCost(0.01234)).toBe('$0.0123');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatCost(0.00001)).toBe('<$0.0001');
    expect(formatCost(null)).toBe('—');
  });

  it('formats tokens and rates', () => {
    expect(formatTokens(512)).toBe('512');
    expect(formatTokens(45_200)).toBe('45.2K');
    expect(formatTokens(1_200_000)).toBe('1.2M');
    expect(tokensPerSecond(100, 2000)).toBe(50);
    expect(tokensPerSecond(100, 0)).toBeNull();
    expect(formatTokensPerSecond(52.34)).toBe('52.3 tok/s');
    expect(formatTokensPerSecond(null)).toBe('— tok/s');
    expect(formatPercent(0.917)).toBe('91.7%');
  });

  it('draws proportional, clamped bars', () => {
    expect(renderBar(1, 4, 8)).toBe('██░░░░░░');
    expect(renderBar(10, 4, 4)).toBe('████');
    expect(renderBar(3, null, 4)).toBe('░░░░');
    expect(renderBar(1, 2, 0)).toBe('');
  });

  it('truncates and shortens names', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(shortModelName('claude-sonnet-4-6')).toBe('sonnet-4-6');
    expect(shortModelName('gpt-5.1')).toBe('gpt-5.1');
  });
});
