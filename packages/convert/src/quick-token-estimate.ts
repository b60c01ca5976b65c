import type { AnthropicCountTokensRequest, AnthropicTool } from './anthropic-api';
import { countRequestTokensWith, estimateToolTokens, type TextTokenCounter } from './estimate-tokens';
import { denseScriptTokens, digitTokens, symbolTokens, whitespaceTokens, wordTokens } from './token-pricing';

// A one-pass version of estimateTextTokens for the per-request input estimate (message_start):
// the same prices (token-pricing.ts), read straight off the character codes without building pieces.

const lower = 1;
const upper = 2;
const digit = 3;
const space = 4;
const lineBreak = 5;
const symbol = 6;
/** Han, kana, Hangul: priced per character. */
const dense = 7;

const asciiClasses = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if (code >= 97 && code <= 122) asciiClasses[code] = lower;
  else if (code >= 65 && code <= 90) asciiClasses[code] = upper;
  else if (code >= 48 && code <= 57) asciiClasses[code] = digit;
  else if (code === 10 || code === 13) asciiClasses[code] = lineBreak;
  else if (code === 32 || (code >= 9 && code <= 12)) asciiClasses[code] = space;
  else asciiClasses[code] = symbol;
}

function _classOf(code: number): number {
  if (code < 128) return asciiClasses[code]!;
  if (
    (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7ff) ||
    (code >= 0xf900 && code <= 0xfaff)
  )
    return dense;
  // General punctuation, arrows, box drawing, emoji halves: priced like symbols.
  if ((code >= 0x2000 && code <= 0x2bff) || (code >= 0xd800 && code <= 0xdfff) || code === 0xa0)
    return symbol;
  return lower;
}

function _isWordClass(kind: number): boolean {
  return kind === lower || kind === upper;
}

/**
 * A quick estimate of the BPE tokens of a text, within a few percent of
 * {@link estimateTextTokens} on prose, code and JSON, at several times its speed.
 *
 * @example estimateTextTokensQuickly('Hello, world!') // 4
 */
export function estimateTextTokensQuickly(text: string): number {
  const length = text.length;
  let tokens = 0;
  let denseCharacters = 0;
  let index = 0;
  while (index < length) {
    const start = index;
    const kind = _classOf(text.charCodeAt(index));
    if (kind === space || kind === lineBreak) {
      index = _whitespaceEnd(text, index);
      // A last space before a word or symbol run belongs to that piece (as in o200k's pre-split).
      const prefixed =
        index < length && text.charCodeAt(index - 1) === 32 && _classOf(text.charCodeAt(index)) !== digit;
      tokens += _whitespaceTokens(text, start, prefixed ? index - 1 : index);
      if (!prefixed) continue;
      const next = _classOf(text.charCodeAt(index));
      if (_isWordClass(next)) {
        const end = _wordEnd(text, index);
        tokens += wordTokens(end - index + 1);
        index = end;
      } else if (next === symbol) {
        const end = _symbolEnd(text, index);
        tokens += symbolTokens(end - index);
        index = end;
      } else tokens++;
      continue;
    }
    if (kind === digit) {
      index++;
      while (index < length && _classOf(text.charCodeAt(index)) === digit) index++;
      tokens += digitTokens(index - start);
      continue;
    }
    if (kind === dense) {
      denseCharacters++;
      index++;
      continue;
    }
    if (kind === symbol) {
      const next = index + 1 < length ? _classOf(text.charCodeAt(index + 1)) : 0;
      if (_isWordClass(next)) {
        index = _wordEnd(text, index + 1);
        tokens += wordTokens(index - start);
        continue;
      }
      index = _symbolEnd(text, index);
      tokens += symbolTokens(index - start);
      continue;
    }
    index = _wordEnd(text, index);
    tokens += wordTokens(index - start);
  }
  return tokens + denseScriptTokens(denseCharacters);
}

function _whitespaceEnd(text: string, index: number): number {
  const length = text.length;
  let end = index;
  while (end < length) {
    const kind = _classOf(text.charCodeAt(end));
    if (kind !== space && kind !== lineBreak) break;
    end++;
  }
  return end;
}

/** Whitespace from `start` to `end`: line breaks (with what precedes them) are one piece, spaces after them another. */
function _whitespaceTokens(text: string, start: number, end: number): number {
  if (end <= start) return 0;
  let lastBreak = -1;
  for (let index = end - 1; index >= start; index--) {
    const code = text.charCodeAt(index);
    if (code === 10 || code === 13) {
      lastBreak = index;
      break;
    }
  }
  if (lastBreak < 0) return whitespaceTokens(end - start);
  return whitespaceTokens(lastBreak + 1 - start) + whitespaceTokens(end - lastBreak - 1);
}

/** End of the letters from `index`: capitals, then small letters (so `camelCase` is two words). */
function _wordEnd(text: string, index: number): number {
  const length = text.length;
  let end = index;
  while (end < length && _classOf(text.charCodeAt(end)) === upper) end++;
  while (end < length && _classOf(text.charCodeAt(end)) === lower) end++;
  return end > index ? end : index + 1;
}

/** End of a symbol run from `index`, with the line breaks and slashes that follow it. */
function _symbolEnd(text: string, index: number): number {
  const length = text.length;
  let end = index;
  while (end < length && _classOf(text.charCodeAt(end)) === symbol) end++;
  while (end < length) {
    const code = text.charCodeAt(end);
    if (code !== 10 && code !== 13 && code !== 47) break;
    end++;
  }
  return end;
}

type _ToolEntry = { description: unknown; schemaLength: number; tokens: number };

export type TokenEstimateCacheOptions = {
  /** Tool definitions kept (Claude Code sends about 25, MCP servers add more). Default 512. */
  maximumTools?: number;
  /** Characters of long texts kept. Default 8 Mi. */
  maximumTextCharacters?: number;
  /**
   * Whether a tool object is guaranteed never to change (a caller that reuses validated tools
   * across requests knows which ones it handed out): such tools are counted once and then known
   * by identity. Others are checked against their description and schema length each time.
   */
  isUnchanging?: (tool: AnthropicTool) => boolean;
};

/**
 * Remembers token counts between requests, for {@link estimateRequestTokensQuickly}: tool
 * definitions by name (checked against the description and the schema's JSON length) and long
 * texts (system prompt, earlier tool results) by content. Least recently used entries go first.
 * One per server; it is not shared between processes.
 *
 * @example const cache = new TokenEstimateCache(); estimateRequestTokensQuickly(request, cache);
 */
export class TokenEstimateCache {
  private readonly tools = new Map<string, _ToolEntry>();
  /** Tools the caller vouches for as unchanging, known by identity without looking inside. */
  private readonly unchangingTools = new WeakMap<object, number>();
  private readonly texts = new Map<string, number>();
  private textCharacters = 0;
  private readonly maximumTools: number;
  private readonly maximumTextCharacters: number;
  private readonly isUnchanging: (tool: AnthropicTool) => boolean;

  constructor(options: TokenEstimateCacheOptions = {}) {
    this.maximumTools = options.maximumTools ?? 512;
    this.maximumTextCharacters = options.maximumTextCharacters ?? 8 * 1024 * 1024;
    this.isUnchanging = options.isUnchanging ?? (() => false);
  }

  /** Texts shorter than this are counted each time: a look-up would cost about as much. */
  static readonly minimumTextLength = 2048;

  toolTokens(tool: AnthropicTool, count: (tool: AnthropicTool) => number): number {
    const unchanging = this.isUnchanging(tool);
    if (unchanging) {
      const known = this.unchangingTools.get(tool);
      if (known !== undefined) return known;
    }
    const tokens = this.lookUpTool(tool, count);
    if (unchanging) this.unchangingTools.set(tool, tokens);
    return tokens;
  }

  private lookUpTool(tool: AnthropicTool, count: (tool: AnthropicTool) => number): number {
    const name = typeof tool.name === 'string' ? tool.name : '';
    const schemaLength = JSON.stringify(tool.input_schema ?? tool).length;
    const entry = this.tools.get(name);
    if (entry && entry.description === tool.description && entry.schemaLength === schemaLength) {
      this.tools.delete(name);
      this.tools.set(name, entry);
      return entry.tokens;
    }
    const tokens = count(tool);
    this.tools.delete(name);
    this.tools.set(name, { description: tool.description, schemaLength, tokens });
    if (this.tools.size > this.maximumTools) {
      const oldest = this.tools.keys().next().value;
      if (oldest !== undefined) this.tools.delete(oldest);
    }
    return tokens;
  }

  textTokens(text: string, count: TextTokenCounter): number {
    const known = this.texts.get(text);
    if (known !== undefined) {
      this.texts.delete(text);
      this.texts.set(text, known);
      return known;
    }
    const tokens = count(text);
    if (text.length > this.maximumTextCharacters) return tokens;
    this.texts.set(text, tokens);
    this.textCharacters += text.length;
    for (const oldest of this.texts.keys()) {
      if (this.textCharacters <= this.maximumTextCharacters) break;
      this.texts.delete(oldest);
      this.textCharacters -= oldest.length;
    }
    return tokens;
  }
}

/**
 * A fast estimate of a request's input tokens, for `message_start` on every request: the same
 * walk as {@link countAnthropicRequestTokens} with the one-pass text estimate, and, given a
 * cache, no recount of the tools and long texts seen in earlier requests. Stays within about
 * ±10% of the accurate count; keep that one for `count_tokens`.
 *
 * @example
 * const cache = new TokenEstimateCache(); // once per server
 * const inputTokensEstimate = estimateRequestTokensQuickly(request, cache);
 */
export function estimateRequestTokensQuickly(
  request: AnthropicCountTokensRequest,
  cache?: TokenEstimateCache,
): number {
  if (!cache) return countRequestTokensWith(request, estimateTextTokensQuickly, estimateToolTokens);
  const text: TextTokenCounter = (value) =>
    value.length < TokenEstimateCache.minimumTextLength
      ? estimateTextTokensQuickly(value)
      : cache.textTokens(value, estimateTextTokensQuickly);
  return countRequestTokensWith(request, text, (tool) =>
    cache.toolTokens(tool, (definition) => estimateToolTokens(definition, estimateTextTokensQuickly)),
  );
}
