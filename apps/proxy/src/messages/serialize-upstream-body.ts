import type { OpenAIChatRequest } from '@ccp/convert';

type Tool = NonNullable<OpenAIChatRequest['tools']>[number];
/** The fields of each tool and of its `function`, in order: what the JSON of the list depends on. */
type ToolsShape = unknown[];
type Entry = { shape: ToolsShape; bytes: Buffer };

const byFirstSchema = new WeakMap<object, Entry>();
const toolsKey = Buffer.from(',"tools":');
const closing = Buffer.from('}');

/**
 * The upstream request body. When the tools' schemas are frozen (reused across turns, see
 * `RepeatedTools`), the JSON of the `tools` list is made once and spliced in as bytes: Claude
 * Code's 60 KB of tool definitions are neither re-serialized nor re-encoded on later turns.
 * Otherwise, and whenever anything about the list differs, plain `JSON.stringify`.
 */
export function serializeUpstreamBody(body: OpenAIChatRequest): string | Buffer {
  const tools = body.tools;
  const firstSchema = tools?.[0]?.function.parameters;
  if (!tools || !isFrozenObject(firstSchema)) return JSON.stringify(body);
  const shape = toolsShape(tools);
  if (shape === undefined) return JSON.stringify(body);
  let entry = byFirstSchema.get(firstSchema);
  if (!entry || !sameShape(entry.shape, shape)) {
    entry = { shape, bytes: Buffer.from(JSON.stringify(tools)) };
    byFirstSchema.set(firstSchema, entry);
  }
  const rest = JSON.stringify({ ...body, tools: undefined });
  if (rest === '{}') return `{"tools":${entry.bytes.toString('utf8')}}`;
  return Buffer.concat([Buffer.from(rest.slice(0, -1)), toolsKey, entry.bytes, closing]);
}

/** Every key and value of each tool and its `function`; undefined when one holds an object that could change. */
function toolsShape(tools: Tool[]): ToolsShape | undefined {
  const shape: ToolsShape = [tools.length];
  for (const tool of tools) {
    if (!addFields(shape, tool as unknown as Record<string, unknown>, 'function')) return undefined;
    if (!addFields(shape, tool.function as unknown as Record<string, unknown>)) return undefined;
  }
  return shape;
}

function addFields(shape: ToolsShape, record: Record<string, unknown>, skip?: string): boolean {
  for (const key in record) {
    if (key === skip) continue;
    const value = record[key];
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) return false;
    shape.push(key, value);
  }
  shape.push(undefined);
  return true;
}

function sameShape(left: ToolsShape, right: ToolsShape): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

function isFrozenObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.isFrozen(value);
}
