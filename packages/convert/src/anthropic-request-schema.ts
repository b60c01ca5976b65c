import * as v from 'valibot';
import type { AnthropicCountTokensRequest, AnthropicMessagesRequest } from './anthropic-api';
import { AnthropicApiError } from './anthropic-error';
import { findTooDeepPath, maximumRequestNestingDepth } from './nesting-depth';
import { validationIssuesMessage } from './validation-issue-message';

// Every object is a looseObject: fields Anthropic adds tomorrow (and Claude Code sends the day
// after) must pass through untouched; the converter decides what to use.

type AnySchema = v.GenericSchema<unknown, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Picks a schema by the value of `type`, so errors point at the block's own fields. */
function dispatchOnType(
  schemas: Record<string, AnySchema>,
  fallback?: (type: string) => AnySchema | undefined,
): AnySchema {
  const known = Object.keys(schemas);
  const unknownType = v.looseObject({
    type: v.picklist(
      known,
      (issue) =>
        `Input tag ${JSON.stringify(issue.input)} found using 'type' does not match any of the expected tags: ${known
          .map((name) => `'${name}'`)
          .join(', ')}`,
    ),
  });
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

const carriedBlockSchema = v.looseObject({ type: v.string() });

function carriedBlockFallback(type: string): AnySchema | undefined {
  if (carriedBlockTypes.has(type) || /^[a-z0-9_]+_tool_(use|result)$/.test(type)) return carriedBlockSchema;
  return undefined;
}

// Content of documents and tool results refers back to the block schema: lazy to allow the cycle.
const nestedBlockSchema: AnySchema = v.lazy(() => contentBlockSchema);

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

const contentBlockSchema: AnySchema = dispatchOnType(
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
function stringOrBlocks(block: AnySchema): AnySchema {
  const asString = v.string();
  const asBlocks = v.array(block, 'Input should be a valid string or a list of content blocks');
  return v.lazy((input) => (typeof input === 'string' ? asString : asBlocks));
}

const userOrAssistantMessageSchema = v.looseObject({
  role: v.picklist(['user', 'assistant', 'system'], (issue) =>
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

const messageSchema: AnySchema = v.lazy((input) =>
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

const toolSchema: AnySchema = v.lazy((input) =>
  isRecord(input) && input.type !== undefined && input.type !== 'custom'
    ? definedToolSchema
    : customToolSchema,
);

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
  temperature: v.optional(v.pipe(v.number(), v.minValue(0))),
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

function parseOrThrow(schema: AnySchema, body: unknown): unknown {
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
  return parseOrThrow(anthropicMessagesRequestSchema, body) as AnthropicMessagesRequest;
}

/**
 * Validates a parsed JSON body as a `count_tokens` request (`max_tokens` optional).
 *
 * @example
 * const request = parseAnthropicCountTokensRequest(await c.req.json());
 * return c.json({ input_tokens: countAnthropicRequestTokens(request) });
 */
export function parseAnthropicCountTokensRequest(body: unknown): AnthropicCountTokensRequest {
  return parseOrThrow(anthropicCountTokensRequestSchema, body) as AnthropicCountTokensRequest;
}
