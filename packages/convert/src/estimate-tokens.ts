import type { AnthropicCountTokensRequest, AnthropicTool } from './anthropic-api';
import { isAnthropicCustomTool } from './anthropic-request-schema';
import { isRecord } from './is-record';
import { forEachTextPiece, type TextPieceKind } from './text-pieces';
import {
  denseScriptTokensPerCharacter,
  estimateOutputTokensFromCharacters,
  maximumImageEdgePixels,
  maximumImagePixels,
  maximumImageTokens,
  otherAlphabetWordTokens,
  pixelsPerImageToken,
  symbolTokens,
  tokensPerBlock,
  tokensPerMessage,
  tokensPerPdfPage,
  tokensPerTool,
  toolUseSystemPromptTokens,
  whitespaceTokens,
  wordTokens,
} from './token-pricing';

// Text is cut exactly the way o200k pre-splits it (text-pieces.ts) and each piece is priced by
// its class (token-pricing.ts).

/** Counts the tokens of a text (the accurate or the quick estimate). */
export type TextTokenCounter = (text: string) => number;

/** Han, kana, Hangul and full-width forms: dense scripts, priced per character. */
const denseScript = /[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]/gu;

function estimatePieceTokens(piece: string, kind: TextPieceKind, ascii: boolean): number {
  switch (kind) {
    case 'number':
      // At most three digits (an astral digit takes two UTF-16 units): one token.
      return 1;
    case 'space':
      return whitespaceTokens(piece.length);
    case 'symbols':
      return estimateSymbols(piece);
    default:
      break;
  }
  if (ascii) return wordTokens(piece.length);
  const dense = piece.match(denseScript)?.length ?? 0;
  if (dense > 0)
    return Math.ceil(dense * denseScriptTokensPerCharacter + estimateSymbols(piece.replace(denseScript, '')));
  return otherAlphabetWordTokens(piece.length);
}

/** Symbol runs: common short runs (`);`, `=>`, `"},`) are single tokens; emoji cost their bytes. */
function estimateSymbols(piece: string): number {
  if (!piece) return 0;
  const bytes = utf8Length(piece);
  if (bytes > piece.length) return symbolTokens(bytes);
  return symbolTokens(piece.trim().length) || 1;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * A local estimate of the BPE tokens of a text (close to o200k/cl100k; see the test for the
 * measured error), without a tokenizer dependency.
 *
 * @example estimateTextTokens('Hello, world!') // 4
 */
export function estimateTextTokens(text: string): number {
  if (!text) return 0;
  let tokens = 0;
  forEachTextPiece(text, (start, end, kind, ascii) => {
    tokens += estimatePieceTokens(text.slice(start, end), kind, ascii);
  });
  return tokens;
}

/** Width and height from the header of a base64 PNG, GIF, JPEG or WebP image. */
export function readImageSize(base64: string): { width: number; height: number } | undefined {
  let bytes: Uint8Array;
  try {
    // The header is at the start; JPEG frames may come after metadata, so read up to 64 KB.
    const head = base64.slice(0, 87_384).replace(/[^A-Za-z0-9+/]/g, '');
    bytes = Uint8Array.from(atob(head.slice(0, head.length - (head.length % 4))), (character) =>
      character.charCodeAt(0),
    );
  } catch {
    return undefined;
  }
  const at = (index: number) => bytes[index] ?? 0;
  const u16be = (index: number) => (at(index) << 8) | at(index + 1);
  const u16le = (index: number) => at(index) | (at(index + 1) << 8);
  const u32be = (index: number) =>
    ((at(index) << 24) | (at(index + 1) << 16) | (at(index + 2) << 8) | at(index + 3)) >>> 0;
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47)
    return { width: u32be(16), height: u32be(20) };
  if (at(0) === 0x47 && at(1) === 0x49 && at(2) === 0x46) return { width: u16le(6), height: u16le(8) };
  if (at(0) === 0x52 && at(1) === 0x49 && at(8) === 0x57 && at(9) === 0x45) {
    const chunk = String.fromCharCode(at(12), at(13), at(14), at(15));
    if (chunk === 'VP8X')
      return {
        width: 1 + (at(24) | (at(25) << 8) | (at(26) << 16)),
        height: 1 + (at(27) | (at(28) << 8) | (at(29) << 16)),
      };
    if (chunk === 'VP8 ') return { width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = at(21) | (at(22) << 8) | (at(23) << 16) | (at(24) << 24);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    return undefined;
  }
  if (at(0) === 0xff && at(1) === 0xd8) {
    let offset = 2;
    while (offset + 9 < bytes.length) {
      if (at(offset) !== 0xff) return undefined;
      const marker = at(offset + 1);
      const isFrame =
        marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) return { width: u16be(offset + 7), height: u16be(offset + 5) };
      offset += 2 + u16be(offset + 2);
    }
  }
  return undefined;
}

/**
 * Tokens of an image as Anthropic prices it: resized to at most 1568 px on the long edge and about
 * 1.15 megapixels, then width × height / 750; 1,600 when the size cannot be read.
 */
export function estimateImageTokens(source: unknown): number {
  if (!isRecord(source) || source.type !== 'base64' || typeof source.data !== 'string')
    return maximumImageTokens;
  const size = readImageSize(source.data);
  if (!size || size.width <= 0 || size.height <= 0) return maximumImageTokens;
  let { width, height } = size;
  const edgeScale = Math.min(1, maximumImageEdgePixels / Math.max(width, height));
  width *= edgeScale;
  height *= edgeScale;
  const areaScale = Math.min(1, Math.sqrt(maximumImagePixels / (width * height)));
  const pixels = width * areaScale * height * areaScale;
  return Math.max(1, Math.min(maximumImageTokens, Math.ceil(pixels / pixelsPerImageToken)));
}

function estimateDocumentTokens(block: Readonly<Record<string, unknown>>, text: TextTokenCounter): number {
  const source = isRecord(block.source) ? block.source : {};
  const heading = text(stringOr(block.title, '')) + text(stringOr(block.context, ''));
  switch (source.type) {
    case 'text':
      return heading + text(stringOr(source.data, ''));
    case 'content':
      return heading + estimateContentTokens(source.content, text);
    case 'base64':
      return heading + estimatePdfPages(stringOr(source.data, '')) * tokensPerPdfPage;
    default:
      return heading + tokensPerPdfPage;
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** Tokens of nested content (a tool result's or a document's): text, or blocks; nothing for anything else. */
function estimateContentTokens(content: unknown, text: TextTokenCounter): number {
  if (typeof content === 'string') return text(content);
  if (!Array.isArray(content)) return 0;
  let tokens = 0;
  for (const inner of content) tokens += estimateBlockTokens(inner, text);
  return tokens;
}

/** Pages of a base64 PDF, counted from its page objects; one page when unreadable. */
function estimatePdfPages(base64: string): number {
  try {
    const text = atob(base64.replace(/[^A-Za-z0-9+/=]/g, ''));
    const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
    return Math.max(1, pages);
  } catch {
    return 1;
  }
}

/**
 * Tokens of one block. Blocks nested in tool results and documents are typed only by their
 * `type`, so every block is read field by field; whatever is not recognised is priced as JSON.
 */
function estimateBlockTokens(block: unknown, text: TextTokenCounter): number {
  if (!isRecord(block)) return tokensPerBlock + text(JSON.stringify(block, withoutEncryptedPayloads));
  switch (block.type) {
    case 'text':
      return tokensPerBlock + text(String(block.text ?? ''));
    case 'image':
      return tokensPerBlock + estimateImageTokens(block.source);
    case 'document':
      return tokensPerBlock + estimateDocumentTokens(block, text);
    case 'tool_use':
      return tokensPerBlock + text(String(block.name)) + text(JSON.stringify(block.input ?? {}));
    case 'tool_result':
      return tokensPerBlock + estimateContentTokens(block.content, text);
    case 'thinking':
      return tokensPerBlock + text(String(block.thinking ?? ''));
    case 'redacted_thinking':
      return tokensPerBlock + estimateOutputTokensFromCharacters(String(block.data ?? '').length);
    default: {
      // Server tool blocks and anything newer: price their JSON, without encrypted payloads.
      return tokensPerBlock + text(JSON.stringify(block, withoutEncryptedPayloads));
    }
  }
}

/** The converter never sends encrypted payloads upstream, so they take no room there. */
function withoutEncryptedPayloads(key: string, value: unknown): unknown {
  return key === 'encrypted_content' || key === 'encrypted_index' ? undefined : value;
}

/** Tokens of one tool definition (name, description and schema). */
export function estimateToolTokens(tool: AnthropicTool, text: TextTokenCounter = estimateTextTokens): number {
  if (!isAnthropicCustomTool(tool)) return tokensPerTool + text(JSON.stringify(tool));
  return (
    tokensPerTool +
    text(String(tool.name ?? '')) +
    text(stringOr(tool.description, '')) +
    text(JSON.stringify(tool.input_schema ?? {}))
  );
}

/**
 * Estimates the input tokens of an Anthropic request for `POST /v1/messages/count_tokens`:
 * system prompt, every message block (tool calls and results included), tool definitions with
 * their schemas, and images by size. An estimate in o200k terms, not Anthropic's own count.
 *
 * @example
 * const request = parseAnthropicCountTokensRequest(body);
 * return c.json({ input_tokens: countAnthropicRequestTokens(request) });
 */
export function countAnthropicRequestTokens(request: AnthropicCountTokensRequest): number {
  return countRequestTokensWith(request, estimateTextTokens, estimateToolTokens);
}

/** The request walk shared by the accurate and the quick estimate: only the counters differ. */
export function countRequestTokensWith(
  request: AnthropicCountTokensRequest,
  text: TextTokenCounter,
  tool: (tool: AnthropicTool, text: TextTokenCounter) => number,
): number {
  let tokens = 0;
  if (typeof request.system === 'string') tokens += tokensPerMessage + text(request.system);
  else if (Array.isArray(request.system)) {
    tokens += tokensPerMessage;
    for (const block of request.system) tokens += estimateBlockTokens(block, text);
  }
  for (const message of request.messages) {
    tokens += tokensPerMessage;
    if (typeof message.content === 'string') tokens += text(message.content);
    else for (const block of message.content) tokens += estimateBlockTokens(block, text);
  }
  const tools = request.tools ?? [];
  if (tools.length > 0) tokens += toolUseSystemPromptTokens;
  for (const definition of tools) tokens += tool(definition, text);
  return tokens;
}
