import { type AnthropicMessagesRequest, parseAnthropicMessagesRequest } from '@ccp/convert';
import { bodyText, parseJsonText } from './read-json-body';
import { topLevelValueSpan } from './top-level-json-span';
import { deepFreeze } from './deep-freeze';

type Tools = NonNullable<AnthropicMessagesRequest['tools']>;
type Known = { bytes: Buffer; tools: Tools };

/**
 * Claude Code sends the same tool definitions (about 60 KB of schemas) on every turn of a
 * session. This parses a request body, and when its `tools` bytes are ones already seen, decodes,
 * parses and validates only the rest and reuses the tools validated then. Reused tools are
 * deep-frozen, so the later stages can cache by identity what they derive from them (the token
 * estimate, the sanitized schemas, the serialized upstream `tools`), and no stage can change them.
 */
export class RepeatedTools {
  /** Most recently used last. */
  private readonly known: Known[] = [];
  private bytes = 0;

  /**
   * @param maximumBytes tool texts kept (least recently used go first)
   * @param minimumLength shorter tool lists are parsed each time: reuse would not pay
   */
  constructor(
    private readonly maximumBytes = 4 * 1024 * 1024,
    private readonly minimumLength = 1024,
  ) {}

  /** Parses and validates a Messages request body (400 in Anthropic's envelope when invalid). */
  parseRequest(body: Uint8Array): AnthropicMessagesRequest {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const span = bytes.byteLength > 0 ? topLevelValueSpan(bytes, 'tools') : undefined;
    if (span === undefined || span.end - span.start < this.minimumLength) {
      return parseWhole(bytes);
    }
    const toolsBytes = bytes.subarray(span.start, span.end);
    const known = this.find(toolsBytes);
    if (known) {
      const rest = parseRest(`${bytes.toString('utf8', 0, span.start)}[]${bytes.toString('utf8', span.end)}`);
      if (rest !== undefined) {
        const request = parseAnthropicMessagesRequest(rest);
        (request as { tools?: Tools }).tools = known.tools;
        return request;
      }
    }
    const request = parseWhole(bytes);
    if (!known && request.tools && toolsBytes.byteLength <= this.maximumBytes) {
      deepFreeze(request.tools);
      this.remember({ bytes: Buffer.from(toolsBytes), tools: request.tools });
    }
    return request;
  }

  private find(bytes: Buffer): Known | undefined {
    for (let index = this.known.length - 1; index >= 0; index--) {
      const entry = this.known[index] as Known;
      if (entry.bytes.byteLength !== bytes.byteLength || !entry.bytes.equals(bytes)) continue;
      if (index !== this.known.length - 1) {
        this.known.splice(index, 1);
        this.known.push(entry);
      }
      return entry;
    }
    return undefined;
  }

  private remember(entry: Known): void {
    this.known.push(entry);
    this.bytes += entry.bytes.byteLength;
    while (this.bytes > this.maximumBytes && this.known.length > 1) {
      const oldest = this.known.shift() as Known;
      this.bytes -= oldest.bytes.byteLength;
    }
  }
}

/** The whole body decoded, parsed and validated: the way when there is nothing to reuse. */
function parseWhole(bytes: Buffer): AnthropicMessagesRequest {
  return parseAnthropicMessagesRequest(parseJsonText(bodyText(bytes)));
}

/** The body with `tools: []` in place of the known text; undefined sends the caller the long way. */
function parseRest(text: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const tools = (parsed as { tools?: unknown }).tools;
  return Array.isArray(tools) && tools.length === 0 ? (parsed as Record<string, unknown>) : undefined;
}
