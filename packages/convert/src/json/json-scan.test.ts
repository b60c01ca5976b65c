import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findTopLevelJsonMember,
  jsonContainerEnd,
  jsonContainerEndInBytes,
  jsonStringEnd,
  jsonStringEndInBytes,
  jsonValueEndInBytes,
} from './json-scan';

const encoder = new TextEncoder();
const containers = fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()));

describe('jsonStringEnd and jsonContainerEnd', () => {
  it('end a string where JSON.parse ends it, past escaped quotes and backslashes', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (value, after) => {
        const text = `${JSON.stringify(value)}${after}`;
        const end = JSON.stringify(value).length;
        expect(jsonStringEnd(text, 0)).toBe(end);
        expect(JSON.parse(text.slice(0, jsonStringEnd(text, 0)))).toBe(value);
        const bytes = encoder.encode(text);
        expect(jsonStringEndInBytes(bytes, 0)).toBe(encoder.encode(JSON.stringify(value)).length);
      }),
      { numRuns: 300 },
    );
  });

  it('close an object or array where JSON.parse closes it, whatever its strings hold', () => {
    fc.assert(
      fc.property(containers, fc.string(), (value, after) => {
        const json = JSON.stringify(value);
        const text = `x${json}${after}`;
        expect(jsonContainerEnd(text, 1)).toBe(1 + json.length);
        expect(JSON.parse(text.slice(1, jsonContainerEnd(text, 1)))).toEqual(JSON.parse(json));
        const bytes = encoder.encode(text);
        expect(jsonContainerEndInBytes(bytes, 1)).toBe(1 + encoder.encode(json).length);
      }),
      { numRuns: 300 },
    );
  });

  it('find no end in text cut short', () => {
    fc.assert(
      fc.property(containers, fc.nat(), (value, cut) => {
        const json = JSON.stringify(value);
        const text = json.slice(0, cut % json.length);
        expect(jsonContainerEnd(text, 0)).toBe(-1);
        expect(jsonContainerEndInBytes(encoder.encode(text), 0)).toBe(-1);
      }),
      { numRuns: 300 },
    );
    expect(jsonStringEnd('"abc\\"', 0)).toBe(-1);
    expect(jsonStringEnd('"abc\\\\"', 0)).toBe(7);
  });

  it('end a bare value at the comma, bracket or space after it', () => {
    const text = encoder.encode('[12.5e3,true ,null]');
    expect(jsonValueEndInBytes(text, 1)).toBe(7);
    expect(jsonValueEndInBytes(text, 8)).toBe(12);
    expect(jsonValueEndInBytes(text, 14)).toBe(18);
    expect(jsonValueEndInBytes(text, 18)).toBe(-1);
  });
});

const valueAt = (text: string, key: string) => {
  const bytes = Buffer.from(text);
  const span = findTopLevelJsonMember(bytes, key);
  return span && bytes.toString('utf8', span.start, span.end);
};

describe('findTopLevelJsonMember', () => {
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

  it('matches keys by their bytes, also outside ASCII', () => {
    expect(valueAt('{"clé":1,"cle":2}', 'clé')).toBe('1');
    expect(valueAt('{"clé":1,"cle":2}', 'cle')).toBe('2');
    // The key given as its UTF-8 bytes finds the same member.
    const bytes = Buffer.from('{"clé":1,"cle":2}');
    expect(findTopLevelJsonMember(bytes, Buffer.from('clé'))).toEqual(findTopLevelJsonMember(bytes, 'clé'));
    expect(findTopLevelJsonMember(bytes, Buffer.from('cle'))).toEqual({ start: 16, end: 17 });
  });

  it('skips a value the caller knows and finds the same span as a scan, for any object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue(), (record, tools) => {
        const bytes = Buffer.from(JSON.stringify({ ...record, tools }));
        const known = Buffer.from(JSON.stringify(tools));
        const asked: number[] = [];
        const knownValueEnd = (start: number) => {
          asked.push(start);
          return bytes.compare(known, 0, known.length, start, start + known.length) === 0
            ? start + known.length
            : -1;
        };
        const scanned = findTopLevelJsonMember(bytes, 'tools');
        expect(findTopLevelJsonMember(bytes, 'tools', knownValueEnd)).toEqual(scanned);
        if (scanned) expect(asked).toEqual([scanned.start]);
      }),
      { numRuns: 300 },
    );
  });

  it('still gives up on a duplicate key or broken text after a known value', () => {
    const known = Buffer.from('[1]');
    for (const text of ['{"tools":[1],"tools":[2]}', '{"tools":[1],"a":}', '{"tools":[1]} x']) {
      const bytes = Buffer.from(text);
      const knownValueEnd = (start: number) =>
        bytes.compare(known, 0, known.length, start, start + known.length) === 0 ? start + known.length : -1;
      expect(findTopLevelJsonMember(bytes, 'tools', knownValueEnd)).toBeUndefined();
    }
  });
});
