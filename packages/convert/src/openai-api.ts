/** Wire types of the OpenAI Chat Completions API and the compatible dialects ccp speaks upstream. */

export type OpenAITextPart = {
  type: 'text';
  text: string;
  cache_control?: { type: 'ephemeral'; ttl?: string };
};
export type OpenAIImagePart = {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
};
export type OpenAIFilePart = {
  type: 'file';
  file: { filename?: string; file_data?: string; file_id?: string };
};
export type OpenAIContentPart = OpenAITextPart | OpenAIImagePart | OpenAIFilePart;

export type OpenAIToolCall = {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
};

/** OpenRouter's reasoning detail items; sent back verbatim on later turns. */
export type OpenAIReasoningDetail = {
  type: 'reasoning.text' | 'reasoning.summary' | 'reasoning.encrypted' | string;
  text?: string;
  summary?: string;
  data?: string;
  signature?: string | null;
  id?: string | null;
  format?: string;
  index?: number;
  [key: string]: unknown;
};

export type OpenAISystemMessage = { role: 'system' | 'developer'; content: string | OpenAITextPart[] };
export type OpenAIUserMessage = { role: 'user'; content: string | OpenAIContentPart[] };
export type OpenAIAssistantMessage = {
  role: 'assistant';
  content: string | null;
  tool_calls?: OpenAIToolCall[];
  /** DeepSeek / vLLM reasoning echoed back. */
  reasoning_content?: string;
  /** Ollama / newer vLLM / OpenRouter plain reasoning text. */
  reasoning?: string;
  /** OpenRouter structured reasoning, sent back verbatim. */
  reasoning_details?: OpenAIReasoningDetail[];
};
export type OpenAIToolMessage = { role: 'tool'; tool_call_id: string; content: string | OpenAITextPart[] };

export type OpenAIChatMessage =
  | OpenAISystemMessage
  | OpenAIUserMessage
  | OpenAIAssistantMessage
  | OpenAIToolMessage;

export type OpenAIFunctionTool = {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean };
};

export type OpenAIToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

export type OpenAIChatRequest = {
  model: string;
  messages: OpenAIChatMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop?: string[];
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  user?: string;
  response_format?:
    | {
        type: 'json_schema';
        json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean };
      }
    | { type: 'json_object' | 'text' };
  reasoning_effort?: string;
  verbosity?: string;
  /** Provider dialect fields (OpenRouter `reasoning`, DeepSeek `thinking`, vLLM `chat_template_kwargs`, ...). */
  [key: string]: unknown;
};

export type OpenAIUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek's cache accounting. */
  prompt_cache_hit_tokens?: number;
  prompt_cache_miss_tokens?: number;
  cost?: number;
  [key: string]: unknown;
};

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | null;

export type OpenAIResponseMessage = {
  role: 'assistant';
  content: string | null;
  tool_calls?: OpenAIToolCall[] | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_details?: OpenAIReasoningDetail[] | null;
  refusal?: string | null;
};

export type OpenAIChatCompletion = {
  id: string;
  object?: 'chat.completion';
  created?: number;
  model: string;
  choices: Array<{
    index: number;
    message: OpenAIResponseMessage;
    finish_reason: OpenAIFinishReason | string;
  }>;
  usage?: OpenAIUsage | null;
};

export type OpenAIToolCallDelta = {
  index: number;
  id?: string | null;
  type?: 'function';
  function?: { name?: string | null; arguments?: string | null };
};

export type OpenAIChunkDelta = {
  role?: 'assistant' | null;
  content?: string | null;
  tool_calls?: OpenAIToolCallDelta[] | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_details?: OpenAIReasoningDetail[] | null;
  refusal?: string | null;
};

export type OpenAIChatChunk = {
  id?: string;
  object?: 'chat.completion.chunk';
  created?: number;
  model?: string;
  choices: Array<{
    index: number;
    delta: OpenAIChunkDelta;
    finish_reason: OpenAIFinishReason | string | null;
  }>;
  usage?: OpenAIUsage | null;
  /** Errors mid-stream arrive as a chunk with an `error` object. */
  error?: { message?: string; code?: number | string; type?: string; metadata?: unknown };
};

export type OpenAIErrorBody = {
  error: { message: string; type?: string; code?: string | number | null; param?: string | null };
};
