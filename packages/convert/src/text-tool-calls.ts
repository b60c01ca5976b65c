import { isRecord } from './is-record';
import {
  closeObjectCode,
  isJsonWhitespace,
  isOpeningBracket,
  openArrayCode,
  openObjectCode,
  quoteCode,
} from './json/json-characters';
import { JsonCompletionScanner } from './json/json-completion-scanner';

/** A tool call a model wrote as text instead of calling the tool. */
export type TextToolCall = { name: string; input: Record<string, unknown> };

/** Options for recovering tool calls that small local models print as JSON text. */
export type TextToolCallRecovery = {
  /** The tool names the model was given (as sent upstream); a call must name one of them. */
  toolNames: readonly string[];
};

/** What the text read so far can still be. */
export enum TextToolCallVerdict {
  /** Still possibly nothing but tool calls: keep reading. */
  Possible,
  /** Certainly not only tool calls. */
  NotToolCalls,
}

enum Expect {
  /** Whitespace, then a call (bare JSON, a `<tool_call>` tag, a fence, `[TOOL_CALLS]`) or the end. */
  Call,
  /** The rest of a fence's first line (```json). */
  FenceInfo,
  /** Whitespace, then the JSON of a call. */
  Json,
  /** Inside the JSON of a call. */
  InJson,
  /** Whitespace, then the closing tag or fence. */
  Closer,
}

const tagOpen = '<tool_call>';
const tagClose = '</tool_call>';
const fence = '```';
const mistralPrefix = '[TOOL_CALLS]';
/** Keys a call object may have; any other key means the JSON is data, not a call. */
const callKeys = new Set(['name', 'arguments', 'parameters', 'input', 'args', 'type', 'id']);
const argumentKeys = ['arguments', 'parameters', 'input', 'args'] as const;

/** Reads one call object (`{name, arguments}`, `{name, parameters}`, `{type:'function', function:{…}}`). */
function _readCall(value: unknown, toolNames: ReadonlySet<string>): TextToolCall | undefined {
  if (!isRecord(value)) return undefined;
  if (isRecord(value.function) && (value.type === undefined || value.type === 'function')) {
    const { function: inner, ...rest } = value;
    if (Object.keys(rest).some((key) => key !== 'type' && key !== 'id')) return undefined;
    return _readCall(inner, toolNames);
  }
  const name = value.name;
  if (typeof name !== 'string' || !toolNames.has(name)) return undefined;
  if (Object.keys(value).some((key) => !callKeys.has(key))) return undefined;
  let input: unknown = {};
  for (const key of argumentKeys) {
    if (value[key] !== undefined) {
      input = value[key];
      break;
    }
  }
  if (typeof input === 'string') {
    try {
      input = input.trim() === '' ? {} : JSON.parse(input);
    } catch {
      return undefined;
    }
  }
  return isRecord(input) ? { name, input } : undefined;
}

function _readCalls(value: unknown, toolNames: ReadonlySet<string>): TextToolCall[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return undefined;
  const calls: TextToolCall[] = [];
  for (const item of items) {
    const call = _readCall(item, toolNames);
    if (!call) return undefined;
    calls.push(call);
  }
  return calls;
}

/**
 * Reads a model's text answer, as it grows, and tells as early as possible when it is not made
 * of tool calls only. Each character is examined once, so holding back up to the limit stays linear.
 *
 * @example
 * const reader = new TextToolCallReader({ toolNames: ['Bash'] });
 * reader.read('<tool_call>{"name":"Bash","arguments":{"command":"ls"}}</tool_call>'); // Possible
 * reader.finish(); // [{ name: 'Bash', input: { command: 'ls' } }]
 */
export class TextToolCallReader {
  private readonly toolNames: ReadonlySet<string>;
  private readonly calls: TextToolCall[] = [];
  private text = '';
  private position = 0;
  private expect = Expect.Call;
  private closer = '';
  private jsonStart = 0;
  private scanner = new JsonCompletionScanner();
  private verdict = TextToolCallVerdict.Possible;
  private checkedOpening = false;

  constructor(recovery: TextToolCallRecovery) {
    this.toolNames = new Set(recovery.toolNames);
  }

  /** `text` is the whole answer so far (it must extend the previous one). */
  read(text: string): TextToolCallVerdict {
    if (this.verdict === TextToolCallVerdict.NotToolCalls) return this.verdict;
    this.text = text;
    if (!this.advance()) this.verdict = TextToolCallVerdict.NotToolCalls;
    return this.verdict;
  }

  /** The calls, when the whole text was one or more tool calls (a last closing tag may be missing). */
  finish(): TextToolCall[] | undefined {
    if (this.verdict === TextToolCallVerdict.NotToolCalls || this.calls.length === 0) return undefined;
    if (this.expect === Expect.Call) return this.calls;
    // Models often stop right after the JSON, before `</tool_call>` or the closing fence.
    if (this.expect === Expect.Closer && this.restIsBlank()) return this.calls;
    return undefined;
  }

  private restIsBlank(): boolean {
    for (let index = this.position; index < this.text.length; index++)
      if (!isJsonWhitespace(this.text.charCodeAt(index))) return false;
    return true;
  }

  private skipWhitespace(): boolean {
    const text = this.text;
    while (this.position < text.length && isJsonWhitespace(text.charCodeAt(this.position))) this.position++;
    return this.position < text.length;
  }

  /** `token` at the position: 1 when there, 0 when the text ends in a start of it, -1 otherwise. */
  private matchToken(token: string): number {
    const text = this.text;
    const available = text.length - this.position;
    if (available >= token.length) return text.startsWith(token, this.position) ? 1 : -1;
    return token.startsWith(text.slice(this.position)) ? 0 : -1;
  }

  /** Moves through the text; false when it cannot be tool calls only. */
  private advance(): boolean {
    const text = this.text;
    while (true) {
      switch (this.expect) {
        case Expect.Call: {
          if (!this.skipWhitespace()) return true;
          const code = text.charCodeAt(this.position);
          if (code === openObjectCode || (code === openArrayCode && this.matchToken(mistralPrefix) === -1)) {
            this.startJson('');
            continue;
          }
          const tag = this.matchToken(tagOpen);
          const fenced = this.matchToken(fence);
          const mistral = this.matchToken(mistralPrefix);
          if (tag === 1) {
            this.position += tagOpen.length;
            this.closer = tagClose;
            this.expect = Expect.Json;
          } else if (fenced === 1) {
            this.position += fence.length;
            this.closer = fence;
            this.expect = Expect.FenceInfo;
          } else if (mistral === 1) {
            this.position += mistralPrefix.length;
            this.closer = '';
            this.expect = Expect.Json;
          } else return tag === 0 || fenced === 0 || mistral === 0;
          continue;
        }
        case Expect.FenceInfo: {
          const lineEnd = text.indexOf('\n', this.position);
          const info = text.slice(this.position, lineEnd < 0 ? text.length : lineEnd).trim();
          if (!/^[A-Za-z_-]*$/.test(info) || info.length > 16) return false;
          if (lineEnd < 0) return true;
          this.position = lineEnd + 1;
          this.expect = Expect.Json;
          continue;
        }
        case Expect.Json: {
          if (!this.skipWhitespace()) return true;
          const code = text.charCodeAt(this.position);
          if (!isOpeningBracket(code)) return false;
          this.startJson(this.closer);
          continue;
        }
        case Expect.InJson: {
          if (!this.checkedOpening) {
            const opening = this.readOpening();
            if (opening === undefined) return true;
            if (!opening) return false;
            this.checkedOpening = true;
          }
          const scanner = this.scanner;
          if (!scanner.read(text)) return !scanner.isInvalid;
          let value: unknown;
          try {
            value = JSON.parse(text.slice(this.jsonStart, scanner.end));
          } catch {
            return false;
          }
          const calls = _readCalls(value, this.toolNames);
          if (!calls) return false;
          this.calls.push(...calls);
          this.position = scanner.end;
          this.expect = this.closer === '' ? Expect.Call : Expect.Closer;
          continue;
        }
        case Expect.Closer: {
          if (!this.skipWhitespace()) return true;
          const closing = this.matchToken(this.closer);
          if (closing !== 1) return closing === 0;
          this.position += this.closer.length;
          this.expect = Expect.Call;
          continue;
        }
      }
    }
  }

  /**
   * Whether the JSON opens like a call: `{` then a key, or `[` then an object; undefined until
   * the character after the bracket has arrived. Prose like `{ see below }` is let go at once.
   */
  private readOpening(): boolean | undefined {
    const text = this.text;
    const bracket = text.charCodeAt(this.jsonStart);
    let index = this.jsonStart + 1;
    while (index < text.length && isJsonWhitespace(text.charCodeAt(index))) index++;
    if (index >= text.length) return undefined;
    const code = text.charCodeAt(index);
    return bracket === openObjectCode
      ? code === quoteCode || code === closeObjectCode
      : code === openObjectCode;
  }

  private startJson(closer: string): void {
    this.checkedOpening = false;
    this.closer = closer;
    this.jsonStart = this.position;
    this.scanner = new JsonCompletionScanner(this.position);
    this.expect = Expect.InJson;
  }
}

/**
 * The tool calls a model wrote as its whole text answer — bare JSON, a ```json fence,
 * Hermes/Qwen `<tool_call>` tags or Mistral `[TOOL_CALLS]` — when each names a declared tool;
 * `undefined` for any other text.
 *
 * @example
 * parseTextToolCalls('{"name":"Bash","arguments":{"command":"ls"}}', { toolNames: ['Bash'] });
 * // [{ name: 'Bash', input: { command: 'ls' } }]
 */
export function parseTextToolCalls(text: string, recovery: TextToolCallRecovery): TextToolCall[] | undefined {
  const reader = new TextToolCallReader(recovery);
  if (reader.read(text) === TextToolCallVerdict.NotToolCalls) return undefined;
  return reader.finish();
}
