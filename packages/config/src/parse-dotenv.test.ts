import { describe, expect, it } from 'vitest';
import { parseDotenv } from './parse-dotenv';

describe('parseDotenv', () => {
  it('reads plain, exported, quoted and commented values', () => {
    const text = [
      '# a comment',
      'BIG_MODEL=gpt-4o # trailing comment',
      'export SMALL_MODEL=gpt-4o-mini',
      'PROVIDER_BASE_URL="https://example.test/v1"',
      "QUOTED='a # not a comment'",
      'MULTI="line one\\nline two"',
      'EMPTY=',
      'not a line',
      '  SPACED = value  ',
    ].join('\n');
    expect(parseDotenv(text)).toEqual({
      BIG_MODEL: 'gpt-4o',
      SMALL_MODEL: 'gpt-4o-mini',
      PROVIDER_BASE_URL: 'https://example.test/v1',
      QUOTED: 'a # not a comment',
      MULTI: 'line one\nline two',
      EMPTY: '',
      SPACED: 'value',
    });
  });

  it('handles CRLF and values spanning lines inside quotes', () => {
    expect(parseDotenv('A=1\r\nB="x\ny"\r\nC=3')).toEqual({ A: '1', B: 'x\ny', C: '3' });
  });
});
