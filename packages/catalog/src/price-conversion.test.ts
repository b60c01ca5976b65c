import { describe, expect, it } from 'vitest';
import { perTokenToPerMillion } from './price-conversion';

describe('perTokenToPerMillion', () => {
  it.each([
    ['0.0000012', 1.2],
    ['0.0000000375', 0.0375],
    ['0.00001', 10],
    ['0.000000003', 0.003],
    ['0', 0],
    ['0.00015', 150],
    ['1', 1_000_000],
    ['1.5e-7', 0.15],
  ])('%s per token is %s per million', (input, expected) => {
    expect(perTokenToPerMillion(input)).toBe(expected);
  });

  it.each([['-1'], [''], [null], [undefined], ['abc']])('%s is no price', (input) => {
    expect(perTokenToPerMillion(input)).toBeNull();
  });
});
