import { describe, expect, it } from 'vitest';
import type { AnthropicMessageParam } from './anthropic-api';
import { convertMessages } from './convert-messages';
import type { OpenAIChatMessage, OpenAITextPart } from './openai-api';
import { createConversionContext, type RequestConversionOptions } from './request-conversion-options';
import { findOpenAIConversationProblems } from './testing/check-openai-conversation';

function convert(messages: AnthropicMessageParam[], options: Partial<RequestConversionOptions> = {}) {
  const context = createConversionContext({ model: 'm', ...options });
  const leading: OpenAITextPart[] = [];
  const converted = convertMessages(messages, leading, context);
  return { messages: converted, warnings: context.warnings, leading, context };
}

/** Checks the rules OpenAI enforces on a conversation, and that nothing is empty. */
function expectValidConversation(messages: OpenAIChatMessage[]): void {
  expect(findOpenAIConversationProblems(messages)).toEqual([]);
}

const readCall = (id: string, path = '/a') => ({
  type: 'tool_use' as const,
  id,
  name: 'Read',
  input: { file_path: path },
});
const result = (id: string, content: string, extra: Record<string, unknown> = {}) => ({
  type: 'tool_result' as const,
  tool_use_id: id,
  content,
  ...extra,
});

describe('convertMessages: text', () => {
  it('converts string and block content, dropping empty text', () => {
    const { messages, warnings } = convert([
      { role: 'user', content: 'hello' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: '' },
          { type: 'text', text: 'hi there' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'one' },
          { type: 'text', text: '   ' },
          { type: 'text', text: 'two' },
        ],
      },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'hi there' },
      { role: 'user', content: 'one\n\ntwo' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('drops messages left empty, and merges the turns around them', () => {
    const { messages, warnings } = convert([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: '' },
      { role: 'user', content: 'second' },
    ]);
    expect(messages).toEqual([{ role: 'user', content: 'first\n\nsecond' }]);
    expect(warnings[0]).toMatchObject({ type: 'dropped', field: 'messages.1' });
    expectValidConversation(messages);
  });

  it('merges consecutive same-role turns as Anthropic does', () => {
    const { messages } = convert([
      { role: 'user', content: 'a' },
      { role: 'user', content: [{ type: 'text', text: 'b' }] },
      { role: 'assistant', content: 'c' },
      { role: 'assistant', content: 'd' },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: 'a\n\nb' },
      { role: 'assistant', content: 'c\n\nd' },
    ]);
  });

  it('keeps cache_control on user text when asked, as parts', () => {
    const { messages } = convert(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'ctx' },
            { type: 'text', text: 'q', cache_control: { type: 'ephemeral', ttl: '1h' } },
          ],
        },
      ],
      { keepCacheControl: true },
    );
    expect(messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'ctx' },
          { type: 'text', text: 'q', cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
  });
});

describe('convertMessages: images and documents', () => {
  it('sends images and PDFs as parts', () => {
    const { messages } = convert([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
          {
            type: 'document',
            source: { type: 'base64', media_type: 'application/pdf', data: 'JVB' },
            title: 'a.pdf',
          },
          { type: 'text', text: 'What is this?' },
        ],
      },
    ]);
    expect(messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVB' } },
          { type: 'text', text: 'What is this?' },
        ],
      },
    ]);
  });
});

describe('convertMessages: tools', () => {
  it('turns tool_use into tool_calls and tool_result into tool messages', () => {
    const { messages, warnings } = convert([
      { role: 'user', content: 'read a' },
      { role: 'assistant', content: [{ type: 'text', text: 'Reading.' }, readCall('toolu_1')] },
      { role: 'user', content: [result('toolu_1', 'contents of a')] },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: 'read a' },
      {
        role: 'assistant',
        content: 'Reading.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'contents of a' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('assistant without text has null content', () => {
    const { messages } = convert([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [readCall('toolu_1')] },
      { role: 'user', content: [result('toolu_1', 'ok')] },
    ]);
    expect(messages[1]).toMatchObject({ role: 'assistant', content: null });
  });

  it('puts all tool messages first, in call order, then the user text (LiteLLM#28995)', () => {
    const { messages } = convert([
      { role: 'user', content: 'read three files' },
      {
        role: 'assistant',
        content: [readCall('toolu_a', '/a'), readCall('toolu_b', '/b'), readCall('toolu_c', '/c')],
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Here you go, and hurry.' },
          result('toolu_c', 'C'),
          result('toolu_a', 'A'),
          { type: 'text', text: '<system-reminder>note</system-reminder>' },
          result('toolu_b', 'B'),
        ],
      },
    ]);
    expect(messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'toolu_a', content: 'A' },
      { role: 'tool', tool_call_id: 'toolu_b', content: 'B' },
      { role: 'tool', tool_call_id: 'toolu_c', content: 'C' },
      { role: 'user', content: 'Here you go, and hurry.\n\n<system-reminder>note</system-reminder>' },
    ]);
    expectValidConversation(messages);
  });

  it('moves images from a tool result into the user message after the tool messages', () => {
    const { messages } = convert([
      { role: 'user', content: 'screenshot please' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_s', name: 'Screenshot', input: {} }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_s',
            content: [
              { type: 'text', text: 'Captured.' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'PNG' } },
            ],
          },
        ],
      },
    ]);
    expect(messages.slice(2)).toEqual([
      {
        role: 'tool',
        tool_call_id: 'toolu_s',
        content: 'Captured.\n[image 1 of this tool result is attached in the next user message]',
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: '[attachments from the result of tool call toolu_s]' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,PNG' } },
        ],
      },
    ]);
    expectValidConversation(messages);
  });

  it('marks errors and fills empty results', () => {
    const { messages } = convert([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: [readCall('t1'), readCall('t2')] },
      { role: 'user', content: [result('t1', 'ENOENT', { is_error: true }), result('t2', '')] },
    ]);
    expect(messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 't1', content: 'Error: ENOENT' },
      { role: 'tool', tool_call_id: 't2', content: '(no output)' },
    ]);
  });

  it('adds a placeholder for a missing result', () => {
    const { messages, warnings } = convert([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: [readCall('t1'), readCall('t2')] },
      { role: 'user', content: [result('t2', 'two'), { type: 'text', text: 'stop' }] },
    ]);
    expect(messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 't1', content: '(no result: the tool call was interrupted)' },
      { role: 'tool', tool_call_id: 't2', content: 'two' },
      { role: 'user', content: 'stop' },
    ]);
    expect(warnings[0]?.message).toContain('t1');
    expectValidConversation(messages);
  });

  it('adds placeholders when the conversation goes on without results', () => {
    const { messages } = convert([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: [readCall('t1')] },
      { role: 'user', content: [{ type: 'text', text: '' }] },
      { role: 'assistant', content: 'later' },
    ]);
    expectValidConversation(messages);
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('sends a result that answers no call as user text', () => {
    const { messages, warnings } = convert([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: [readCall('t1')] },
      { role: 'user', content: [result('t1', 'one'), result('t9', 'stray')] },
      { role: 'user', content: [result('t1', 'duplicate')] },
    ]);
    expect(messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 't1', content: 'one' },
      { role: 'user', content: '[result of tool call t9]\nstray\n\n[result of tool call t1]\nduplicate' },
    ]);
    expect(warnings.some((warning) => warning.message.includes('t9'))).toBe(true);
    expectValidConversation(messages);
  });

  it('sends a tool result at the very start as user text', () => {
    const { messages } = convert([{ role: 'user', content: [result('t0', 'old')] }]);
    expect(messages).toEqual([{ role: 'user', content: '[result of tool call t0]\nold' }]);
  });

  it('sanitises odd tool ids the same way on both sides and maps long names', () => {
    const longName = `mcp__${'z'.repeat(70)}`;
    const context = createConversionContext({ model: 'm' });
    const messages = convertMessages(
      [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call:1', name: longName, input: { a: 1 } }] },
        { role: 'user', content: [result('call:1', 'done')] },
      ],
      [],
      context,
    );
    const assistant = messages[1] as Extract<OpenAIChatMessage, { role: 'assistant' }>;
    const call = assistant.tool_calls?.[0];
    expect(call?.id).toMatch(/^call_1_[a-z0-9]+$/);
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: call?.id, content: 'done' });
    expect(call?.function.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(context.toolNames.map[call!.function.name]).toBe(longName);
  });

  it('stringifies tool input exactly', () => {
    const input = { command: 'echo "hi"\nls', nested: { list: [1, 2], unicode: 'é' } };
    const { messages } = convert([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Bash', input }] },
      { role: 'user', content: [result('t', 'hi')] },
    ]);
    const assistant = messages[1] as Extract<OpenAIChatMessage, { role: 'assistant' }>;
    expect(JSON.parse(assistant.tool_calls?.[0]?.function.arguments ?? '')).toEqual(input);
  });
});

describe('convertMessages: system messages in the conversation', () => {
  const conversation: AnthropicMessageParam[] = [
    { role: 'user', content: 'hi' },
    { role: 'system', content: 'Output style: explanatory.' },
    { role: 'user', content: 'go on' },
  ];

  it('keeps them in place by default', () => {
    expect(convert(conversation).messages).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'Output style: explanatory.' },
      { role: 'user', content: 'go on' },
    ]);
    expect(convert(conversation, { systemRole: 'developer' }).messages[1]).toEqual({
      role: 'developer',
      content: 'Output style: explanatory.',
    });
  });

  it('merges them into the leading system message', () => {
    const { messages, leading, warnings } = convert(conversation, { lateSystemMessages: 'merge-into-first' });
    expect(messages).toEqual([{ role: 'user', content: 'hi\n\ngo on' }]);
    expect(leading).toEqual([{ type: 'text', text: 'Output style: explanatory.' }]);
    expect(warnings[0]).toMatchObject({ type: 'converted', field: 'messages.1' });
  });

  it('sends them as user text in system-reminder tags', () => {
    const { messages } = convert(conversation, { lateSystemMessages: 'as-user' });
    expect(messages).toEqual([
      {
        role: 'user',
        content: 'hi\n\n<system-reminder>\nOutput style: explanatory.\n</system-reminder>\n\ngo on',
      },
    ]);
  });

  it('moves a system message that sits between tool calls and their results', () => {
    const { messages } = convert([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: [readCall('t1')] },
      { role: 'system', content: 'reminder' },
      { role: 'user', content: [result('t1', 'one')] },
    ]);
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'system']);
    expectValidConversation(messages);
  });

  it('drops empty system messages', () => {
    expect(
      convert([
        { role: 'user', content: 'x' },
        { role: 'system', content: [{ type: 'text', text: '' }] },
      ]).messages,
    ).toEqual([{ role: 'user', content: 'x' }]);
  });
});

describe('convertMessages: thinking', () => {
  const withThinking: AnthropicMessageParam[] = [
    { role: 'user', content: 'x' },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Let me ', signature: 'sig1' },
        { type: 'thinking', thinking: 'think.', signature: 'sig2' },
        { type: 'redacted_thinking', data: 'opaque' },
        readCall('t1'),
      ],
    },
    { role: 'user', content: [result('t1', 'one')] },
  ];

  it('drops thinking by default and counts it', () => {
    const { messages, context } = convert(withThinking);
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 't1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } },
      ],
    });
    expect(context.counts.reasoningDropped).toBe(3);
  });

  it('echoes thinking through the hook (DeepSeek reasoning_content)', () => {
    const { messages, context } = convert(withThinking, {
      echoReasoning: (block) =>
        block.type === 'thinking' ? { reasoning_content: block.thinking } : undefined,
    });
    expect(messages[1]).toMatchObject({
      role: 'assistant',
      reasoning_content: 'Let me think.',
      content: null,
    });
    expect(context.counts.reasoningDropped).toBe(1);
  });

  it('joins reasoning details from several blocks (OpenRouter)', () => {
    const { messages } = convert(withThinking, {
      echoReasoning: (block) =>
        block.type === 'thinking'
          ? {
              reasoning_details: [
                { type: 'reasoning.text', text: block.thinking, signature: block.signature ?? null },
              ],
            }
          : { reasoning_details: [{ type: 'reasoning.encrypted', data: block.data }] },
    });
    const assistant = messages[1] as Extract<OpenAIChatMessage, { role: 'assistant' }>;
    expect(assistant.reasoning_details?.map((detail) => detail.type)).toEqual([
      'reasoning.text',
      'reasoning.text',
      'reasoning.encrypted',
    ]);
  });

  it('drops an assistant turn holding only thinking', () => {
    const { messages, warnings } = convert([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }] },
    ]);
    expect(messages).toEqual([{ role: 'user', content: 'x' }]);
    expect(warnings[0]?.type).toBe('dropped');
  });
});

describe('convertMessages: server tool blocks', () => {
  it('become text in the assistant message, never unknown parts', () => {
    const { messages, warnings } = convert([
      { role: 'user', content: 'search' },
      {
        role: 'assistant',
        content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
          {
            type: 'web_search_tool_result',
            tool_use_id: 'srvtoolu_1',
            content: [{ type: 'web_search_result', title: 'T', url: 'https://t' }],
          },
          { type: 'text', text: 'Found it.' },
        ],
      },
    ]);
    expect(messages[1]).toEqual({
      role: 'assistant',
      content:
        '[server tool web_search called with {"query":"q"}]\n\n[web search results]\n1. T — https://t\n\nFound it.',
    });
    expect(warnings.every((warning) => warning.type === 'converted')).toBe(true);
  });

  it('drops blocks in the wrong role with a warning', () => {
    const { messages, warnings } = convert([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'x' },
          { type: 'thinking', thinking: 't', signature: 's' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'y' },
          { type: 'image', source: { type: 'url', url: 'https://i' } },
        ],
      },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: 'y' },
    ]);
    expect(warnings.map((warning) => warning.field)).toEqual([
      'messages.0.content.1',
      'messages.1.content.1',
    ]);
  });
});
