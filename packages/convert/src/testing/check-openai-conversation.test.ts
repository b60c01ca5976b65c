import { describe, expect, it } from 'vitest';
import { findOpenAIConversationProblems } from './check-openai-conversation';
import type { OpenAIChatMessage } from '../openai-api';

const call = (id: string) => ({ id, type: 'function' as const, function: { name: 'Read', arguments: '{}' } });

describe('findOpenAIConversationProblems', () => {
  it('accepts a valid conversation', () => {
    expect(
      findOpenAIConversationProblems([
        { role: 'system', content: 'S' },
        { role: 'user', content: 'u' },
        { role: 'assistant', content: null, tool_calls: [call('a'), call('b')] },
        { role: 'tool', tool_call_id: 'a', content: 'A' },
        { role: 'tool', tool_call_id: 'b', content: 'B' },
        { role: 'user', content: [{ type: 'text', text: 'more' }] },
        { role: 'assistant', content: 'done' },
      ]),
    ).toEqual([]);
  });

  it.each<[string, OpenAIChatMessage[], string]>([
    [
      'user text between calls and results',
      [
        { role: 'assistant', content: null, tool_calls: [call('a')] },
        { role: 'user', content: 'x' },
        { role: 'tool', tool_call_id: 'a', content: 'A' },
      ],
      'messages[1] (user) comes before the results of tool calls a',
    ],
    [
      'results out of order',
      [
        { role: 'assistant', content: null, tool_calls: [call('a'), call('b')] },
        { role: 'tool', tool_call_id: 'b', content: 'B' },
        { role: 'tool', tool_call_id: 'a', content: 'A' },
      ],
      'messages[1] (tool) answers b, expected a',
    ],
    [
      'a stray tool message',
      [{ role: 'tool', tool_call_id: 'z', content: 'Z' }],
      'messages[0] (tool) answers no tool call',
    ],
    ['empty user text', [{ role: 'user', content: ' ' }], 'messages[0] (user) has empty content'],
    [
      'empty text part',
      [{ role: 'user', content: [{ type: 'text', text: '' }] }],
      'messages[0] (user) part 0 is empty text',
    ],
    [
      'empty assistant',
      [{ role: 'assistant', content: null }],
      'messages[0] (assistant) has neither content nor tool calls',
    ],
    [
      'missing results at the end',
      [{ role: 'assistant', content: null, tool_calls: [call('a')] }],
      'the conversation ends before the results of tool calls a',
    ],
    [
      'invalid id',
      [
        { role: 'assistant', content: null, tool_calls: [call('a:1')] },
        { role: 'tool', tool_call_id: 'a:1', content: 'A' },
      ],
      'messages[0] (assistant) has an invalid tool call id a:1',
    ],
  ])('finds %s', (_name, messages, problem) => {
    expect(findOpenAIConversationProblems(messages).join('\n')).toContain(problem);
  });
});
