import {
  type AnthropicMessagesRequest,
  findTopLevelJsonMember,
  type OpenAIChatRequest,
  parseAnthropicMessagesRequest,
} from '@ccp/convert';
import type { ProviderDialect } from '@ccp/reasoning';
import { bodyText, parseJsonText } from './read-json-body';

type Tools = NonNullable<AnthropicMessagesRequest['tools']>;
type Schema = Record<string, unknown>;
type UpstreamTool = NonNullable<OpenAIChatRequest['tools']>[number];
type Known = { bytes: Buffer; tools: Tools };
/** The fields of each upstream tool and of its `function`, in order: what the JSON of the list depends on. */
type ToolsShape = unknown[];
type SerializedTools = { shape: ToolsShape; bytes: Buffer };

const toolsKey = Buffer.from(',"tools":');
const emptyList = Buffer.from('[]');
const toolsName = Buffer.from('tools');
const closeBrace = 0x7d;

/**
 * What one gateway remembers about the tool definitions clients resend on every turn. Claude
 * Code sends the same ~60 KB of schemas each time; the first time they are parsed and validated
 * as usual, and from then on a request whose `tools` bytes are known has only the rest of its
 * body decoded, parsed and validated, and gets the tools validated then.
 *
 * Everything derived from such tools is kept here too, keyed by the identity of objects this
 * value handed out (never by a property of the objects themselves): the sanitized schema per
 * dialect and model, and the serialized upstream `tools` list. Shared objects are frozen as well,
 * so no stage can change what other requests reuse.
 *
 * @example
 * const tools = new SessionTools();
 * const request = tools.parseRequest(bodyBytes);
 */
export class SessionTools {
  /** Most recently used last. */
  private readonly known: Known[] = [];
  private knownBytes = 0;
  /** Objects handed out for reuse: validated tools and sanitized schemas. */
  private readonly shared = new WeakSet<object>();
  private readonly sanitized = new WeakMap<object, Map<string, Schema>>();
  private readonly serialized = new WeakMap<object, SerializedTools>();

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
    // A known tools text is recognised where the value starts, by comparing bytes, not scanned.
    let known: Known | undefined;
    const span =
      bytes.byteLength > 0
        ? findTopLevelJsonMember(bytes, toolsName, (start) => {
            known = this.findAt(bytes, start);
            return known ? start + known.bytes.byteLength : -1;
          })
        : undefined;
    if (span === undefined || span.end - span.start < this.minimumLength) {
      return parseWhole(bytes);
    }
    if (known) {
      this.touch(known);
      // The rest of the body, with `[]` for the tools, decoded from UTF-8 once.
      const rest = parseRest(
        Buffer.concat([bytes.subarray(0, span.start), emptyList, bytes.subarray(span.end)]).toString('utf8'),
      );
      if (rest !== undefined) {
        const request = parseAnthropicMessagesRequest(rest);
        (request as { tools?: Tools }).tools = known.tools;
        return request;
      }
    }
    const request = parseWhole(bytes);
    const toolsBytes = bytes.subarray(span.start, span.end);
    if (!known && request.tools && toolsBytes.byteLength <= this.maximumBytes) {
      this.share(request.tools);
      this.remember({ bytes: Buffer.from(toolsBytes), tools: request.tools });
    }
    return request;
  }

  /**
   * `transform(schema)` once per reused schema, dialect and model; a schema this value did not
   * hand out could change, and is transformed every time.
   */
  sanitizedSchema(
    schema: Schema,
    dialect: ProviderDialect,
    model: string,
    transform: (schema: Schema) => Schema,
  ): Schema {
    if (!this.shared.has(schema)) return transform(schema);
    let byTarget = this.sanitized.get(schema);
    if (!byTarget) {
      byTarget = new Map();
      this.sanitized.set(schema, byTarget);
    }
    const key = `${dialect}\u0000${model}`;
    let result = byTarget.get(key);
    if (!result) {
      result = transform(schema);
      this.share(result);
      byTarget.set(key, result);
    }
    return result;
  }

  /**
   * The upstream request body. When the tools' schemas are reused ones, the JSON of the `tools`
   * list is made once and spliced in as bytes, so Claude Code's tool definitions are neither
   * re-serialized nor re-encoded on later turns. Otherwise, and whenever anything about the list
   * differs, plain `JSON.stringify`.
   */
  serializeBody(body: OpenAIChatRequest): string | Buffer {
    const tools = body.tools;
    const firstSchema = tools?.[0]?.function.parameters;
    if (!tools || typeof firstSchema !== 'object' || !this.shared.has(firstSchema))
      return JSON.stringify(body);
    const shape = this.toolsShape(tools);
    if (shape === undefined) return JSON.stringify(body);
    let entry = this.serialized.get(firstSchema);
    if (!entry || !sameShape(entry.shape, shape)) {
      entry = { shape, bytes: Buffer.from(JSON.stringify(tools)) };
      this.serialized.set(firstSchema, entry);
    }
    const rest = JSON.stringify({ ...body, tools: undefined });
    if (rest === '{}') return `{"tools":${entry.bytes.toString('utf8')}}`;
    // One buffer for the whole body: the rest's bytes, whose closing brace `,"tools":` then
    // overwrites, the tools' bytes and the brace again.
    const restBytes = Buffer.byteLength(rest);
    const out = Buffer.allocUnsafe(restBytes - 1 + toolsKey.byteLength + entry.bytes.byteLength + 1);
    out.write(rest, 0, 'utf8');
    let offset = restBytes - 1;
    offset += toolsKey.copy(out, offset);
    offset += entry.bytes.copy(out, offset);
    out[offset] = closeBrace;
    return out;
  }

  /** Whether an object was handed out by this value for reuse (and so cannot change). */
  isShared(value: object): boolean {
    return this.shared.has(value);
  }

  /** Freezes and registers an object and everything in it. */
  private share(value: unknown): void {
    if (typeof value !== 'object' || value === null || this.shared.has(value)) return;
    Object.freeze(value);
    this.shared.add(value);
    for (const child of Array.isArray(value) ? value : Object.values(value)) this.share(child);
  }

  /** Every key and value of each tool and its `function`; undefined when one holds an object that could change. */
  private toolsShape(tools: UpstreamTool[]): ToolsShape | undefined {
    const shape: ToolsShape = [tools.length];
    for (const tool of tools) {
      if (!this.addFields(shape, tool as unknown as Record<string, unknown>, 'function')) return undefined;
      if (!this.addFields(shape, tool.function as unknown as Record<string, unknown>)) return undefined;
    }
    return shape;
  }

  private addFields(shape: ToolsShape, record: Record<string, unknown>, skip?: string): boolean {
    for (const key in record) {
      if (key === skip) continue;
      const value = record[key];
      if (typeof value === 'object' && value !== null && !this.shared.has(value)) return false;
      shape.push(key, value);
    }
    shape.push(undefined);
    return true;
  }

  /** The known tools text found at `start` in `bytes`, if any. */
  private findAt(bytes: Buffer, start: number): Known | undefined {
    for (let index = this.known.length - 1; index >= 0; index--) {
      const entry = this.known[index] as Known;
      const end = start + entry.bytes.byteLength;
      if (end <= bytes.byteLength && bytes.compare(entry.bytes, 0, entry.bytes.byteLength, start, end) === 0)
        return entry;
    }
    return undefined;
  }

  /** Marks a known text as the most recently used. */
  private touch(entry: Known): void {
    const index = this.known.lastIndexOf(entry);
    if (index >= 0 && index !== this.known.length - 1) {
      this.known.splice(index, 1);
      this.known.push(entry);
    }
  }

  private remember(entry: Known): void {
    this.known.push(entry);
    this.knownBytes += entry.bytes.byteLength;
    while (this.knownBytes > this.maximumBytes && this.known.length > 1) {
      const oldest = this.known.shift() as Known;
      this.knownBytes -= oldest.bytes.byteLength;
    }
  }
}

function sameShape(left: ToolsShape, right: ToolsShape): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
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
