/**
 * Wire types of the Anthropic Messages API, as ccp receives and produces them.
 * Request types describe what the valibot schema accepts (unknown fields are kept);
 * response and stream types describe exactly what ccp emits.
 */

export type AnthropicCacheControl = {
  type: 'ephemeral';
  ttl?: string;
  scope?: string;
  [key: string]: unknown;
};

export type AnthropicTextBlockParam = {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl | null;
  citations?: unknown;
};

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'file'; file_id: string };

export type AnthropicImageBlockParam = {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl | null;
};

export type AnthropicDocumentSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'text'; media_type?: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'content'; content: string | AnthropicContentBlockParam[] }
  | { type: 'file'; file_id: string };

export type AnthropicDocumentBlockParam = {
  type: 'document';
  source: AnthropicDocumentSource;
  title?: string | null;
  context?: string | null;
  cache_control?: AnthropicCacheControl | null;
  citations?: unknown;
};

export type AnthropicToolUseBlockParam = {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  cache_control?: AnthropicCacheControl | null;
};

export type AnthropicToolResultBlockParam = {
  type: 'tool_result';
  tool_use_id: string;
  content?:
    | string
    | Array<
        | AnthropicTextBlockParam
        | AnthropicImageBlockParam
        | AnthropicDocumentBlockParam
        | { type: string; [key: string]: unknown }
      >;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl | null;
};

export type AnthropicThinkingBlockParam = { type: 'thinking'; thinking: string; signature?: string };
export type AnthropicRedactedThinkingBlockParam = { type: 'redacted_thinking'; data: string };

/** Server tool blocks (web search, web fetch, code execution...) carried through a conversation. */
export type AnthropicServerToolBlockParam = {
  type:
    | 'server_tool_use'
    | 'web_search_tool_result'
    | 'web_fetch_tool_result'
    | `${string}_tool_result`
    | 'mcp_tool_use'
    | 'mcp_tool_result';
  [key: string]: unknown;
};

/** Other blocks Anthropic produces or accepts (search results, compaction summaries, container uploads...). */
export type AnthropicOtherBlockParam = {
  type:
    | 'search_result'
    | 'compaction'
    | 'container_upload'
    | 'tool_reference'
    | 'tool_addition'
    | 'tool_removal'
    | 'mcp_tool_listing'
    | 'fallback';
  [key: string]: unknown;
};

export type AnthropicContentBlockParam =
  | AnthropicTextBlockParam
  | AnthropicImageBlockParam
  | AnthropicDocumentBlockParam
  | AnthropicToolUseBlockParam
  | AnthropicToolResultBlockParam
  | AnthropicThinkingBlockParam
  | AnthropicRedactedThinkingBlockParam
  | AnthropicServerToolBlockParam
  | AnthropicOtherBlockParam;

export type AnthropicMessageParam = {
  role: 'user' | 'assistant' | 'system';
  content: string | AnthropicContentBlockParam[];
};

export type AnthropicCustomTool = {
  type?: 'custom';
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl | null;
  [key: string]: unknown;
};

/** Anthropic-defined tools such as `bash_20250124`, `text_editor_20250728`, `web_search_20250305`. */
export type AnthropicServerTool = { type: string; name?: string; [key: string]: unknown };

export type AnthropicTool = AnthropicCustomTool | AnthropicServerTool;

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export type AnthropicThinkingConfig =
  | { type: 'enabled'; budget_tokens: number; display?: string }
  | { type: 'adaptive'; display?: string }
  | { type: 'disabled' };

export type AnthropicEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export type AnthropicOutputConfig = {
  effort?: AnthropicEffort;
  format?: { type: 'json_schema'; schema: Record<string, unknown> } | null;
  [key: string]: unknown;
};

/** Fields shared by Messages and count_tokens requests. */
type AnthropicRequestFields = {
  model: string;
  messages: AnthropicMessageParam[];
  system?: string | AnthropicTextBlockParam[];
  stream?: boolean;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  metadata?: { user_id?: string | null; [key: string]: unknown };
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  output_config?: AnthropicOutputConfig;
  context_management?: unknown;
  mcp_servers?: unknown;
  container?: unknown;
  service_tier?: string;
};

// Written as intersections: `Omit` over a type with an index signature would lose every named field.
export type AnthropicMessagesRequest = AnthropicRequestFields & {
  max_tokens: number;
  [key: string]: unknown;
};

export type AnthropicCountTokensRequest = AnthropicRequestFields & {
  max_tokens?: number;
  [key: string]: unknown;
};

// ---------------------------------------------------------------- responses

export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal';

export type AnthropicTextBlock = { type: 'text'; text: string; citations?: null };
export type AnthropicThinkingBlock = { type: 'thinking'; thinking: string; signature: string };
export type AnthropicRedactedThinkingBlock = { type: 'redacted_thinking'; data: string };
export type AnthropicToolUseBlock = { type: 'tool_use'; id: string; name: string; input: unknown };

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicToolUseBlock;

export type AnthropicUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  /** Not part of Anthropic's usage: ccp's report of reasoning tokens inside output_tokens. */
  thinking_tokens?: number;
  service_tier?: string | null;
};

export type AnthropicMessage = {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
};

// ---------------------------------------------------------------- stream events

export type AnthropicContentBlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string };

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicContentBlockDelta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null };
      usage: Partial<AnthropicUsage> & { output_tokens: number };
    }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: AnthropicErrorDetail };

// ---------------------------------------------------------------- errors

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

export type AnthropicErrorDetail = { type: AnthropicErrorType; message: string };
export type AnthropicErrorBody = { type: 'error'; error: AnthropicErrorDetail; request_id?: string };
