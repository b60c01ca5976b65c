import { describe, expect, test } from 'vitest';
import type { ConversionWarning } from './conversion-warning';
import { convertOpenAIResponseToAnthropic } from './convert-openai-response';
import type { OpenAIChatCompletion, OpenAIResponseMessage } from './openai-api';

function completion(
  message: Partial<OpenAIResponseMessage>,
  finishReason = 'stop',
  extra = {},
): OpenAIChatCompletion {
  return {
    id: 'chatcmpl-1',
    model: 'gpt-4o',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: null, ...message },
        finish_reason: finishReason,
        ...extra,
      },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 60 } },
  };
}

const options = { model: 'claude-opus-4-1', messageId: 'msg_test' };

describe('convertOpenAIResponseToAnthropic', () => {
  test('a text answer becomes one text block with usage', () => {
    expect(convertOpenAIResponseToAnthropic(completion({ content: 'Hi!' }), options)).toEqual({
      id: 'msg_test',
      type: 'message',
      role: 'assistant',
      model: 'claude-opus-4-1',
      content: [{ type: 'text', text: 'Hi!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 40,
        output_tokens: 20,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 60,
      },
    });
  });

  test('blocks come in order thinking, text, tool_use with ids sanitised and names restored', () => {
    const message = convertOpenAIResponseToAnthropic(
      completion(
        {
          content: 'Let me look.',
          reasoning_content: 'Need to list files.',
          tool_calls: [
            {
              id: 'call:1.a',
              type: 'function',
              function: { name: 'mcp__srv__ls_ab12', arguments: '{"path":"."}' },
            },
            { id: '', type: 'function', function: { name: 'Bash', arguments: '{"command":"pwd"' } },
          ],
        },
        'tool_calls',
      ),
      {
        ...options,
        restoreToolName: (name) => (name === 'mcp__srv__ls_ab12' ? 'mcp__server__list_directory' : name),
      },
    );
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use', 'tool_use']);
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'Need to list files.', signature: '' });
    expect(message.content[2]).toEqual({
      type: 'tool_use',
      id: 'call_1_a',
      name: 'mcp__server__list_directory',
      input: { path: '.' },
    });
    const generated = message.content[3];
    expect(generated).toMatchObject({ type: 'tool_use', name: 'Bash', input: { command: 'pwd' } });
    expect(generated?.type === 'tool_use' && /^toolu_[A-Za-z0-9]{24}$/.test(generated.id)).toBe(true);
    expect(message.stop_reason).toBe('tool_use');
  });

  test('Ollama tool calls with finish_reason stop still report tool_use', () => {
    const message = convertOpenAIResponseToAnthropic(
      completion(
        { tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'Read', arguments: '{}' } }] },
        'stop',
      ),
      options,
    );
    expect(message.stop_reason).toBe('tool_use');
  });

  test('empty and blank content give no text block', () => {
    expect(convertOpenAIResponseToAnthropic(completion({ content: '' }), options).content).toEqual([]);
    expect(convertOpenAIResponseToAnthropic(completion({ content: '\n\n' }), options).content).toEqual([]);
    expect(convertOpenAIResponseToAnthropic({ id: 'x', model: 'm', choices: [] }, options)).toMatchObject({
      content: [],
      stop_reason: 'end_turn',
    });
  });

  test('OpenRouter reasoning_details give a signed thinking block and redacted_thinking', () => {
    const message = convertOpenAIResponseToAnthropic(
      completion({
        content: 'Answer',
        reasoning: 'Thinking text',
        reasoning_details: [
          {
            type: 'reasoning.text',
            text: 'Thinking text',
            signature: 'sig-123',
            format: 'anthropic-claude-v1',
            index: 0,
          },
          { type: 'reasoning.encrypted', data: 'opaque==', index: 1 },
        ],
      }),
      options,
    );
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Thinking text', signature: 'sig-123' },
      { type: 'redacted_thinking', data: 'opaque==' },
      { type: 'text', text: 'Answer' },
    ]);
  });

  test('thinkingSignature builds the signature from text and details', () => {
    const details = [{ type: 'reasoning.text', text: 'T', index: 0 }];
    const message = convertOpenAIResponseToAnthropic(
      completion({ content: 'A', reasoning_details: details }),
      {
        ...options,
        thinkingSignature: ({ text, details: seen }) => `${text}:${seen.length}`,
      },
    );
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'T', signature: 'T:1' });
  });

  test('exposeReasoning false drops thinking', () => {
    const message = convertOpenAIResponseToAnthropic(completion({ content: 'A', reasoning_content: 'R' }), {
      ...options,
      exposeReasoning: false,
    });
    expect(message.content).toEqual([{ type: 'text', text: 'A' }]);
  });

  test('<think> tags are split unless splitThinkTags is false', () => {
    const raw = completion({ content: '<think>\nhmm\n</think>\n\nYes.' });
    expect(convertOpenAIResponseToAnthropic(raw, options).content).toEqual([
      { type: 'thinking', thinking: 'hmm\n', signature: '' },
      { type: 'text', text: 'Yes.' },
    ]);
    expect(convertOpenAIResponseToAnthropic(raw, { ...options, splitThinkTags: false }).content).toEqual([
      { type: 'text', text: '<think>\nhmm\n</think>\n\nYes.' },
    ]);
  });

  test('a refusal becomes text with stop_reason refusal', () => {
    const message = convertOpenAIResponseToAnthropic(
      completion({ refusal: "I can't help with that." }),
      options,
    );
    expect(message.content).toEqual([{ type: 'text', text: "I can't help with that." }]);
    expect(message.stop_reason).toBe('refusal');
  });

  test('broken and hopeless tool arguments are repaired or reported, never thrown', () => {
    const warnings: ConversionWarning[] = [];
    const message = convertOpenAIResponseToAnthropic(
      completion(
        {
          tool_calls: [
            {
              id: 'a',
              type: 'function',
              function: { name: 'Write', arguments: '{"file_path":"/x","content":"abc' },
            },
            { id: 'b', type: 'function', function: { name: 'Bash', arguments: 'rm -rf /' } },
          ],
        },
        'tool_calls',
      ),
      { ...options, warnings },
    );
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'a', name: 'Write', input: { file_path: '/x', content: 'abc' } },
      { type: 'tool_use', id: 'b', name: 'Bash', input: {} },
    ]);
    expect(warnings).toEqual([
      {
        type: 'converted',
        field: 'choices.0.message.tool_calls.0.function.arguments',
        message: expect.any(String),
      },
      {
        type: 'dropped',
        field: 'choices.0.message.tool_calls.1.function.arguments',
        message: expect.stringContaining('rm -rf /'),
      },
    ]);
  });

  test('a vLLM stop string becomes stop_sequence', () => {
    const message = convertOpenAIResponseToAnthropic(
      completion({ content: 'x' }, 'stop', { stop_reason: '###' }),
      options,
    );
    expect(message).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '###' });
  });

  test('a generated message id looks like Anthropic ones', () => {
    const message = convertOpenAIResponseToAnthropic(completion({ content: 'x' }), { model: 'm' });
    expect(message.id).toMatch(/^msg_[A-Za-z0-9]{24}$/);
  });
});

describe('tool calls written as text (recoverTextToolCalls)', () => {
  const recovering = { ...options, recoverTextToolCalls: { toolNames: ['Bash', 'Read'] } };

  test('a fenced call becomes a tool_use block and stop_reason tool_use', () => {
    const warnings: ConversionWarning[] = [];
    const message = convertOpenAIResponseToAnthropic(
      completion({
        content: '<think>run it</think>\n```json\n{"name":"Bash","arguments":{"command":"ls"}}\n```',
      }),
      { ...recovering, warnings },
    );
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'run it', signature: '' },
      { type: 'tool_use', id: 'toolu_test_0', name: 'Bash', input: { command: 'ls' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(warnings).toMatchObject([{ type: 'converted', field: 'choices.0.message.content' }]);
  });

  test('the restored tool name is used', () => {
    const message = convertOpenAIResponseToAnthropic(
      completion({ content: '{"name":"Read","arguments":{}}' }),
      {
        ...recovering,
        restoreToolName: (name: string) => `mcp__files__${name}`,
      },
    );
    expect(message.content).toMatchObject([{ type: 'tool_use', name: 'mcp__files__Read' }]);
  });

  test('a JSON answer and real tool calls are left alone', () => {
    const json = convertOpenAIResponseToAnthropic(
      completion({ content: '{"name":"Alice","age":30}' }),
      recovering,
    );
    expect(json.content).toEqual([{ type: 'text', text: '{"name":"Alice","age":30}' }]);
    expect(json.stop_reason).toBe('end_turn');
    const real = convertOpenAIResponseToAnthropic(
      completion(
        {
          content: '{"name":"Bash","arguments":{}}',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{}' } }],
        },
        'tool_calls',
      ),
      recovering,
    );
    expect(real.content.map((block) => block.type)).toEqual(['text', 'tool_use']);
  });

  test('without the option nothing is recovered', () => {
    const message = convertOpenAIResponseToAnthropic(completion({ content: '{"name":"Bash"}' }), options);
    expect(message.content).toEqual([{ type: 'text', text: '{"name":"Bash"}' }]);
  });
});

describe('implicitThinkOpen', () => {
  test('text before a lone </think> is thinking', () => {
    const message = convertOpenAIResponseToAnthropic(completion({ content: 'Six sevens.\n</think>\n\n42' }), {
      ...options,
      implicitThinkOpen: true,
    });
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Six sevens.\n', signature: '' },
      { type: 'text', text: '42' },
    ]);
  });

  test('is off by default', () => {
    const message = convertOpenAIResponseToAnthropic(completion({ content: 'a</think>b' }), options);
    expect(message.content).toEqual([{ type: 'text', text: 'a</think>b' }]);
  });
});
