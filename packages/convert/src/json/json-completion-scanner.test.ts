import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonCompletionScanner } from './json-completion-scanner';

function readGrowing(pieces: string[]): boolean[] {
  const scanner = new JsonCompletionScanner();
  let text = '';
  return pieces.map((piece) => {
    text += piece;
    return scanner.read(text);
  });
}

describe('JsonCompletionScanner', () => {
  it('is complete only once the outer object closes', () => {
    expect(readGrowing(['{"a":', '[1,{"b":2}', ']', '}'])).toEqual([false, false, false, true]);
  });

  it('ignores braces and escaped quotes inside strings', () => {
    expect(readGrowing(['{"a":"}{\\"', '}"', '}'])).toEqual([false, false, true]);
  });

  it('allows leading whitespace and arrays', () => {
    expect(readGrowing(['  \n[', '1]'])).toEqual([false, true]);
  });

  it('never calls a scalar or garbage complete', () => {
    expect(readGrowing(['"text"', ' more'])).toEqual([false, false]);
    expect(readGrowing(['x{}'])).toEqual([false]);
    expect(readGrowing(['', ''])).toEqual([false, false]);
  });

  it('reads pieces with extend() as read() reads the growing text', () => {
    const pieces = ['  {"a":', '"}{\\', '"', '",[1', ']', '} tail'];
    const extended = new JsonCompletionScanner();
    expect(pieces.map((piece) => extended.extend(piece))).toEqual(readGrowing(pieces));
    expect(extended.end).toBe(pieces.join('').indexOf(' tail'));
  });

  it('calls any JSON object or array complete exactly where JSON.parse ends it, however it is cut', () => {
    const containers = fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()));
    fc.assert(
      fc.property(containers, fc.array(fc.nat(), { maxLength: 8 }), (value, cuts) => {
        const json = JSON.stringify(value, null, cuts.length % 2 === 0 ? undefined : 1);
        const text = `${json} trailing`;
        const points = [...new Set(cuts.map((cut) => cut % text.length))].sort((a, b) => a - b);
        const pieces = [...points, text.length].map((end, index, ends) =>
          text.slice(ends[index - 1] ?? 0, end),
        );
        const scanner = new JsonCompletionScanner();
        const completeAfter = pieces.map((piece) => scanner.extend(piece));
        let consumed = 0;
        pieces.forEach((piece, index) => {
          consumed += piece.length;
          expect(completeAfter[index]).toBe(consumed >= json.length);
        });
        expect(scanner.end).toBe(json.length);
        expect(JSON.parse(text.slice(0, scanner.end))).toEqual(JSON.parse(json));
      }),
      { numRuns: 300 },
    );
  });
});
