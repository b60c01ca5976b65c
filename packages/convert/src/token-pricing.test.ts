import { describe, expect, it } from 'vitest';
import { estimateTextTokens } from './estimate-tokens';
import { estimateTextTokensQuickly } from './quick-token-estimate';
import {
  denseScriptTokens,
  digitTokens,
  estimateOutputTokensFromCharacters,
  symbolTokens,
  whitespaceTokens,
  wordTokens,
} from './token-pricing';

describe('token pricing', () => {
  it.each([
    ['a nine-letter word', 'abcdefghi', wordTokens(9), 1],
    ['a long word', 'abcdefghijklmnopqrstu', wordTokens(21), 4],
    ['a run of digits', '1234567', digitTokens(7), 3],
    ['a run of symbols', '=>=>=>=', symbolTokens(7), 3],
    ['a run of spaces', ' '.repeat(30), whitespaceTokens(30), 2],
    ['dense script', '漢字漢字漢字', denseScriptTokens(6), 5],
  ])('prices %s the same in the accurate and the quick estimate', (_name, text, priced, expected) => {
    expect(priced).toBe(expected);
    expect(estimateTextTokens(text)).toBe(expected);
    expect(estimateTextTokensQuickly(text)).toBe(expected);
  });

  it('counts streamed output at about four characters a token', () => {
    expect(estimateOutputTokensFromCharacters(0)).toBe(0);
    expect(estimateOutputTokensFromCharacters(13)).toBe(4);
    expect(estimateOutputTokensFromCharacters(400)).toBe(100);
  });
});
