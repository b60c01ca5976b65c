import * as v from 'valibot';
import { AnthropicApiError } from './anthropic-error';
import { isRecord } from './is-record';
import { findTooDeepPath, maximumRequestNestingDepth } from './nesting-depth';
import { validationIssuesMessage } from './validation-issue-message';

// Every object is a looseObject: fields Anthropic adds tomorrow (and Claude Code sends the day
// after) must pass through untouched; the converter decides what to use. The request types
// are inferred from these schemas, so a field the schema checks is a field the types know.

type AnySchema = v.GenericSchema<unknown, unknown>;

/** Picks a schema by the value of `type`, so errors point at the block's own fields. */
function dispatchOnType<TSchemas extends Record<string, AnySchema>, TFallback extends AnySchema = never>(
  schemas: TSchemas,
  fallback?: (type: string) => TFallback | undefined,
): v.GenericSchema<unknown, v.InferOutput<TSchemas[keyof TSchemas] | TFallback>> {
  const known = Object.keys(schemas);
  // Reached only by inputs whose `type` is none of `known`, so it always fails and never yields
  // a value: typed as the dispatched union so that it does not widen `type` to any string.
  const unknownType = v.looseObject({
    type: v.picklist(
      known,
      (issue) =>
        `Input tag ${JSON.stringify(issue.input)} found using 'type' does not match any of the expected tags: ${known
          .map((name) => `'${name}'`)
          .join(', ')}`,
    ),
  }) as unknown as TSchemas[keyof TSchemas];
  return v.lazy((input) => {
    if (!isRecord(input)) return unknownType;
    const type = input.type;
    if (typeof type !== 'string') return unknownType;
    return (Object.hasOwn(schemas, type) ? schemas[type] : undefined) ?? fallback?.(type) ?? unknownType;
  });
}

const cacheControlSchema = v.nullish(v.looseObject({ type: v.string() }));

const textBlockSchema = v.looseObject({
  type: v.literal('text'),
  text: v.string(),
  cache_control: cacheControlSchema,
});

const imageSourceSchema = dispatchOnType({
  base64: v.looseObject({ type: v.literal('base64'), media_type: v.string(), data: v.string() }),
  url: v.looseObject({ type: v.literal('url'), url: v.string() }),
  file: v.looseObject({ type: v.literal('file'), file_id: v.string() }),
});

const imageBlockSchema = v.looseObject({
  type: v.literal('image'),
  source: imageSourceSchema,
  cache_control: cacheControlSchema,
});

/** Blocks that Anthropic only produces itself (server tools, MCP, compaction...); carried as they are. */
const carriedBlockTypes = new Set([
  'search_result',
  'server_tool_use',
  'mcp_tool_use',
  'mcp_tool_result',
  'mcp_tool_listing',
  'container_upload',
  'compaction',
  'tool_addition',
  'tool_removal',
  'tool_reference',
  'fallback',
]);

/** The `type` of a block carried as it is: the names above and any `*_tool_use` or `*_tool_result`. */
export type AnthropicCarriedBlockType =
  | 'search_result'
  | 'mcp_tool_listing'
  | 'container_upload'
  | 'compaction'
  | 'tool_addition'
  | 'tool_removal'
  | 'tool_reference'
  | 'fallback'
  | `${string}_tool_use`
  | `${string}_tool_result`;

function isCarriedBlockType(type: unknown): type is AnthropicCarriedBlockType {
  return (
    typeof type === 'string' && (carriedBlockTypes.has(type) || /^[a-z0-9_]+_tool_(use|result)$/.test(type))
  );
}

const carriedBlockSchema = v.looseObject({ type: v.custom<AnthropicCarriedBlockType>(isCarriedBlockType) });

function carriedBlockFallback(type: string): typeof carriedBlockSchema | undefined {
  return isCarriedBlockType(type) ? carriedBlockSchema : undefined;
}

/**
 * A block inside a document or a tool result. It is validated as a content block like any other,
 * but typed only by its `type`: TypeScript cannot infer a type through the schema's cycle.
 */
export type AnthropicNestedBlockParam = { type: string; [key: string]: unknown };

// Content of documents and tool results refers back to the block schema: lazy to allow the cycle.
const nestedBlockSchema: v.GenericSchema<unknown, AnthropicNestedBlockParam> = v.lazy(
  () => contentBlockSchema,
);

const documentSourceSchema = dispatchOnType({
  base64: v.looseObject({ type: v.literal('base64'), media_type: v.string(), data: v.string() }),
  text: v.looseObject({ type: v.literal('text'), media_type: v.optional(v.string()), data: v.string() }),
  url: v.looseObject({ type: v.literal('url'), url: v.string() }),
  content: v.looseObject({ type: v.literal('content'), content: stringOrBlocks(nestedBlockSchema) }),
  file: v.looseObject({ type: v.literal('file'), file_id: v.string() }),
});

const documentBlockSchema = v.looseObject({
  type: v.literal('document'),
  source: documentSourceSchema,
  title: v.nullish(v.string()),
  context: v.nullish(v.string()),
  cache_control: cacheControlSchema,
});

const toolUseBlockSchema = v.looseObject({
  type: v.literal('tool_use'),
  // Ids outside ^[a-zA-Z0-9_-]+$ are accepted on purpose: the converter sanitises them.
  id: v.string(),
  name: v.string(),
  input: v.record(v.string(), v.unknown()),
  cache_control: cacheControlSchema,
});

const toolResultBlockSchema = v.looseObject({
  type: v.literal('tool_result'),
  tool_use_id: v.string(),
  content: v.optional(stringOrBlocks(nestedBlockSchema)),
  is_error: v.optional(v.boolean()),
  cache_control: cacheControlSchema,
});

const thinkingBlockSchema = v.looseObject({
  type: v.literal('thinking'),
  thinking: v.string(),
  // Anthropic requires a signature; blocks produced by other providers through ccp may lack one.
  signature: v.optional(v.string()),
});

const redactedThinkingBlockSchema = v.looseObject({ type: v.literal('redacted_thinking'), data: v.string() });

const contentBlockSchema = dispatchOnType(
  {
    text: textBlockSchema,
    image: imageBlockSchema,
    document: documentBlockSchema,
    tool_use: toolUseBlockSchema,
    tool_result: toolResultBlockSchema,
    thinking: thinkingBlockSchema,
    redacted_thinking: redactedThinkingBlockSchema,
    server_tool_use: carriedBlockSchema,
    web_search_tool_result: carriedBlockSchema,
    web_fetch_tool_result: carriedBlockSchema,
  },
  carriedBlockFallback,
);

/** `string | block[]`, choosing by the input so errors name the failing block, not "union". */
function stringOrBlocks<TBlock extends AnySchema>(block: TBlock) {
  const asString = v.string();
  const asBlocks = v.array(block, 'Input should be a valid string or a list of content blocks');
  return v.lazy((input) => (typeof input === 'string' ? asString : asBlocks));
}

const userOrAssistantMessageSchema = v.looseObject({
  // A role of 'system' goes to the system message schema; the wording still lists it as valid.
  role: v.picklist(['user', 'assistant'], (issue) =>
    issue.input === undefined
      ? 'Field required'
      : `Input should be 'user', 'assistant' or 'system', not ${issue.received}`,
  ),
  content: stringOrBlocks(contentBlockSchema),
});

// A system message in the middle of the conversation carries text only.
const systemMessageSchema = v.looseObject({
  role: v.literal('system'),
  content: stringOrBlocks(textBlockSchema),
});

const messageSchema = v.lazy((input) =>
  isRecord(input) && input.role === 'system' ? systemMessageSchema : userOrAssistantMessageSchema,
);

const customToolSchema = v.looseObject({
  type: v.optional(v.literal('custom')),
  name: v.pipe(v.string(), v.minLength(1, 'Input should have at least 1 character')),
  description: v.optional(v.string()),
  input_schema: v.record(v.string(), v.unknown()),
  cache_control: cacheControlSchema,
});

/** Anthropic-defined tools (`bash_20250124`, `web_search_20250305`, `mcp_toolset`...): type and name. */
const definedToolSchema = v.looseObject({ type: v.string(), name: v.optional(v.string()) });

const toolSchema = v.lazy((input) =>
  isRecord(input) && input.type !== undefined && input.type !== 'custom'
    ? definedToolSchema
    : customToolSchema,
);

/** Whether a tool is one the client defined (name, description, input schema), not an Anthropic-defined one. */
export function isAnthropicCustomTool(tool: AnthropicTool): tool is AnthropicCustomTool {
  return tool.type === undefined || tool.type === 'custom';
}

const toolChoiceSchema = dispatchOnType({
  auto: v.looseObject({ type: v.literal('auto'), disable_parallel_tool_use: v.optional(v.boolean()) }),
  any: v.looseObject({ type: v.literal('any'), disable_parallel_tool_use: v.optional(v.boolean()) }),
  tool: v.looseObject({
    type: v.literal('tool'),
    name: v.string(),
    disable_parallel_tool_use: v.optional(v.boolean()),
  }),
  none: v.looseObject({ type: v.literal('none') }),
});

const thinkingSchema = dispatchOnType({
  enabled: v.looseObject({
    type: v.literal('enabled'),
    // Anthropic's own minimum is 1024; smaller budgets are harmless upstream, so they pass.
    budget_tokens: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  adaptive: v.looseObject({ type: v.literal('adaptive') }),
  disabled: v.looseObject({ type: v.literal('disabled') }),
});

const outputConfigSchema = v.looseObject({
  effort: v.optional(v.picklist(['low', 'medium', 'high', 'xhigh', 'max'])),
  format: v.nullish(
    v.looseObject({ type: v.literal('json_schema'), schema: v.record(v.string(), v.unknown()) }),
  ),
});

const systemSchema = stringOrBlocks(textBlockSchema);

const modelSchema = v.pipe(v.string(), v.minLength(1, 'String should have at least 1 character'));

const commonRequestEntries = {
  messages: v.pipe(v.array(messageSchema), v.minLength(1, 'at least one message is required')),
  system: v.optional(systemSchema),
  stream: v.optional(v.boolean()),
  stop_sequences: v.optional(v.array(v.string())),
  // Anthropic takes 0 to 1; a larger value would be passed on to an upstream that reads it on another scale.
  temperature: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  top_p: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  top_k: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  metadata: v.optional(v.looseObject({ user_id: v.nullish(v.string()) })),
  tools: v.optional(v.array(toolSchema)),
  tool_choice: v.optional(toolChoiceSchema),
  thinking: v.optional(thinkingSchema),
  output_config: v.optional(outputConfigSchema),
  service_tier: v.optional(v.string()),
};

// max_tokens 0 (Anthropic's cache pre-warm) has no meaning upstream, so at least 1 is required.
const maxTokensSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(
    1,
    'Input should be greater than or equal to 1 (max_tokens 0, a cache pre-warm, is not supported)',
  ),
);

/** The valibot schema of an Anthropic Messages request (`POST /v1/messages`). */
export const anthropicMessagesRequestSchema = v.looseObject({
  model: modelSchema,
  max_tokens: maxTokensSchema,
  ...commonRequestEntries,
});

/** The valibot schema of a token-count request (`POST /v1/messages/count_tokens`). */
export const anthropicCountTokensRequestSchema = v.looseObject({
  model: modelSchema,
  max_tokens: v.optional(v.number()),
  ...commonRequestEntries,
});

// ------------------------------------------------------------------ types inferred from the schemas

export type AnthropicCacheControl = NonNullable<v.InferOutput<typeof cacheControlSchema>>;
export type AnthropicTextBlockParam = v.InferOutput<typeof textBlockSchema>;
export type AnthropicImageSource = v.InferOutput<typeof imageSourceSchema>;
export type AnthropicImageBlockParam = v.InferOutput<typeof imageBlockSchema>;
export type AnthropicDocumentSource = v.InferOutput<typeof documentSourceSchema>;
export type AnthropicDocumentBlockParam = v.InferOutput<typeof documentBlockSchema>;
export type AnthropicToolUseBlockParam = v.InferOutput<typeof toolUseBlockSchema>;
export type AnthropicToolResultBlockParam = v.InferOutput<typeof toolResultBlockSchema>;
export type AnthropicThinkingBlockParam = v.InferOutput<typeof thinkingBlockSchema>;
export type AnthropicRedactedThinkingBlockParam = v.InferOutput<typeof redactedThinkingBlockSchema>;
/** Server tool calls and results, MCP, search results, compaction...: blocks carried as they are. */
export type AnthropicCarriedBlockParam = v.InferOutput<typeof carriedBlockSchema>;
export type AnthropicContentBlockParam = v.InferOutput<typeof contentBlockSchema>;
export type AnthropicMessageParam = v.InferOutput<typeof messageSchema>;
export type AnthropicCustomTool = v.InferOutput<typeof customToolSchema>;
/** Anthropic-defined tools such as `bash_20250124`, `text_editor_20250728`, `web_search_20250305`. */
export type AnthropicServerTool = v.InferOutput<typeof definedToolSchema>;
export type AnthropicTool = v.InferOutput<typeof toolSchema>;
export type AnthropicToolChoice = v.InferOutput<typeof toolChoiceSchema>;
export type AnthropicThinkingConfig = v.InferOutput<typeof thinkingSchema>;
export type AnthropicOutputConfig = v.InferOutput<typeof outputConfigSchema>;
export type AnthropicEffort = NonNullable<AnthropicOutputConfig['effort']>;
export type AnthropicMessagesRequest = v.InferOutput<typeof anthropicMessagesRequestSchema>;
export type AnthropicCountTokensRequest = v.InferOutput<typeof anthropicCountTokensRequestSchema>;

/**
 * Whether a block nested in a document or tool result is an image block. Nested blocks were
 * validated with the request, but their type is only `{ type }`; this check gives it back.
 */
export function isAnthropicImageBlock(block: unknown): block is AnthropicImageBlockParam {
  return v.is(imageBlockSchema, block);
}

/** Whether a block nested in a document or tool result is a document block (see {@link isAnthropicImageBlock}). */
export function isAnthropicDocumentBlock(block: unknown): block is AnthropicDocumentBlockParam {
  return v.is(documentBlockSchema, block);
}

// ------------------------------------------------------------------ parsing

function parseOrThrow<TSchema extends AnySchema>(schema: TSchema, body: unknown): v.InferOutput<TSchema> {
  // valibot takes arrays for objects; Anthropic wants a JSON object at the top.
  if (!isRecord(body)) {
    throw new AnthropicApiError('request body: Input should be a valid dictionary (a JSON object)', {
      status: 400,
    });
  }
  // Validation, conversion and JSON.stringify all recurse: thousands of levels would overflow the
  // stack (a 500). No real request nests anywhere near this deep, so it is a 400 before anything recurses.
  const tooDeep = findTooDeepPath(body, maximumRequestNestingDepth);
  if (tooDeep !== undefined) {
    throw new AnthropicApiError(
      `${tooDeep}: arrays and objects are nested more than ${maximumRequestNestingDepth} levels deep, which ccp does not accept. Flatten this part of the request (a tool input, input_schema or tool_result content) and retry.`,
      { status: 400, errorType: 'invalid_request_error' },
    );
  }
  const result = v.safeParse(schema, body, { abortEarly: false });
  if (result.success) return result.output;
  throw new AnthropicApiError(validationIssuesMessage(result.issues), {
    status: 400,
    errorType: 'invalid_request_error',
  });
}

/**
 * Validates a parsed JSON body as an Anthropic Messages request. Unknown fields are kept.
 * Throws {@link AnthropicApiError} (400 `invalid_request_error`) whose message names the field,
 * as Anthropic does: `messages.0.content.1.type: Input tag "foo" found using 'type' ...`.
 * Bodies nested deeper than {@link maximumRequestNestingDepth} levels are a 400 too.
 *
 * @example
 * const request = parseAnthropicMessagesRequest(await c.req.json());
 */
export function parseAnthropicMessagesRequest(body: unknown): AnthropicMessagesRequest {
  return parseOrThrow(anthropicMessagesRequestSchema, body);
}

/**
 * Validates a parsed JSON body as a `count_tokens` request (`max_tokens` optional).
 *
 * @example
 * const request = parseAnthropicCountTokensRequest(await c.req.json());
 * return c.json({ input_tokens: countAnthropicRequestTokens(request) });
 */
export function parseAnthropicCountTokensRequest(body: unknown): AnthropicCountTokensRequest {
  return parseOrThrow(anthropicCountTokensRequestSchema, body);
}
