import type { AnthropicStopReason } from './anthropic-api';
import { isRecord } from './is-record';

/** What is known about why the upstream stopped, gathered from a response or a stream. */
export type FinishReasonInput = {
  /** OpenAI `finish_reason` (`stop`, `length`, `tool_calls`, `content_filter`, `function_call`, ...). */
  finishReason: string | null | undefined;
  /** The stop sequence that ended the output, when the upstream says (vLLM `stop_reason`). */
  matchedStopSequence?: string | null;
  /** OpenRouter `native_finish_reason` (the provider's own wording). */
  nativeFinishReason?: string | null;
  /** True when at least one tool_use block was produced. */
  toolUseEmitted?: boolean;
  /** True when the upstream sent a `refusal`. */
  refused?: boolean;
};

export type MappedStopReason = { stopReason: AnthropicStopReason; stopSequence: string | null };

/**
 * Maps an OpenAI finish reason to Anthropic's `stop_reason` and `stop_sequence`.
 *
 * A produced tool_use block forces `tool_use` (`end_turn` despite a tool call makes
 * Claude Code drop the call), except when the output was cut by the token limit: `max_tokens`
 * then tells the client the tool input may be truncated, as Anthropic itself reports it.
 *
 * @example
 * mapFinishReason({ finishReason: 'stop', toolUseEmitted: true }) // { stopReason: 'tool_use', stopSequence: null }
 */
export function mapFinishReason(input: FinishReasonInput): MappedStopReason {
  const reason = typeof input.finishReason === 'string' ? input.finishReason.toLowerCase() : '';
  const native = typeof input.nativeFinishReason === 'string' ? input.nativeFinishReason.toLowerCase() : '';
  if (reason === 'length' || reason === 'max_tokens') return { stopReason: 'max_tokens', stopSequence: null };
  if (input.toolUseEmitted) return { stopReason: 'tool_use', stopSequence: null };
  switch (reason) {
    case 'tool_calls':
    case 'function_call':
    case 'tool_use':
      // The upstream claimed a tool call that never produced a usable block.
      return { stopReason: 'end_turn', stopSequence: null };
    case 'content_filter':
    case 'refusal':
      return { stopReason: 'refusal', stopSequence: null };
    default:
      break;
  }
  if (input.refused) return { stopReason: 'refusal', stopSequence: null };
  if (typeof input.matchedStopSequence === 'string' && input.matchedStopSequence !== '') {
    return { stopReason: 'stop_sequence', stopSequence: input.matchedStopSequence };
  }
  if (reason === 'stop_sequence' || native === 'stop_sequence') {
    return { stopReason: 'stop_sequence', stopSequence: null };
  }
  return { stopReason: 'end_turn', stopSequence: null };
}

/**
 * Reads the matched stop sequence and the native finish reason from a choice: vLLM puts the
 * matched stop string (or a stop token id, which is not a sequence) in `stop_reason`;
 * OpenRouter adds `native_finish_reason`.
 */
export function readChoiceStopDetails(choice: unknown): {
  matchedStopSequence: string | null;
  nativeFinishReason: string | null;
} {
  if (!isRecord(choice)) return { matchedStopSequence: null, nativeFinishReason: null };
  return {
    matchedStopSequence: typeof choice.stop_reason === 'string' ? choice.stop_reason : null,
    nativeFinishReason: typeof choice.native_finish_reason === 'string' ? choice.native_finish_reason : null,
  };
}
