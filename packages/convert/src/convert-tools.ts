import type { AnthropicTool, AnthropicToolChoice } from './anthropic-api';
import { isAnthropicCustomTool } from './anthropic-request-schema';
import { addWarning } from './conversion-warning';
import type { OpenAIFunctionTool, OpenAIToolChoice } from './openai-api';
import type { ConversionContext } from './request-conversion-options';

/** A JSON schema the upstream takes as function parameters: through the dialect hook, always an object schema. */
export function upstreamSchema(
  schema: Record<string, unknown>,
  context: ConversionContext,
): Record<string, unknown> {
  const transformed = context.options.transformToolSchema
    ? context.options.transformToolSchema(schema)
    : schema;
  if (transformed.type !== undefined && transformed.type !== 'object') return transformed;
  if (transformed.type === 'object' && transformed.properties !== undefined) return transformed;
  // OpenAI requires `type: "object"`; some compatible servers also fail on an object without properties.
  return { ...transformed, type: 'object', properties: transformed.properties ?? {} };
}

/**
 * Custom tools → function tools (names shortened when OpenAI would reject them, schemas through
 * `transformToolSchema`); Anthropic-defined tools (`bash_20250124`, `web_search_20250305`...)
 * are dropped with a warning because OpenAI-compatible upstreams have no equivalent.
 *
 * @example convertTools([{ name: 'Read', input_schema: { type: 'object', properties: {} } }], context)
 */
export function convertTools(
  tools: AnthropicTool[] | undefined,
  context: ConversionContext,
): OpenAIFunctionTool[] {
  if (!tools) return [];
  const converted: OpenAIFunctionTool[] = [];
  tools.forEach((tool, index) => {
    const field = `tools.${index}`;
    if (!isAnthropicCustomTool(tool)) {
      addWarning(context.warnings, {
        type: 'dropped',
        field,
        message: `Anthropic-defined tool "${tool.name ?? tool.type}" (${tool.type}) dropped: it is run or defined by Anthropic and an OpenAI-compatible upstream has no equivalent`,
      });
      return;
    }
    if (tool.defer_loading === true) {
      // Tool search: Claude Code adds the full definition to `tools` once a search finds it.
      addWarning(context.warnings, {
        type: 'dropped',
        field,
        message: `deferred tool "${tool.name}" (defer_loading) not sent: it is loaded only when a tool search selects it`,
      });
      return;
    }
    const name = context.toolNames.toUpstream(tool.name);
    if (name !== tool.name) {
      addWarning(context.warnings, {
        type: 'converted',
        field: `${field}.name`,
        message: `tool name "${tool.name}" is not a valid OpenAI function name (at most 64 of a-z A-Z 0-9 _ -); sent as "${name}" and mapped back in the answer`,
      });
    }
    if (tool.cache_control) context.counts.cacheControlDropped += 1;
    const description =
      typeof tool.description === 'string' && tool.description.length > 0 ? tool.description : undefined;
    converted.push({
      type: 'function',
      function: {
        name,
        ...(description ? { description } : {}),
        parameters: upstreamSchema(tool.input_schema, context),
      },
    });
  });
  return converted;
}

export type ConvertedToolChoice = { tool_choice?: OpenAIToolChoice; parallel_tool_calls?: boolean };

/**
 * tool_choice auto/any/tool/none → "auto"/"required"/{function}/"none";
 * `disable_parallel_tool_use` → `parallel_tool_calls: false`. Only sent when there are tools.
 */
export function convertToolChoice(
  toolChoice: AnthropicToolChoice | undefined,
  tools: OpenAIFunctionTool[],
  context: ConversionContext,
): ConvertedToolChoice {
  if (!toolChoice) return {};
  if (tools.length === 0) {
    addWarning(context.warnings, {
      type: 'dropped',
      field: 'tool_choice',
      message: 'tool_choice dropped: no tool is sent upstream',
    });
    return {};
  }
  const parallel =
    'disable_parallel_tool_use' in toolChoice && toolChoice.disable_parallel_tool_use === true
      ? { parallel_tool_calls: false }
      : {};
  switch (toolChoice.type) {
    case 'auto':
      return { tool_choice: 'auto', ...parallel };
    case 'any':
      return { tool_choice: 'required', ...parallel };
    case 'none':
      return { tool_choice: 'none' };
    case 'tool': {
      const name = context.toolNames.toUpstream(toolChoice.name);
      if (!tools.some((tool) => tool.function.name === name)) {
        addWarning(context.warnings, {
          type: 'converted',
          field: 'tool_choice.name',
          message: `tool_choice names "${toolChoice.name}", which is not among the tools sent upstream; sent as "required"`,
        });
        return { tool_choice: 'required', ...parallel };
      }
      return { tool_choice: { type: 'function', function: { name } }, ...parallel };
    }
    default:
      return {};
  }
}
