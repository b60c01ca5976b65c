/**
 * Minimal OpenAI Chat Completions wire types, as the fake upstream writes them.
 * Local on purpose: this package must not depend on the converter it is used to test.
 */

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | 'error';

export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/** OpenRouter's structured reasoning entry (`reasoning.text` with an optional signature). */
export interface ReasoningDetail {
  type: 'reasoning.text';
  text: string;
  signature: string | null;
  format: string;
  index: number;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

export interface ChunkDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: null;
  reasoning_content?: string;
  reasoning?: string;
  reasoning_details?: ReasoningDetail[];
  tool_calls?: ToolCallDelta[];
}

export interface ChunkChoice {
  index: number;
  delta: ChunkDelta;
  finish_reason: FinishReason | null;
  logprobs: null;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  system_fingerprint: string;
  choices: ChunkChoice[];
  /** `null` on every chunk but the last when the client asked for usage, like OpenAI. */
  usage?: CompletionUsage | null;
}

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface CompletionMessage {
  role: 'assistant';
  content: string | null;
  refusal: null;
  tool_calls?: ToolCall[];
  reasoning_content?: string;
  reasoning?: string;
  reasoning_details?: ReasoningDetail[];
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  system_fingerprint: string;
  choices: { index: number; message: CompletionMessage; finish_reason: FinishReason; logprobs: null }[];
  usage: CompletionUsage;
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | number | null };
}
