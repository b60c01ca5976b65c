import { describe, expect, test } from 'vitest';
import { completeToolArgumentsSuffix, parseToolArguments, repairJsonText } from './repair-tool-arguments';

describe('parseToolArguments', () => {
  test('valid JSON is returned as is', () => {
    expect(parseToolArguments('{"a":1,"b":[true,null]}')).toEqual({
      value: { a: 1, b: [true, null] },
      repaired: false,
    });
  });

  test('empty or blank text is an empty object', () => {
    expect(parseToolArguments('')).toEqual({ value: {}, repaired: false });
    expect(parseToolArguments('  ')).toEqual({ value: {}, repaired: false });
  });

  test.each([
    ['unterminated string', '{"command": "ls -la', { command: 'ls -la' }],
    ['unterminated object and array', '{"paths": ["a", "b"', { paths: ['a', 'b'] }],
    ['trailing comma in object', '{"a": 1, "b": 2,}', { a: 1, b: 2 }],
    ['trailing comma in array', '{"a": [1, 2, ]}', { a: [1, 2] }],
    ['trailing comma at the cut', '{"a": [1, 2,', { a: [1, 2] }],
    ['key without value', '{"a": 1, "b":', { a: 1, b: null }],
    ['key without colon', '{"a": 1, "b"', { a: 1, b: null }],
    ['cut literal', '{"flag": tr', { flag: true }],
    ['cut number', '{"n": 1.', { n: 1 }],
    ['cut escape', '{"s": "a\\', { s: 'a' }],
    ['cut unicode escape', '{"s": "caf\\u00', { s: 'caf' }],
    ['raw newline inside a string', '{"s": "line1\nline2"}', { s: 'line1\nline2' }],
    ['code fence around JSON', '```json\n{"a": 1}\n```', { a: 1 }],
    ['text after the object', '{"a": 1} and more', { a: 1 }],
    ['Python literals', '{"a": True, "b": None}', { a: true, b: null }],
    [
      'nested cut',
      '{"edits": [{"old": "x", "new": "y"}, {"old": "z',
      { edits: [{ old: 'x', new: 'y' }, { old: 'z' }] },
    ],
  ])('repairs %s', (_label, text, value) => {
    expect(parseToolArguments(text)).toEqual({ value, repaired: true });
  });

  test('double-encoded arguments are unwrapped', () => {
    expect(parseToolArguments(JSON.stringify('{"a":1}'))).toEqual({ value: { a: 1 }, repaired: true });
  });

  test('hopeless text gives {} and keeps the raw text', () => {
    expect(parseToolArguments('not json at all')).toEqual({
      value: {},
      repaired: true,
      rawText: 'not json at all',
    });
    expect(parseToolArguments('[1,2]')).toEqual({ value: {}, repaired: true, rawText: '[1,2]' });
    expect(parseToolArguments('{"a" 1}')).toEqual({ value: {}, repaired: true, rawText: '{"a" 1}' });
  });

  test('never throws on arbitrary prefixes of a valid document', () => {
    const document = JSON.stringify({
      path: '/tmp/é "x"',
      list: [1, -2.5e3, { deep: [true, false, null] }],
      s: 'a\\b\n',
    });
    for (let cut = 0; cut <= document.length; cut++) {
      const result = parseToolArguments(document.slice(0, cut));
      expect(typeof result.value).toBe('object');
    }
    expect(parseToolArguments(document).value).toEqual(JSON.parse(document));
  });
});

describe('repairJsonText', () => {
  test('returns undefined when nothing can be repaired', () => {
    expect(repairJsonText('}')).toBeUndefined();
    expect(repairJsonText('')).toBeUndefined();
  });
});

describe('completeToolArgumentsSuffix', () => {
  test('gives the text that closes cut arguments', () => {
    expect(completeToolArgumentsSuffix('{"a": "b')).toBe('"}');
    expect(completeToolArgumentsSuffix('{"a": [1, {"b": 2')).toBe('}]}');
    expect(completeToolArgumentsSuffix('{"a": tr')).toBe('ue}');
  });

  test('gives nothing for valid JSON or what appending cannot fix', () => {
    expect(completeToolArgumentsSuffix('{"a": 1}')).toBe('');
    expect(completeToolArgumentsSuffix('')).toBe('');
    expect(completeToolArgumentsSuffix('{"a": 1,')).toBe('');
  });

  test.each([
    ['a dangling backslash', '{"path": "C:\\', { path: 'C:\\' }],
    ['a dangling backslash in a key', '{"pa\\', { 'pa\\': null }],
    ['a bare \\u', '{"s": "caf\\u', { s: 'caf\uFFFD' }],
    ['a partial \\u escape', '{"s": "\\u12', { s: '\u1200' }],
    ['a partial \\u escape on the way to FFFD', '{"s": "\\uff', { s: '\uFFFD' }],
    ['a partial \\u escape in a nested array', '{"a": ["\\u0', { a: ['\u0000'] }],
  ])('closes arguments cut inside an escape: %s', (_what, text, expected) => {
    const suffix = completeToolArgumentsSuffix(text);
    expect(suffix).not.toBe('');
    expect(JSON.parse(text + suffix)).toEqual(expected);
  });
});
