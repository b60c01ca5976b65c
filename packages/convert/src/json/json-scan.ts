import {
  backslashCode,
  closeObjectCode,
  colonCode,
  commaCode,
  isClosingBracket,
  isJsonWhitespace,
  isOpeningBracket,
  openObjectCode,
  quoteCode,
} from './json-characters';

// The structure of valid JSON found without parsing it: where a string ends, where an object or
// array closes, where a top-level member's value sits. Strings are skipped with `indexOf`, which
// makes these walks a fraction of the cost of `JSON.parse` on the same text. Each walk exists for
// text (a JS string) and for UTF-8 bytes: one loop that read both would be slower on each. The
// text walks run on every streamed chunk, so they compare with the codes written out (34 `"`,
// 92 `\`, 123 `{`, 91 `[`, 125 `}`, 93 `]`, as json-characters.ts names them): a literal is
// measurably faster there than an imported constant.

/**
 * Index just past the JSON string whose opening quote is at `quote`, or -1 when it does not end.
 * A quote ends the string when an even number of backslashes precede it.
 *
 * @example jsonStringEnd('{"a":"b\\"c"}', 5) // 11
 */
export function jsonStringEnd(text: string, quote: number): number {
  let cursor = quote + 1;
  while (true) {
    const next = text.indexOf('"', cursor);
    if (next < 0) return -1;
    let backslashes = 0;
    for (let back = next - 1; back > quote && text.charCodeAt(back) === 92; back--) backslashes++;
    if (backslashes % 2 === 0) return next + 1;
    cursor = next + 1;
  }
}

/**
 * Index just past the bracket that closes the object or array opening at `open`, or -1 when the
 * text ends first. Brackets inside strings do not count.
 *
 * @example jsonContainerEnd('x{"a":["}"]}y', 1) // 12
 */
export function jsonContainerEnd(text: string, open: number): number {
  let depth = 0;
  let index = open;
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === 34) {
      index = jsonStringEnd(text, index);
      if (index < 0) return -1;
      continue;
    }
    if (code === 123 || code === 91) depth++;
    else if (code === 125 || code === 93) {
      depth--;
      if (depth === 0) return index + 1;
    }
    index++;
  }
  return -1;
}

/** {@link jsonStringEnd} over UTF-8 bytes. */
export function jsonStringEndInBytes(bytes: Uint8Array, quote: number): number {
  let cursor = quote + 1;
  while (true) {
    const next = bytes.indexOf(quoteCode, cursor);
    if (next < 0) return -1;
    let backslashes = 0;
    for (let back = next - 1; back > quote && bytes[back] === backslashCode; back--) backslashes++;
    if (backslashes % 2 === 0) return next + 1;
    cursor = next + 1;
  }
}

/** {@link jsonContainerEnd} over UTF-8 bytes. */
export function jsonContainerEndInBytes(bytes: Uint8Array, open: number): number {
  let depth = 0;
  let index = open;
  const length = bytes.length;
  while (index < length) {
    const code = bytes[index];
    if (code === quoteCode) {
      index = jsonStringEndInBytes(bytes, index);
      if (index < 0) return -1;
      continue;
    }
    if (isOpeningBracket(code)) depth++;
    else if (isClosingBracket(code)) {
      depth--;
      if (depth === 0) return index + 1;
    }
    index++;
  }
  return -1;
}

/** The first index at or after `from` that is not JSON whitespace. */
function skipJsonWhitespaceInBytes(bytes: Uint8Array, from: number): number {
  let index = from;
  while (index < bytes.length && isJsonWhitespace(bytes[index])) index++;
  return index;
}

/** Index just past the value (string, object, array, number or literal) starting at `start`, or -1. */
export function jsonValueEndInBytes(bytes: Uint8Array, start: number): number {
  const first = bytes[start];
  if (first === quoteCode) return jsonStringEndInBytes(bytes, start);
  if (isOpeningBracket(first)) return jsonContainerEndInBytes(bytes, start);
  let index = start;
  while (index < bytes.length) {
    const code = bytes[index];
    if (code === commaCode || isClosingBracket(code) || isJsonWhitespace(code)) break;
    index++;
  }
  return index > start ? index : -1;
}

/** Where a value sits in a text or byte buffer: `[start, end)`. */
export type JsonSpan = { start: number; end: number };

const encoder = new TextEncoder();

/**
 * Where the value of the top-level member `key` sits in the UTF-8 bytes of a JSON object, in
 * bytes. Reads structure only and decodes nothing, so it costs a fraction of `JSON.parse`: a
 * server can recognise a large member it has seen before (Claude Code repeats the same `tools`
 * in every request) before parsing the rest. Undefined when the bytes are not one object, the
 * key is missing or appears twice, or any top-level key is written with escapes (an escaped
 * key could spell `key` another way): then the caller parses the whole text as usual.
 *
 * `knownValueEnd(start)` may name where the member's value ends without it being read: a caller
 * that holds the exact bytes of a complete JSON value it saw before compares them at `start`
 * (one `memcmp`) and returns `start` plus their length, or -1 to have the value scanned. The
 * rest of the object is scanned either way.
 *
 * @example
 * const bytes = new TextEncoder().encode('{"a":1,"tools":[{}]}');
 * findTopLevelJsonMember(bytes, 'tools') // { start: 15, end: 19 }
 */
export function findTopLevelJsonMember(
  bytes: Uint8Array,
  key: string | Uint8Array,
  knownValueEnd?: (start: number) => number,
): JsonSpan | undefined {
  // A caller that looks for the same key on every request passes its UTF-8 bytes once made.
  const keyBytes = typeof key === 'string' ? encoder.encode(key) : key;
  let index = skipJsonWhitespaceInBytes(bytes, 0);
  if (bytes[index] !== openObjectCode) return undefined;
  index = skipJsonWhitespaceInBytes(bytes, index + 1);
  if (bytes[index] === closeObjectCode) return undefined;
  let found: JsonSpan | undefined;
  for (;;) {
    if (bytes[index] !== quoteCode) return undefined;
    const keyEnd = jsonStringEndInBytes(bytes, index);
    if (keyEnd < 0) return undefined;
    if (_includesByte(bytes, index + 1, keyEnd - 1, backslashCode)) return undefined;
    const matches = _bytesEqual(bytes, index + 1, keyEnd - 1, keyBytes);
    index = skipJsonWhitespaceInBytes(bytes, keyEnd);
    if (bytes[index] !== colonCode) return undefined;
    index = skipJsonWhitespaceInBytes(bytes, index + 1);
    const known = matches && !found && knownValueEnd ? knownValueEnd(index) : -1;
    const valueEnd = known > index ? known : jsonValueEndInBytes(bytes, index);
    if (valueEnd < 0) return undefined;
    if (matches) {
      if (found) return undefined;
      found = { start: index, end: valueEnd };
    }
    index = skipJsonWhitespaceInBytes(bytes, valueEnd);
    const next = bytes[index];
    if (next === commaCode) {
      index = skipJsonWhitespaceInBytes(bytes, index + 1);
      continue;
    }
    if (next !== closeObjectCode) return undefined;
    return skipJsonWhitespaceInBytes(bytes, index + 1) === bytes.length ? found : undefined;
  }
}

function _includesByte(bytes: Uint8Array, start: number, end: number, byte: number): boolean {
  for (let index = start; index < end; index++) if (bytes[index] === byte) return true;
  return false;
}

/** Whether `bytes[start, end)` holds exactly `expected`. */
function _bytesEqual(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== expected.length) return false;
  for (let offset = 0; offset < expected.length; offset++) {
    if (bytes[start + offset] !== expected[offset]) return false;
  }
  return true;
}
