// A hand-written scanner equivalent to the o200k_base pre-tokenizer pattern
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(contraction)?
//   |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(contraction)?
//   |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
// two to three times faster than running that regex (3 ms instead of 10 ms for a 120 KB request),
// which matters for count_tokens on large conversations. text-pieces.test.ts checks it against the regex.

export type TextPieceKind = 'word' | 'number' | 'symbols' | 'space';

const upperSet = 1; // Lu Lt Lm Lo M
const lowerSet = 2; // Ll Lm Lo M
const letter = 4; // L
const numeric = 8; // N
const whitespace = 16; // \s
const lineBreak = 32; // \r \n

const upperPattern = /[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]/u;
const lowerPattern = /[\p{Ll}\p{Lm}\p{Lo}\p{M}]/u;
const letterPattern = /\p{L}/u;
const numericPattern = /\p{N}/u;
const whitespacePattern = /\s/u;

function classifyCodePoint(code: number): number {
  if (code < 128) {
    if (code >= 97 && code <= 122) return lowerSet | letter;
    if (code >= 65 && code <= 90) return upperSet | letter;
    if (code >= 48 && code <= 57) return numeric;
    if (code === 10 || code === 13) return whitespace | lineBreak;
    if (code === 32 || (code >= 9 && code <= 12)) return whitespace;
    return 0;
  }
  const character = String.fromCodePoint(code);
  let classes = 0;
  if (upperPattern.test(character)) classes |= upperSet;
  if (lowerPattern.test(character)) classes |= lowerSet;
  if (letterPattern.test(character)) classes |= letter;
  if (numericPattern.test(character)) classes |= numeric;
  if (whitespacePattern.test(character)) classes |= whitespace;
  return classes;
}

/**
 * Calls `visit` for each pre-tokenizer piece of `text`, in order, covering the whole text.
 * `ascii` says whether the piece holds only ASCII characters.
 */
export function forEachTextPiece(
  text: string,
  visit: (start: number, end: number, kind: TextPieceKind, ascii: boolean) => void,
): void {
  const length = text.length;
  // Classes and widths per UTF-16 index (astral characters take two units; the second is unused).
  const classes = new Uint8Array(length + 1);
  const widths = new Uint8Array(length + 1);
  let allAscii = true;
  for (let index = 0; index < length; ) {
    const code = text.codePointAt(index) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    if (code >= 128) allAscii = false;
    classes[index] = classifyCodePoint(code);
    widths[index] = width;
    index += width;
  }
  const has = (index: number, bit: number) => index < length && (classes[index]! & bit) !== 0;
  const next = (index: number) => index + (widths[index] || 1);
  const isAsciiRange = (start: number, end: number) => {
    if (allAscii) return true;
    for (let index = start; index < end; index += 1) if (text.charCodeAt(index) >= 128) return false;
    return true;
  };
  const contractionEnd = (index: number) => {
    if (text.charCodeAt(index) !== 39) return index;
    const first = text.charCodeAt(index + 1) | 32;
    if (first === 115 || first === 116 || first === 109 || first === 100) return index + 2; // 's 't 'm 'd
    const second = text.charCodeAt(index + 2) | 32;
    if (
      (first === 114 && second === 101) ||
      (first === 118 && second === 101) ||
      (first === 108 && second === 108)
    )
      return index + 3; // 're 've 'll
    return index;
  };

  let position = 0;
  while (position < length) {
    const start = position;
    const startClasses = classes[start]!;
    let end = -1;
    let kind: TextPieceKind = 'word';

    // Words, with at most one leading character that is not a letter, digit or line break.
    const prefixed = (startClasses & (letter | numeric | lineBreak)) === 0 ? next(start) : start;
    if (prefixed > start || (startClasses & (upperSet | lowerSet)) !== 0) {
      const wordStart = prefixed;
      let upperEnd = wordStart;
      let lastLowerInUpper = -1;
      while (has(upperEnd, upperSet)) {
        if (has(upperEnd, lowerSet)) lastLowerInUpper = upperEnd;
        upperEnd = next(upperEnd);
      }
      if (has(upperEnd, lowerSet)) {
        end = upperEnd;
        while (has(end, lowerSet)) end = next(end);
      } else if (lastLowerInUpper >= 0) {
        end = next(lastLowerInUpper);
      } else if (upperEnd > wordStart) {
        end = upperEnd;
      }
      if (end > wordStart) end = contractionEnd(end);
      else end = -1;
    }
    if (end < 0 && (startClasses & numeric) !== 0) {
      kind = 'number';
      end = start;
      for (let count = 0; count < 3 && has(end, numeric); count += 1) end = next(end);
    }
    if (end < 0) {
      const symbolStart = text.charCodeAt(start) === 32 ? start + 1 : start;
      let symbolEnd = symbolStart;
      while (symbolEnd < length && (classes[symbolEnd]! & (whitespace | letter | numeric)) === 0)
        symbolEnd = next(symbolEnd);
      if (symbolEnd > symbolStart) {
        kind = 'symbols';
        end = symbolEnd;
        while (end < length && (has(end, lineBreak) || text.charCodeAt(end) === 47)) end += 1;
      }
    }
    if (end < 0 && (startClasses & whitespace) !== 0) {
      kind = 'space';
      let spaceEnd = start;
      let lastBreak = -1;
      while (has(spaceEnd, whitespace)) {
        if (has(spaceEnd, lineBreak)) lastBreak = spaceEnd;
        spaceEnd = next(spaceEnd);
      }
      if (lastBreak >= 0) end = lastBreak + 1;
      else if (spaceEnd >= length || spaceEnd - start === 1) end = spaceEnd;
      else end = spaceEnd - 1;
    }
    if (end <= start) {
      // Unreachable for well-formed text; keeps the loop moving on anything unexpected.
      kind = 'symbols';
      end = next(start);
    }
    visit(start, end, kind, isAsciiRange(start, end));
    position = end;
  }
}
