// The one price list of ccp's local token estimates: what a piece of text, a block, a message, a
// tool or an image costs. The accurate estimate (estimate-tokens.ts), the quick one-pass estimate
// (quick-token-estimate.ts) and the live output estimate all price with it. The text prices
// were tuned against the o200k_base and cl100k_base BPE vocabularies (see estimate-tokens.test.ts).

/** Anthropic's tool-use system prompt, added once when tools are present (Claude 4 documentation). */
export const toolUseSystemPromptTokens = 346;
export const tokensPerMessage = 4;
export const tokensPerTool = 8;
export const tokensPerBlock = 3;
/** Anthropic's ceiling for one image (about 1.15 megapixels at 750 pixels per token). */
export const maximumImageTokens = 1600;
/** Images are scaled down to this long edge first... */
export const maximumImageEdgePixels = 1568;
/** ...and then to about this many pixels. */
export const maximumImagePixels = 1_150_000;
export const pixelsPerImageToken = 750;
/** A PDF page is sent as its text plus an image of the page. */
export const tokensPerPdfPage = 2000;
/** Han, kana and Hangul cost about this much per character. */
export const denseScriptTokensPerCharacter = 0.7;

/** An English-like word (with its leading space or symbol): one token up to 9 characters, then one per 4. */
export function wordTokens(length: number): number {
  return length <= 9 ? 1 : 1 + Math.ceil((length - 9) / 4);
}

/** A word in another alphabet (Cyrillic, Greek, accented Latin): vocabularies hold whole common words. */
export function otherAlphabetWordTokens(length: number): number {
  return length <= 8 ? 1 : 1 + Math.ceil((length - 8) / 5);
}

/** A run of digits: vocabularies hold numbers up to three digits. */
export function digitTokens(length: number): number {
  return Math.ceil(length / 3);
}

/** A run of symbols (`);`, `=>`, `"},`), or of the UTF-8 bytes of emoji and other symbols: about 3 a token. */
export function symbolTokens(length: number): number {
  return Math.ceil(length / 3);
}

/** A run of spaces, or line breaks: an indentation or a blank line is usually one token. */
export function whitespaceTokens(length: number): number {
  return Math.ceil(length / 24);
}

/** Characters of a dense script (Han, kana, Hangul). */
export function denseScriptTokens(characters: number): number {
  return Math.ceil(characters * denseScriptTokensPerCharacter);
}

/**
 * A rough count for text that is not worth tokenising, such as what a model streams (prose,
 * reasoning and tool arguments together) or an encrypted payload: about four characters a token.
 *
 * @example estimateOutputTokensFromCharacters('Hello, world!'.length) // 4
 */
export function estimateOutputTokensFromCharacters(characters: number): number {
  return Math.ceil(characters / 4);
}
