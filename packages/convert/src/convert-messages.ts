import type {
  AnthropicContentBlockParam,
  AnthropicMessageParam,
  AnthropicTextBlockParam,
} from './anthropic-api';
import { addWarning } from './conversion-warning';
import {
  compactContent,
  convertDocumentBlock,
  convertImageBlock,
  convertToolResultBlock,
  hasVisibleText,
  summarizeCarriedBlock,
  textPart,
} from './convert-content-blocks';
import { systemTextParts } from './convert-system-prompt';
import type {
  OpenAIAssistantMessage,
  OpenAIChatMessage,
  OpenAIContentPart,
  OpenAISystemMessage,
  OpenAITextPart,
  OpenAIToolCall,
  OpenAIToolMessage,
  OpenAIUserMessage,
} from './openai-api';
import type { ConversionContext } from './request-conversion-options';
import { upstreamToolCallId } from './tool-names';

type SourcedBlock = { block: AnthropicContentBlockParam; field: string };
type Turn = { role: 'user' | 'assistant'; blocks: SourcedBlock[]; field: string };

/**
 * Anthropic messages → OpenAI messages after the leading system message (which the caller owns
 * and this may extend, for `lateSystemMessages: 'merge-into-first'`). Guarantees that every
 * assistant message with tool calls is followed directly by one tool message per call, in call
 * order, and that no message has empty content: OpenAI-compatible servers reject both.
 *
 * @example convertMessages(request.messages, leadingSystemParts, context)
 */
export function convertMessages(
  messages: AnthropicMessageParam[],
  leadingSystemParts: OpenAITextPart[],
  context: ConversionContext,
): OpenAIChatMessage[] {
  const converted: OpenAIChatMessage[] = [];
  for (const item of toTurns(messages, leadingSystemParts, context)) {
    if (!('blocks' in item)) {
      converted.push(item);
    } else if (item.role === 'assistant') {
      const assistant = convertAssistantTurn(item, context);
      if (assistant) converted.push(assistant);
    } else {
      converted.push(...convertUserTurn(item, context));
    }
  }
  return mergeSameRoleMessages(repairToolCallSequence(converted, context));
}

/** Messages as turns: consecutive same-role messages merged (as Anthropic does), late system messages placed. */
function toTurns(
  messages: AnthropicMessageParam[],
  leadingSystemParts: OpenAITextPart[],
  context: ConversionContext,
): Array<Turn | OpenAISystemMessage> {
  const mode = context.options.lateSystemMessages ?? 'keep';
  const turns: Array<Turn | OpenAISystemMessage> = [];
  messages.forEach((message, messageIndex) => {
    const field = `messages.${messageIndex}`;
    if (message.role === 'system') {
      const parts = systemTextParts(message.content, context);
      if (parts.length === 0) return;
      if (mode === 'merge-into-first') {
        leadingSystemParts.push(...parts);
        addWarning(context.warnings, {
          type: 'converted',
          field,
          message: 'system message in the conversation moved into the leading system message',
        });
        return;
      }
      if (mode === 'as-user') {
        const text = parts.map((part) => part.text).join('\n\n');
        const block: AnthropicTextBlockParam = {
          type: 'text',
          text: `<system-reminder>\n${text}\n</system-reminder>`,
        };
        appendBlocks(turns, 'user', [{ block, field }], field);
        addWarning(context.warnings, {
          type: 'converted',
          field,
          message: 'system message in the conversation sent as a user message in <system-reminder> tags',
        });
        return;
      }
      const content = compactContent(parts);
      if (content !== undefined) turns.push({ role: context.options.systemRole ?? 'system', content });
      return;
    }
    const blocks: SourcedBlock[] =
      typeof message.content === 'string'
        ? [{ block: { type: 'text', text: message.content }, field: `${field}.content` }]
        : message.content.map((block, blockIndex) => ({ block, field: `${field}.content.${blockIndex}` }));
    appendBlocks(turns, message.role, blocks, field);
  });
  return turns;
}

function appendBlocks(
  turns: Array<Turn | OpenAISystemMessage>,
  role: 'user' | 'assistant',
  blocks: SourcedBlock[],
  field: string,
): void {
  const last = turns.at(-1);
  if (last && last.role === role && 'blocks' in last) {
    last.blocks.push(...blocks);
    return;
  }
  turns.push({ role, blocks, field });
}

/** A user turn → its tool messages first, then one user message with the rest and any tool-result images. */
function convertUserTurn(turn: Turn, context: ConversionContext): OpenAIChatMessage[] {
  const toolMessages: OpenAIToolMessage[] = [];
  const parts: OpenAIContentPart[] = [];
  const attachments: OpenAIContentPart[] = [];
  for (const { block, field } of turn.blocks) {
    switch (block.type) {
      case 'tool_result': {
        const result = convertToolResultBlock(block, context, field);
        toolMessages.push({
          role: 'tool',
          tool_call_id: upstreamToolCallId(result.toolUseId),
          content: result.content,
        });
        if (result.attachments.length > 0) {
          attachments.push(
            {
              type: 'text',
              text: `[attachments from the result of tool call ${upstreamToolCallId(result.toolUseId)}]`,
            },
            ...result.attachments,
          );
        }
        break;
      }
      case 'text': {
        const part = textPart(block.text, block, context);
        if (part) parts.push(part);
        break;
      }
      case 'image':
        parts.push(convertImageBlock(block, context, field));
        break;
      case 'document':
        parts.push(...convertDocumentBlock(block, context, field));
        break;
      case 'thinking':
      case 'redacted_thinking':
      case 'tool_use':
        addWarning(context.warnings, {
          type: 'dropped',
          field,
          message: `"${block.type}" block in a user message has no OpenAI equivalent; dropped`,
        });
        break;
      default: {
        const summary = summarizeCarriedBlock(block, context, field);
        if (summary) parts.push({ type: 'text', text: summary });
      }
    }
  }
  const content = compactContent([...attachments, ...parts]);
  const messages: OpenAIChatMessage[] = [...toolMessages];
  if (content !== undefined) messages.push({ role: 'user', content } satisfies OpenAIUserMessage);
  else if (toolMessages.length === 0) {
    addWarning(context.warnings, {
      type: 'dropped',
      field: turn.field,
      message: 'user message with no text or content left after dropping empty blocks',
    });
  }
  return messages;
}

function convertAssistantTurn(turn: Turn, context: ConversionContext): OpenAIAssistantMessage | undefined {
  const texts: string[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  let reasoning: Partial<OpenAIAssistantMessage> = {};
  for (const { block, field } of turn.blocks) {
    switch (block.type) {
      case 'text': {
        if (hasVisibleText(block.text)) texts.push(block.text);
        if (block.cache_control) context.counts.cacheControlDropped += 1;
        break;
      }
      case 'tool_use': {
        toolCalls.push({
          id: upstreamToolCallId(block.id),
          type: 'function',
          function: {
            name: context.toolNames.toUpstream(block.name),
            arguments: JSON.stringify(block.input ?? {}),
          },
        });
        break;
      }
      case 'thinking':
      case 'redacted_thinking': {
        const echoed = context.options.echoReasoning?.(block);
        if (echoed) reasoning = mergeReasoning(reasoning, echoed);
        else context.counts.reasoningDropped += 1;
        break;
      }
      case 'image':
      case 'document':
      case 'tool_result':
        addWarning(context.warnings, {
          type: 'dropped',
          field,
          message: `"${block.type}" block in an assistant message has no OpenAI equivalent; dropped`,
        });
        break;
      default: {
        const summary = summarizeCarriedBlock(block, context, field);
        if (summary) texts.push(summary);
      }
    }
  }
  if (texts.length === 0 && toolCalls.length === 0) {
    addWarning(context.warnings, {
      type: 'dropped',
      field: turn.field,
      message: 'assistant message with no text or tool call (only thinking or empty text) dropped',
    });
    return undefined;
  }
  return {
    ...reasoning,
    role: 'assistant',
    content: texts.length > 0 ? texts.join('\n\n') : null,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
}

/** Several thinking blocks in one turn: texts concatenated, detail lists joined. */
function mergeReasoning(
  current: Partial<OpenAIAssistantMessage>,
  next: Partial<OpenAIAssistantMessage>,
): Partial<OpenAIAssistantMessage> {
  // Field by field, whatever the dialect calls them: texts concatenated, lists joined.
  const merged: Partial<OpenAIAssistantMessage> & Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(next)) {
    const previous = merged[key];
    if (typeof previous === 'string' && typeof value === 'string') merged[key] = previous + value;
    else if (Array.isArray(previous) && Array.isArray(value)) merged[key] = [...previous, ...value];
    else merged[key] = value;
  }
  return merged;
}

/**
 * Every assistant message with tool calls is followed by exactly one tool message per call, in
 * call order; system messages in between move after them; a missing result gets a placeholder;
 * a result for no known call becomes user text (OpenAI rejects all three otherwise).
 */
function repairToolCallSequence(
  messages: OpenAIChatMessage[],
  context: ConversionContext,
): OpenAIChatMessage[] {
  const repaired: OpenAIChatMessage[] = [];
  let index = 0;
  for (let message = messages[0]; message !== undefined; message = messages[index]) {
    index += 1;
    if (message.role === 'tool') {
      repaired.push(orphanToolResult(message, context));
      continue;
    }
    repaired.push(message);
    if (message.role !== 'assistant' || !message.tool_calls?.length) continue;
    const results: OpenAIToolMessage[] = [];
    const systems: OpenAIChatMessage[] = [];
    for (let next = messages[index]; next !== undefined; next = messages[index]) {
      if (next.role === 'tool') results.push(next);
      else if (next.role === 'system' || next.role === 'developer') systems.push(next);
      else break;
      index += 1;
    }
    for (const call of message.tool_calls) {
      const position = results.findIndex((result) => result.tool_call_id === call.id);
      const [answer] = position >= 0 ? results.splice(position, 1) : [];
      if (answer) {
        repaired.push(answer);
        continue;
      }
      addWarning(context.warnings, {
        type: 'converted',
        field: 'messages',
        message: `tool call ${call.id} (${call.function.name}) has no tool_result; a placeholder result was added`,
      });
      repaired.push({
        role: 'tool',
        tool_call_id: call.id,
        content: '(no result: the tool call was interrupted)',
      });
    }
    repaired.push(...systems, ...results.map((result) => orphanToolResult(result, context)));
  }
  return repaired;
}

function orphanToolResult(message: OpenAIToolMessage, context: ConversionContext): OpenAIUserMessage {
  addWarning(context.warnings, {
    type: 'converted',
    field: 'messages',
    message: `tool_result for ${message.tool_call_id} answers no tool call of the assistant message before it; sent as user text`,
  });
  const text =
    typeof message.content === 'string'
      ? message.content
      : message.content.map((part) => part.text).join('\n');
  return { role: 'user', content: `[result of tool call ${message.tool_call_id}]\n${text}` };
}

/** Consecutive user messages, and assistant messages without tool calls, merged into one. */
function mergeSameRoleMessages(messages: OpenAIChatMessage[]): OpenAIChatMessage[] {
  const merged: OpenAIChatMessage[] = [];
  for (const message of messages) {
    const last = merged.at(-1);
    if (last?.role === 'user' && message.role === 'user') {
      merged[merged.length - 1] = { role: 'user', content: joinUserContent(last.content, message.content) };
    } else if (last?.role === 'assistant' && message.role === 'assistant' && !last.tool_calls?.length) {
      const content = [last.content, message.content].filter((text): text is string => hasVisibleText(text));
      merged[merged.length - 1] = {
        ...mergeReasoning(last, message),
        role: 'assistant',
        content: content.length > 0 ? content.join('\n\n') : null,
        ...(message.tool_calls ? { tool_calls: message.tool_calls } : {}),
      };
    } else {
      merged.push(message);
    }
  }
  return merged;
}

function joinUserContent(
  first: string | OpenAIContentPart[],
  second: string | OpenAIContentPart[],
): string | OpenAIContentPart[] {
  if (typeof first === 'string' && typeof second === 'string') return `${first}\n\n${second}`;
  const asParts = (content: string | OpenAIContentPart[]): OpenAIContentPart[] =>
    typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  return [...asParts(first), ...asParts(second)];
}
