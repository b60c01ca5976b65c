// JSON's structural characters are ASCII, so they have the same code in UTF-16 text
// (`charCodeAt`) and in UTF-8 bytes, where they never occur inside a multi-byte character:
// every scanner below reads text and bytes with the same codes.

export const quoteCode = 34; // "
export const backslashCode = 92; // \
export const commaCode = 44; // ,
export const colonCode = 58; // :
export const openObjectCode = 123; // {
export const closeObjectCode = 125; // }
export const openArrayCode = 91; // [
export const closeArrayCode = 93; // ]

/** Space, tab, line feed or carriage return: the only whitespace JSON allows between tokens. */
export function isJsonWhitespace(code: number | undefined): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** `{` or `[`. */
export function isOpeningBracket(code: number | undefined): boolean {
  return code === openObjectCode || code === openArrayCode;
}

/** `}` or `]`. */
export function isClosingBracket(code: number | undefined): boolean {
  return code === closeObjectCode || code === closeArrayCode;
}
