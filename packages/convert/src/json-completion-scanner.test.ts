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
});
