import type { OpenAIChatMessage } from '../openai-api';

function isBlank(text: string): boolean {
  return text.trim().length === 0;
}

/**
 * The rules OpenAI-compatible servers enforce on a conversation, as a list of problems (empty
 * when fine): every assistant message with tool calls is followed directly by one tool message
 * per call, in order; tool messages answer such a call; no content is empty; tool call ids and
 * function names are valid. For tests and for a debug check before sending upstream.
 *
 * @example expect(findOpenAIConversationProblems(result.request.messages)).toEqual([]);
 */
export function findOpenAIConversationProblems(messages: OpenAIChatMessage[]): string[] {
  const problems: string[] = [];
  let expectedToolCallIds: string[] = [];
  messages.forEach((message, index) => {
    const where = `messages[${index}] (${message.role})`;
    if (message.role === 'tool') {
      const expected = expectedToolCallIds.shift();
      if (expected === undefined)
        problems.push(`${where} answers no tool call of the assistant message before it`);
      else if (expected !== message.tool_call_id)
        problems.push(`${where} answers ${message.tool_call_id}, expected ${expected}`);
      const text =
        typeof message.content === 'string'
          ? message.content
          : message.content.map((part) => part.text).join('');
      if (isBlank(text)) problems.push(`${where} has empty content`);
      return;
    }
    if (expectedToolCallIds.length > 0) {
      problems.push(`${where} comes before the results of tool calls ${expectedToolCallIds.join(', ')}`);
      expectedToolCallIds = [];
    }
    if (message.role === 'assistant') {
      const calls = message.tool_calls ?? [];
      if (message.content === null && calls.length === 0)
        problems.push(`${where} has neither content nor tool calls`);
      if (typeof message.content === 'string' && isBlank(message.content))
        problems.push(`${where} has empty content`);
      for (const call of calls) {
        if (!/^[a-zA-Z0-9_-]+$/.test(call.id))
          problems.push(`${where} has an invalid tool call id ${call.id}`);
        if (!/^[a-zA-Z0-9_-]{1,64}$/.test(call.function.name))
          problems.push(`${where} calls an invalid function name ${call.function.name}`);
      }
      expectedToolCallIds = calls.map((call) => call.id);
      return;
    }
    if (typeof message.content === 'string') {
      if (isBlank(message.content)) problems.push(`${where} has empty content`);
    } else if (message.content.length === 0) {
      problems.push(`${where} has no content parts`);
    } else {
      message.content.forEach((part, partIndex) => {
        if (part.type === 'text' && isBlank(part.text))
          problems.push(`${where} part ${partIndex} is empty text`);
      });
    }
  });
  if (expectedToolCallIds.length > 0)
    problems.push(`the conversation ends before the results of tool calls ${expectedToolCallIds.join(', ')}`);
  return problems;
}
