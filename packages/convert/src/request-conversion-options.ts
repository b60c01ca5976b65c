import type { AnthropicRedactedThinkingBlockParam, AnthropicThinkingBlockParam } from './anthropic-api';
import type { ConversionWarning } from './conversion-warning';
import type { OpenAIAssistantMessage, OpenAIChatRequest } from './openai-api';
import { type ToolNameMap, ToolNameRegistry } from './tool-names';

export type RequestConversionOptions = {
  /** The upstream model id. */
  model: string;
  /** Stream the answer; defaults to the request's `stream`. */
  stream?: boolean;
  /**
   * What to do with `role:"system"` messages after the first turn: keep them in place (default),
   * merge their text into the leading system message, or send them as user messages (strict chat
   * templates such as Qwen on vLLM and llama.cpp reject a late system message).
   */
  lateSystemMessages?: 'keep' | 'merge-into-first' | 'as-user';
  /** Role of system messages upstream; many compatible servers reject `developer`. Default `system`. */
  systemRole?: 'system' | 'developer';
  /**
   * Keep `cache_control: {type:"ephemeral"}` on text parts (OpenRouter `anthropic/*` models take it);
   * `ttl`, `scope` and other sub-fields are dropped. Default false: dropped.
   */
  keepCacheControl?: boolean;
  /** The upstream takes `top_k` (vLLM, Ollama, OpenRouter). Default false: dropped with a warning. */
  supportsTopK?: boolean;
  /** Rewrites a JSON schema (tool parameters, response format) for the upstream's dialect. Must not mutate its input. */
  transformToolSchema?: (schema: Record<string, unknown>) => Record<string, unknown>;
  /**
   * Fields to merge into the assistant message for a thinking block (DeepSeek `reasoning_content`,
   * OpenRouter `reasoning_details`...); `undefined` drops the block. Default: dropped with a warning.
   */
  echoReasoning?: (
    block: AnthropicThinkingBlockParam | AnthropicRedactedThinkingBlockParam,
  ) => Partial<OpenAIAssistantMessage> | undefined;
};

export type RequestConversionResult = {
  request: OpenAIChatRequest;
  warnings: ConversionWarning[];
  /** Tool names that had to change upstream: upstream name → Anthropic name. Use with `restoreToolName`. */
  toolNames: ToolNameMap;
};

/** State shared by the helpers while one request is converted. */
export type ConversionContext = {
  options: RequestConversionOptions;
  warnings: ConversionWarning[];
  toolNames: ToolNameRegistry;
  /** Lossy spots that happen on many blocks, reported once with a count at the end. */
  counts: { cacheControlDropped: number; reasoningDropped: number };
};

/** A fresh context for converting one request. */
export function createConversionContext(options: RequestConversionOptions): ConversionContext {
  return {
    options,
    warnings: [],
    toolNames: new ToolNameRegistry(),
    counts: { cacheControlDropped: 0, reasoningDropped: 0 },
  };
}
