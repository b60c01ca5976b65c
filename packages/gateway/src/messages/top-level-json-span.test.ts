import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topLevelValueSpan } from './top-level-json-span';

const valueAt = (text: string, key: string) => {
  const bytes = Buffer.from(text);
  const span = topLevelValueSpan(bytes, key);
  return span && bytes.toString('utf8', span.start, span.end);
};

describe('topLevelValueSpan', () => {
  it('finds the value of a top-level key, past strings full of brackets, quotes and escapes', () => {
    const text = `{ "messages": [{"content": "a \\"tools\\": [ ] } { \\\\", "input": {"tools": [1]}}],
      "tools" : [{"name": "Read", "input_schema": {"type": "object"}}] , "stream": true }`;
    expect(valueAt(text, 'tools')).toBe('[{"name": "Read", "input_schema": {"type": "object"}}]');
    expect(valueAt(text, 'stream')).toBe('true');
    expect(valueAt(text, 'input')).toBeUndefined();
  });

  it('gives up on what JSON.parse would read differently: duplicates, escaped keys, trailing text, non-objects', () => {
    for (const text of [
      '{"tools":[1],"tools":[2]}',
      '{"tool\\u0073":[1]}',
      '{"tools":[1]} x',
      '[{"tools":[1]}]',
      '{"tools":[1}',
      '{"a":"unterminated',
      '',
    ]) {
      expect(valueAt(text, 'tools')).toBeUndefined();
    }
  });

  it('agrees with JSON.parse on any object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue(), (record, tools) => {
        const text = JSON.stringify({ ...record, tools });
        const found = valueAt(text, 'tools');
        // Keys written with escapes are left to JSON.parse on purpose.
        const plainKeys = Object.keys(record).every((key) => JSON.stringify(key) === `"${key}"`);
        if (plainKeys) expect(found).toBeDefined();
        if (found !== undefined) expect(JSON.parse(found)).toEqual(JSON.parse(text).tools);
      }),
      { numRuns: 300 },
    );
  });
});
