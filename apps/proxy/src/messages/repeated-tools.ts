import { type AnthropicMessagesRequest, parseAnthropicMessagesRequest } from '@ccp/convert';
import { parseJsonText } from './read-json-body';
import { topLevelValueSpan } from './top-level-json-span';

type Tools = NonNullable<AnthropicMessagesRequest['tools']>;

/**
 * Claude Code sends the same tool definitions (about 60 KB of schemas) on every turn of a
 * session. This parses a request body, and when its `tools` text is one already seen, parses and
 * validates only the rest and reuses the tools validated then. Reused tools are deep-frozen, so
 * the later stages can cache by identity what they derive from them (the token estimate, the
 * sanitized schemas, the serialized upstream `tools`), and no stage can change them.
 */
export class RepeatedTools {
  private readonly byText = new Map<string, Tools>();
  private characters = 0;

  /**
   * @param maximumCharacters tool texts kept (least recently used go first)
   * @param minimumLength shorter tool lists are parsed each time: reuse would not pay
   */
  constructor(
    private readonly maximumCharacters = 4 * 1024 * 1024,
    private readonly minimumLength = 1024,
  ) {}

  /** Parses and validates a Messages request body (400 in Anthropic's envelope when invalid). */
  parseRequest(text: string): AnthropicMessagesRequest {
    const span = topLevelValueSpan(text, 'tools');
    if (span === undefined || span.end - span.start < this.minimumLength) {
      return parseAnthropicMessagesRequest(parseJsonText(text));
    }
    const toolsText = text.slice(span.start, span.end);
    const known = this.byText.get(toolsText);
    if (known) {
      const rest = parseRest(`${text.slice(0, span.start)}[]${text.slice(span.end)}`);
      if (rest !== undefined) {
        const request = parseAnthropicMessagesRequest(rest);
        this.byText.delete(toolsText);
        this.byText.set(toolsText, known);
        (request as { tools?: Tools }).tools = known;
        return request;
      }
    }
    const request = parseAnthropicMessagesRequest(parseJsonText(text));
    if (!known && request.tools && toolsText.length <= this.maximumCharacters) {
      deepFreeze(request.tools);
      this.remember(toolsText, request.tools);
    }
    return request;
  }

  private remember(text: string, tools: Tools): void {
    this.byText.set(text, tools);
    this.characters += text.length;
    for (const oldest of this.byText.keys()) {
      if (this.characters <= this.maximumCharacters) break;
      this.byText.delete(oldest);
      this.characters -= oldest.length;
    }
  }
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

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Array.isArray(value) ? value : Object.values(value)) deepFreeze(child);
}
