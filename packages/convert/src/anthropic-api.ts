/**
 * Wire types of the Anthropic Messages API, as ccp receives and produces them.
 * Request types are inferred from the valibot schemas in anthropic-request-schema.ts (unknown
 * fields are kept); response and stream types describe exactly what ccp emits.
 */

export type {
  AnthropicCacheControl,
  AnthropicCarriedBlockParam,
  AnthropicCarriedBlockType,
  AnthropicContentBlockParam,
  AnthropicCountTokensRequest,
  AnthropicCustomTool,
  AnthropicDocumentBlockParam,
  AnthropicDocumentSource,
  AnthropicEffort,
  AnthropicImageBlockParam,
  AnthropicImageSource,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicNestedBlockParam,
  AnthropicOutputConfig,
  AnthropicRedactedThinkingBlockParam,
  AnthropicServerTool,
  AnthropicTextBlockParam,
  AnthropicThinkingBlockParam,
  AnthropicThinkingConfig,
  AnthropicTool,
  AnthropicToolChoice,
  AnthropicToolResultBlockParam,
  AnthropicToolUseBlockParam,
} from './anthropic-request-schema';

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
