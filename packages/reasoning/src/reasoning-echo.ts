import type { ProviderDialect } from './provider-dialect';
import { decodeThinkingSignature } from './thinking-signature';

/** The parts of an Anthropic thinking block the echo reads (structural, so convert's types fit). */
export type ThinkingBlockLike =
  | { type: 'thinking'; thinking: string; signature?: string | undefined }
  | { type: 'redacted_thinking'; data: string }
  | { type: string; [key: string]: unknown };

/** One OpenRouter reasoning detail, kept opaque. */
export type ReasoningDetailLike = { type: string; [key: string]: unknown };

/** Reasoning fields of an OpenAI assistant message. */
export type ReasoningEchoFields = {
  reasoning_content?: string;
  reasoning?: string;
  reasoning_details?: ReasoningDetailLike[];
};

export type ReasoningEcho = (
  blocks: ThinkingBlockLike | readonly ThinkingBlockLike[] | undefined,
  turn?: { hasToolCalls?: boolean | undefined },
) => ReasoningEchoFields | undefined;

function _isDetail(value: unknown): value is ReasoningDetailLike {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

function _sameModel(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Builds the function that turns an assistant turn's thinking blocks back into the provider's own
 * reasoning fields. Only blocks this dialect and model produced (their ccp signature says so) come
 * back: `reasoning_content` for DeepSeek, vLLM and DashScope, `reasoning` for Ollama, the original
 * `reasoning_details` for OpenRouter. Foreign, unsigned and redacted blocks are dropped. DeepSeek
 * answers 400 when an assistant turn with tool calls lacks `reasoning_content`, so such a turn
 * gets an empty one when nothing usable is left.
 *
 * @example
 * const echo = createReasoningEcho({ dialect: 'deepseek', model: 'deepseek-chat' });
 * echo(assistantThinkingBlocks, { hasToolCalls: true }); // { reasoning_content: '…' }
 */
export function createReasoningEcho(options: { dialect: ProviderDialect; model: string }): ReasoningEcho {
  const { dialect, model } = options;
  return (blocks, turn) => {
    const list: readonly ThinkingBlockLike[] =
      blocks === undefined ? [] : Array.isArray(blocks) ? blocks : [blocks];
    const texts: string[] = [];
    const details: ReasoningDetailLike[] = [];
    for (const block of list) {
      if (block.type !== 'thinking') continue;
      const signature = decodeThinkingSignature(block.signature);
      if (!signature || signature.dialect !== dialect || !_sameModel(signature.model, model)) continue;
      if (typeof block.thinking === 'string') texts.push(block.thinking);
      if (signature.details) details.push(...signature.details.filter(_isDetail));
    }
    const text = texts.join('');
    switch (dialect) {
      case 'deepseek':
        if (texts.length > 0) return { reasoning_content: text };
        return turn?.hasToolCalls ? { reasoning_content: '' } : undefined;
      case 'vllm':
      case 'dashscope':
        return texts.length > 0 ? { reasoning_content: text } : undefined;
      case 'ollama':
        return texts.length > 0 ? { reasoning: text } : undefined;
      case 'openrouter':
        return details.length > 0 ? { reasoning_details: details } : undefined;
      default:
        // OpenAI, Azure, Gemini, LM Studio and generic endpoints take no reasoning on input.
        return undefined;
    }
  };
}

/** An OpenAI chat message, as far as {@link completeReasoningEcho} reads it. */
type _MessageLike = {
  role: string;
  tool_calls?: unknown;
  reasoning_content?: unknown;
  [key: string]: unknown;
};

/**
 * Returns a copy of an OpenAI request in which every assistant message with tool calls carries a
 * `reasoning_content`, when the dialect requires it (DeepSeek answers 400 otherwise).
 * Use it after the request conversion, which echoes thinking block by block and cannot see turns
 * that had none. Other dialects get the request back unchanged.
 *
 * @example
 * completeReasoningEcho({ model: 'deepseek-chat', messages: [{ role: 'assistant', content: null, tool_calls: [call] }] }, 'deepseek');
 * // messages[0].reasoning_content === ''
 */
export function completeReasoningEcho<Request extends { messages?: unknown }>(
  openaiRequest: Request,
  dialect: ProviderDialect,
): Request {
  if (dialect !== 'deepseek' || !Array.isArray(openaiRequest.messages)) return openaiRequest;
  let changed = false;
  const messages = (openaiRequest.messages as _MessageLike[]).map((message) => {
    const needsEcho =
      message.role === 'assistant' &&
      Array.isArray(message.tool_calls) &&
      message.tool_calls.length > 0 &&
      typeof message.reasoning_content !== 'string';
    if (!needsEcho) return message;
    changed = true;
    return { ...message, reasoning_content: '' };
  });
  return changed ? { ...openaiRequest, messages } : openaiRequest;
}
