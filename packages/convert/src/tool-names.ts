import { shortHash } from './short-hash';

/** Upstream tool name → the original Anthropic tool name, for names that had to change. */
export type ToolNameMap = Record<string, string>;

/** OpenAI function names: at most 64 characters out of `[a-zA-Z0-9_-]`. */
const maximumToolNameLength = 64;
const validToolName = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * The name a tool goes by upstream: valid names stay as they are; others get invalid characters
 * replaced by `_` and, when too long or changed, a hash of the original as a suffix, so the same
 * name always maps to the same upstream name.
 *
 * @example upstreamToolName('mcp__server__tool.with.dots') // 'mcp__server__tool_with_dots_k3j9x0a1b2'
 */
export function upstreamToolName(name: string): string {
  if (validToolName.test(name)) return name;
  const suffix = `_${shortHash(name)}`;
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_');
  return cleaned.slice(0, maximumToolNameLength - suffix.length) + suffix;
}

/**
 * The Anthropic name of a tool the upstream called by `upstreamName` (unchanged when not mapped).
 *
 * @example restoreToolName(result.toolNames, toolCall.function.name)
 */
export function restoreToolName(map: ToolNameMap, upstreamName: string): string {
  return (Object.hasOwn(map, upstreamName) ? map[upstreamName] : undefined) ?? upstreamName;
}

/** Collects the names that changed while converting one request. */
export class ToolNameRegistry {
  readonly map: ToolNameMap = {};

  /** The upstream name for `name`, recording the change. */
  toUpstream(name: string): string {
    const upstream = upstreamToolName(name);
    if (upstream !== name) this.map[upstream] = name;
    return upstream;
  }
}

const validToolCallId = /^[a-zA-Z0-9_-]+$/;

/**
 * A tool call id every upstream takes (`^[a-zA-Z0-9_-]+$`): valid ids stay as they are, others
 * get invalid characters replaced and a hash suffix, so a tool_use and its tool_result still match.
 *
 * @example upstreamToolCallId('call:1') // 'call_1_<hash>'
 */
export function upstreamToolCallId(id: string): string {
  if (validToolCallId.test(id)) return id;
  return `${id.replace(/[^a-zA-Z0-9_-]/g, '_') || 'toolu'}_${shortHash(id)}`;
}
