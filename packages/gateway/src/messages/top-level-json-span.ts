const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

export type TextSpan = { start: number; end: number };

/**
 * Where the value of the top-level `key` sits in the UTF-8 bytes of a JSON object: `[start, end)`
 * in bytes. Reads structure only (strings are skipped with `indexOf`), so it costs a fraction of
 * `JSON.parse`, and nothing is decoded (JSON's structural characters are ASCII, which never occur
 * inside a multi-byte character). Undefined when the text is not one object, the key is missing
 * or appears twice, or any top-level key is written with escapes (then the caller parses the
 * whole text as usual).
 *
 * @example topLevelValueSpan(Buffer.from('{"a":1,"tools":[{}]}'), 'tools') // { start: 15, end: 19 }
 */
export function topLevelValueSpan(text: Buffer, key: string): TextSpan | undefined {
  const keyBytes = Buffer.from(key);
  let index = skipWhitespace(text, 0);
  if (text[index] !== OPEN_OBJECT) return undefined;
  index = skipWhitespace(text, index + 1);
  if (text[index] === CLOSE_OBJECT) return undefined;
  let found: TextSpan | undefined;
  for (;;) {
    if (text[index] !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, index);
    if (keyEnd < 0) return undefined;
    // An escaped key could spell `key` another way: leave such texts to JSON.parse.
    const escaped = text.indexOf(BACKSLASH, index);
    if (escaped !== -1 && escaped < keyEnd) return undefined;
    const matches =
      keyEnd - index - 2 === keyBytes.length && text.compare(keyBytes, 0, keyBytes.length, index + 1, keyEnd - 1) === 0;
    index = skipWhitespace(text, keyEnd);
    if (text[index] !== COLON) return undefined;
    index = skipWhitespace(text, index + 1);
    const valueEnd = valueEndAt(text, index);
    if (valueEnd < 0) return undefined;
    if (matches) {
      if (found) return undefined;
      found = { start: index, end: valueEnd };
    }
    index = skipWhitespace(text, valueEnd);
    const next = text[index];
    if (next === COMMA) {
      index = skipWhitespace(text, index + 1);
      continue;
    }
    if (next !== CLOSE_OBJECT) return undefined;
    return skipWhitespace(text, index + 1) === text.length ? found : undefined;
  }
}

function isWhitespace(code: number | undefined): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function skipWhitespace(text: Buffer, from: number): number {
  let index = from;
  while (index < text.length && isWhitespace(text[index])) index++;
  return index;
}

/** The index after the closing quote of the string opening at `start`, or -1. */
function stringEnd(text: Buffer, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf(QUOTE, from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The index after the value starting at `start`, or -1 when it does not end. */
function valueEndAt(text: Buffer, start: number): number {
  const first = text[start];
  if (first === QUOTE) return stringEnd(text, start);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    for (let index = start; index < text.length; index++) {
      const code = text[index];
      if (code === QUOTE) {
        const end = stringEnd(text, index);
        if (end < 0) return -1;
        index = end - 1;
      } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) depth++;
      else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
        depth--;
        if (depth === 0) return index + 1;
      }
    }
    return -1;
  }
  let index = start;
  while (index < text.length) {
    const code = text[index];
    if (code === COMMA || code === CLOSE_OBJECT || code === CLOSE_ARRAY || isWhitespace(code)) break;
    index++;
  }
  return index > start ? index : -1;
}
