import { describe, expect, it } from 'vitest';
import { splitText } from './split-text';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('splitText', () => {
  it('splits into fragments of the given size that join back to the text', () => {
    expect(splitText('hello world', 4)).toEqual(['hell', 'o wo', 'rld']);
    expect(splitText('', 4)).toEqual([]);
  });

  it('never cuts a surrogate pair', () => {
    const text = 'ab😀cd🎉🎉e';
    for (const size of [1, 2, 3, 4]) {
      const fragments = splitText(text, size);
      expect(fragments.join('')).toBe(text);
      for (const fragment of fragments) {
        expect(fragment).not.toMatch(loneSurrogate);
      }
    }
  });
});
