import type { AnthropicContentBlock, AnthropicMessage } from './anthropic-api';
import { AnthropicIdGenerator, recoveredToolUseId, sanitizeToolUseId } from './anthropic-ids';
import { isBlankText, readContentParts } from './content-parts';
import { addWarning, type ConversionWarning } from './conversion-warning';
import { mapFinishReason, readChoiceStopDetails } from './map-finish-reason';
import type { OpenAIChatCompletion, OpenAIReasoningDetail } from './openai-api';
import { findReasoningSignature, readReasoningDetails, readReasoningText } from './reasoning-fields';
import { parseToolArguments } from './repair-tool-arguments';
import { parseTextToolCalls, type TextToolCallRecovery } from './text-tool-calls';
import { ThinkTagSplitter } from './think-tag-splitter';
import { convertOpenAIUsage } from './usage';

/** Options shared by the response and the stream conversion. */
export type ResponseConversionOptions = {
  /** The model name reported to the client (the Claude model it asked for). */
  model: string;
  /** Default: a generated `msg_` id. */
  messageId?: string;
  /** Where new `msg_` and `toolu_` ids come from. Default: a generator for this conversion alone. */
  ids?: AnthropicIdGenerator;
  /** Maps a shortened upstream tool name back to the client's name. Default: identity. */
  restoreToolName?: (upstreamName: string) => string;
  /**
   * Builds the thinking block's signature, for example to carry OpenRouter `reasoning_details`
   * through Claude Code and back. Default: the upstream's own signature when it sends one, else `''`.
   */
  thinkingSignature?: (thinking: { text: string; details: OpenAIReasoningDetail[] }) => string;
  /** Default true; false drops thinking and redacted_thinking blocks (the client is not shown the reasoning). */
  exposeReasoning?: boolean;
  /** Default true: content starting with `<think>…</think>` (local models) becomes a thinking block. */
  splitThinkTags?: boolean;
  /**
   * Opt-in for small local models (Ollama, LM Studio, vLLM) that print tool calls as JSON text:
   * when the whole text answer is one or more calls to these tools (bare JSON, a ```json fence,
   * `<tool_call>` tags or `[TOOL_CALLS]`), it becomes tool_use blocks, so the client runs the tools.
   */
  recoverTextToolCalls?: TextToolCallRecovery;
  /**
   * Default false. For local dialects whose chat template puts `<think>` in the prompt (Qwen3,
   * DeepSeek-R1 distills): content with a `</think>` but no opening tag, early in the answer,
   * has everything before it taken as thinking. Needs `splitThinkTags`.
   */
  implicitThinkOpen?: boolean;
  /** Lossy spots (repaired or unreadable tool arguments, nameless tool calls) are pushed here. */
  warnings?: ConversionWarning[];
};

/**
 * Converts a non-streaming OpenAI Chat Completions response to an Anthropic message.
 * Blocks come in Anthropic's order: thinking, redacted thinking, text, tool_use.
 *
 * @example
 * const message = convertOpenAIResponseToAnthropic(await upstream.json(), { model: 'claude-sonnet-4-5' });
 * // { id: 'msg_…', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn', … }
 */
export function convertOpenAIResponseToAnthropic(
  completion: OpenAIChatCompletion,
  options: ResponseConversionOptions,
): AnthropicMessage {
  const choice = Array.isArray(completion.choices) ? completion.choices[0] : undefined;
  const message = choice?.message;
  const content: AnthropicContentBlock[] = [];
  const exposeReasoning = options.exposeReasoning ?? true;
  const ids = options.ids ?? new AnthropicIdGenerator();
  const messageId = options.messageId ?? ids.messageId();

  const details = readReasoningDetails(message?.reasoning_details);
  let thinking = message ? readReasoningText(message, details) : '';
  const parts = readContentParts(message?.content);
  thinking += parts.thinking;
  let text = '';
  if (options.splitThinkTags ?? true) {
    const splitter = new ThinkTagSplitter(
      {
        thinking: (piece) => {
          thinking += piece;
        },
        text: (piece) => {
          text += piece;
        },
      },
      { implicitOpen: options.implicitThinkOpen ?? false },
    );
    splitter.push(parts.text);
    splitter.end();
  } else {
    text = parts.text;
  }

  if (exposeReasoning) {
    // A signature alone (always produced by a thinkingSignature hook) is no reason for a block.
    const hasReasoning = thinking !== '' || details.some((detail) => detail.type !== 'reasoning.encrypted');
    if (hasReasoning || (!options.thinkingSignature && findReasoningSignature(details) !== '')) {
      const signature = options.thinkingSignature
        ? options.thinkingSignature({ text: thinking, details })
        : findReasoningSignature(details);
      content.push({ type: 'thinking', thinking, signature });
    }
    for (const detail of details) {
      if (detail.type === 'reasoning.encrypted' && typeof detail.data === 'string' && detail.data !== '') {
        content.push({ type: 'redacted_thinking', data: detail.data });
      }
    }
  }
  // Anthropic rejects empty (and blank) text blocks when they come back in the next request.
  if (!isBlankText(text)) content.push({ type: 'text', text });
  const refusal = typeof message?.refusal === 'string' && message.refusal !== '' ? message.refusal : '';
  if (refusal !== '') content.push({ type: 'text', text: refusal });

  let toolUseEmitted = false;
  const warnings = options.warnings;
  const toolCalls = message?.tool_calls ?? [];
  const recovery = options.recoverTextToolCalls;
  if (recovery && toolCalls.length === 0 && refusal === '' && !isBlankText(text)) {
    const recovered = parseTextToolCalls(text, recovery);
    if (recovered) {
      const textIndex = content.findIndex((block) => block.type === 'text');
      if (textIndex >= 0) content.splice(textIndex, 1);
      recovered.forEach((call, position) => {
        const name = options.restoreToolName ? options.restoreToolName(call.name) : call.name;
        content.push({
          type: 'tool_use',
          id: recoveredToolUseId(messageId, position),
          name,
          input: call.input,
        });
      });
      toolUseEmitted = true;
      if (warnings) addWarning(warnings, recoveredWarning('choices.0.message.content', recovered.length));
    }
  }
  for (let position = 0; position < toolCalls.length; position++) {
    const call = toolCalls[position];
    const field = `choices.0.message.tool_calls.${position}`;
    const name = call?.function?.name;
    if (!call || typeof name !== 'string' || name === '') {
      if (warnings)
        addWarning(warnings, {
          type: 'dropped',
          field,
          message: 'Dropped a tool call without a function name.',
        });
      continue;
    }
    // Typed as a string, but a few servers (older Ollama builds) send an object or nothing.
    const rawArguments: unknown = call.function.arguments;
    const argumentsText =
      typeof rawArguments === 'string'
        ? rawArguments
        : rawArguments == null
          ? ''
          : JSON.stringify(rawArguments);
    const parsed = parseToolArguments(argumentsText);
    if (warnings && parsed.rawText !== undefined) {
      addWarning(warnings, {
        type: 'dropped',
        field: `${field}.function.arguments`,
        message: `Tool call ${name} sent arguments that are not a JSON object; passed {} instead: ${parsed.rawText.slice(0, 500)}`,
      });
    } else if (warnings && parsed.repaired) {
      addWarning(warnings, {
        type: 'converted',
        field: `${field}.function.arguments`,
        message: `Tool call ${name} sent broken JSON arguments; repaired them.`,
      });
    }
    const restoredName = options.restoreToolName ? options.restoreToolName(name) : name;
    content.push({
      type: 'tool_use',
      id: sanitizeToolUseId(call.id, ids),
      name: restoredName,
      input: parsed.value,
    });
    toolUseEmitted = true;
  }

  const stop = mapFinishReason({
    finishReason: choice?.finish_reason,
    ...readChoiceStopDetails(choice),
    toolUseEmitted,
    refused: refusal !== '',
  });
  return {
    id: messageId,
    type: 'message',
    role: 'assistant',
    model: options.model,
    content,
    stop_reason: stop.stopReason,
    stop_sequence: stop.stopSequence,
    usage: convertOpenAIUsage(completion.usage),
  };
}

/** The warning that says tool calls were read out of text. */
export function recoveredWarning(field: string, count: number): ConversionWarning {
  return {
    type: 'converted',
    field,
    message: `The model wrote ${count} tool call${count === 1 ? '' : 's'} as text; converted ${count === 1 ? 'it' : 'them'} to tool_use blocks.`,
  };
}
