import type { AnthropicMessagesRequest } from './anthropic-api';
import { AnthropicApiError } from './anthropic-error';
import { addWarning, type ConversionWarning } from './conversion-warning';
import { compactContent } from './convert-content-blocks';
import { convertMessages } from './convert-messages';
import { systemTextParts } from './convert-system-prompt';
import { convertToolChoice, convertTools, upstreamSchema } from './convert-tools';
import type { OpenAIChatMessage, OpenAIChatRequest } from './openai-api';
import {
  type ConversionContext,
  createConversionContext,
  type RequestConversionOptions,
  type RequestConversionResult,
} from './request-conversion-options';
import { shortHash } from './short-hash';

/** OpenAI takes at most four stop sequences. */
const maximumStopSequences = 4;
/** Longer `metadata.user_id` values (Claude Code sends a JSON document) are hashed. */
const maximumUserLength = 128;
/** Anthropic request fields with no OpenAI counterpart that the caller should hear about. */
const droppedBetaFields = ['context_management', 'container', 'mcp_servers'] as const;

/**
 * Converts a validated Anthropic Messages request into an OpenAI Chat Completions request.
 * Pure: lossy spots are returned as `warnings`, renamed tools as `toolNames`. Reasoning
 * (`thinking`, `output_config.effort`) is left to the reasoning layer.
 *
 * @example
 * const { request: upstreamRequest, warnings, toolNames } = convertAnthropicRequestToOpenAI(request, {
 *   model: 'gpt-4.1',
 *   lateSystemMessages: 'keep',
 * });
 * // later: restoreToolName(toolNames, toolCall.function.name)
 */
export function convertAnthropicRequestToOpenAI(
  request: AnthropicMessagesRequest,
  options: RequestConversionOptions,
): RequestConversionResult {
  const context = createConversionContext(options);
  const warnings = context.warnings;

  // Tools first, so renamed tools are known before history and tool_choice refer to them.
  const tools = convertTools(request.tools, context);
  const leadingSystemParts = systemTextParts(request.system, context);
  const conversation = convertMessages(request.messages, leadingSystemParts, context);
  const leadingContent = compactContent(leadingSystemParts);
  const messages: OpenAIChatMessage[] = leadingContent
    ? [{ role: options.systemRole ?? 'system', content: leadingContent }, ...conversation]
    : conversation;

  if (!messages.some((message) => message.role === 'user' || message.role === 'assistant')) {
    throw new AnthropicApiError(
      'messages: every message is empty once empty text blocks are removed; send at least one message with content',
      { status: 400, errorType: 'invalid_request_error' },
    );
  }

  const stream = options.stream ?? request.stream ?? false;
  const upstream: OpenAIChatRequest = { model: options.model, messages, max_tokens: request.max_tokens };
  if (stream) {
    upstream.stream = true;
    upstream.stream_options = { include_usage: true };
  }
  if (request.temperature !== undefined) upstream.temperature = request.temperature;
  if (request.top_p !== undefined) upstream.top_p = request.top_p;
  convertTopK(request, upstream, context);
  convertStopSequences(request, upstream, warnings);
  convertUser(request, upstream, warnings);
  if (tools.length > 0) upstream.tools = tools;
  Object.assign(upstream, convertToolChoice(request.tool_choice, tools, context));
  convertResponseFormat(request, upstream, context);

  for (const field of droppedBetaFields) {
    if (request[field] === undefined || request[field] === null) continue;
    addWarning(warnings, {
      type: 'dropped',
      field,
      message: `${field} is an Anthropic feature with no OpenAI-compatible counterpart; dropped`,
    });
  }
  const last = request.messages.at(-1);
  if (last?.role === 'assistant' && messages.at(-1)?.role === 'assistant') {
    addWarning(warnings, {
      type: 'unsupported',
      field: `messages.${request.messages.length - 1}`,
      message:
        'the conversation ends with an assistant message (a prefill); kept, but not every OpenAI-compatible upstream continues it',
    });
  }
  reportCountedWarnings(context);
  return { request: upstream, warnings, toolNames: context.toolNames.map };
}

function convertTopK(
  request: AnthropicMessagesRequest,
  upstream: OpenAIChatRequest,
  context: ConversionContext,
): void {
  if (request.top_k === undefined) return;
  if (context.options.supportsTopK) {
    upstream.top_k = request.top_k;
    return;
  }
  addWarning(context.warnings, {
    type: 'dropped',
    field: 'top_k',
    message: 'top_k is not part of the OpenAI API and this upstream is not known to take it; dropped',
  });
}

function convertStopSequences(
  request: AnthropicMessagesRequest,
  upstream: OpenAIChatRequest,
  warnings: ConversionWarning[],
): void {
  const sequences = request.stop_sequences?.filter((sequence) => sequence.length > 0) ?? [];
  if (sequences.length === 0) return;
  upstream.stop = sequences.slice(0, maximumStopSequences);
  if (sequences.length > maximumStopSequences) {
    addWarning(warnings, {
      type: 'truncated',
      field: 'stop_sequences',
      message: `OpenAI takes at most ${maximumStopSequences} stop sequences; ${sequences.length - maximumStopSequences} dropped`,
    });
  }
}

function convertUser(
  request: AnthropicMessagesRequest,
  upstream: OpenAIChatRequest,
  warnings: ConversionWarning[],
): void {
  const userId = request.metadata?.user_id;
  if (typeof userId !== 'string' || userId.length === 0) return;
  if (userId.length <= maximumUserLength) {
    upstream.user = userId;
    return;
  }
  upstream.user = `user_${shortHash(userId)}`;
  addWarning(warnings, {
    type: 'converted',
    field: 'metadata.user_id',
    message: `metadata.user_id is longer than ${maximumUserLength} characters; sent as a stable hash`,
  });
}

function convertResponseFormat(
  request: AnthropicMessagesRequest,
  upstream: OpenAIChatRequest,
  context: ConversionContext,
): void {
  const format = request.output_config?.format;
  if (format?.type !== 'json_schema') return;
  upstream.response_format = {
    type: 'json_schema',
    json_schema: { name: 'response', schema: upstreamSchema(format.schema, context) },
  };
}

/** Warnings that would repeat on every block are reported once, with a count. */
function reportCountedWarnings(context: ConversionContext): void {
  const { cacheControlDropped, reasoningDropped } = context.counts;
  if (cacheControlDropped > 0) {
    addWarning(context.warnings, {
      type: 'dropped',
      field: 'cache_control',
      message: context.options.keepCacheControl
        ? `cache_control dropped on ${cacheControlDropped} block(s) that upstream text parts cannot carry (tool definitions, tool results, assistant text)`
        : `cache_control dropped on ${cacheControlDropped} block(s): this upstream takes no prompt-caching hints`,
    });
  }
  if (reasoningDropped > 0) {
    addWarning(context.warnings, {
      type: 'dropped',
      field: 'messages',
      message: `${reasoningDropped} thinking block(s) from earlier turns dropped: this upstream takes no reasoning back`,
    });
  }
}
