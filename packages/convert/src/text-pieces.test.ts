import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forEachTextPiece } from './text-pieces';

/** The o200k_base pre-tokenizer pattern (inline `(?i:)` spelled out for Node 20). */
const o200kPattern =
  /[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'[sStTmMdD]|'[rR][eE]|'[vV][eE]|'[lL][lL])?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:'[sStTmMdD]|'[rR][eE]|'[vV][eE]|'[lL][lL])?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

function scannerPieces(text: string): string[] {
  const pieces: string[] = [];
  forEachTextPiece(text, (start, end) => pieces.push(text.slice(start, end)));
  return pieces;
}

const samplesFolder = new URL('./__fixtures__/token-samples/', import.meta.url);
const samples = readdirSync(samplesFolder).map((name) => [
  name,
  readFileSync(new URL(name, samplesFolder), 'utf8'),
]);

describe('forEachTextPiece', () => {
  it.each([
    ...samples,
    ['contractions', "I'm sure they'll say it's fine, we've been told you'd LIKE it. DON'T"],
    ['case changes', 'convertAnthropicRequestToOpenAI XMLHttpRequest HTTPServer iOS'],
    ['spaces', 'a  b   \n\n  c\t\td  \r\n  '],
    ['trailing spaces', 'end   '],
    ['symbols', '({[]}) => x !== y; // comment\n/* block */ a/b//c'],
    ['digits', '1234567 3.14159 1e10 ١٢٣'],
    ['emoji and marks', 'café naïve 🚀🎉 e\u0301 👩‍💻'],
    ['lone surrogate', 'a\ud800b'],
  ])('splits %s exactly like the o200k pattern', (_name, text) => {
    expect(scannerPieces(text as string)).toEqual((text as string).match(o200kPattern) ?? []);
  });

  it('reports kinds and ASCII-ness', () => {
    const seen: Array<[string, string, boolean]> = [];
    forEachTextPiece('Hi 42 ;) été\n', (start, end, kind, ascii) =>
      seen.push(['Hi 42 ;) été\n'.slice(start, end), kind, ascii]),
    );
    expect(seen).toEqual([
      ['Hi', 'word', true],
      [' ', 'space', true],
      ['42', 'number', true],
      [' ;)', 'symbols', true],
      [' été', 'word', false],
      ['\n', 'space', true],
    ]);
  });
});
