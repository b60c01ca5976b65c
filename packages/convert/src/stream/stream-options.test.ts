import { describe, expect, test } from 'vitest';
import { readFixture } from '../../test/stream-fixtures';
import type { ConversionWarning } from '../conversion-warning';
import { assertAnthropicStreamInvariants } from '../testing/check-stream-invariants';
import { collectEvents, fixtureToSse, fromChunks } from '../testing/replay-fixture';
import { collectAnthropicMessage } from './collect-anthropic-message';
import { streamOpenAIToAnthropic } from './stream-openai-to-anthropic';
import type { StreamConversionOptions, StreamSummary } from './stream-types';

const options: StreamConversionOptions = {
  model: 'claude-sonnet-4-5',
  messageId: 'msg_options',
  pingIntervalMs: 0,
};
const chunk = (delta: object, finishReason: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;

async function message(body: string[], extra: Partial<StreamConversionOptions> = {}) {
  const events = await collectEvents(streamOpenAIToAnthropic(fromChunks(body), { ...options, ...extra }));
  assertAnthropicStreamInvariants(events);
  return collectAnthropicMessage(fromChunks(events));
}

describe('stream conversion options', () => {
  test('exposeReasoning false drops thinking and redacted thinking but still counts thinking characters', async () => {
    let summary: StreamSummary | undefined;
    const result = await message(fixtureToSse(readFixture('openrouter-encrypted-reasoning')), {
      exposeReasoning: false,
      onFinish: (value) => {
        summary = value;
      },
    });
    expect(result.content).toEqual([{ type: 'text', text: '12 × 12 = 144.' }]);
    expect(summary?.thinkingChars).toBe('**Checking the math**'.length);
  });

  test('thinkingSignature receives the whole thinking text and the merged reasoning details', async () => {
    const seen: unknown[] = [];
    const result = await message(fixtureToSse(readFixture('openrouter-reasoning-details')), {
      thinkingSignature: (thinking) => {
        seen.push(thinking);
        return `ccp:${thinking.details.length}`;
      },
    });
    expect(seen).toEqual([
      {
        text: 'Let me think about prime numbers.',
        details: [
          {
            type: 'reasoning.text',
            text: 'Let me think about prime numbers.',
            signature: 'ErUBCkYIBxgCIkB3yb1s9mLq0xZp4sXhN2tK8vRwQeJ7cUaFdGm5Yo3iPnLbTz6H',
            format: 'anthropic-claude-v1',
            index: 0,
          },
        ],
      },
    ]);
    expect(result.content[0]).toEqual({
      type: 'thinking',
      thinking: 'Let me think about prime numbers.',
      signature: 'ccp:1',
    });
  });

  test('restoreToolName maps shortened names back and ids are sanitised', async () => {
    const result = await message(
      [
        chunk({ tool_calls: [{ index: 0, id: 'call.1:x', function: { name: 'short_1', arguments: '{}' } }] }),
        chunk({}, 'tool_calls'),
        'data: [DONE]\n\n',
      ],
      {
        restoreToolName: (name) =>
          name === 'short_1' ? 'mcp__very_long_server_name__very_long_tool_name' : name,
      },
    );
    expect(result.content).toEqual([
      {
        type: 'tool_use',
        id: 'call_1_x',
        name: 'mcp__very_long_server_name__very_long_tool_name',
        input: {},
      },
    ]);
  });

  test('splitThinkTags false keeps <think> as text', async () => {
    const result = await message([chunk({ content: '<think>x</think>y' }), chunk({}, 'stop')], {
      splitThinkTags: false,
    });
    expect(result.content).toEqual([{ type: 'text', text: '<think>x</think>y' }]);
  });

  test('a tool name arriving after the first fragment holds the arguments until the block can start', async () => {
    const result = await message([
      chunk({ tool_calls: [{ index: 0, id: 'call_n', function: { arguments: '{"a":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: 'Late', arguments: '1}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(result.content).toEqual([{ type: 'tool_use', id: 'call_n', name: 'Late', input: { a: 1 } }]);
  });

  test('lossy spots are reported as warnings', async () => {
    const warnings: ConversionWarning[] = [];
    await message(
      [
        chunk({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'A', arguments: '{}' } }] }),
        chunk({ tool_calls: [{ index: 1, id: 'call_b', function: { name: 'B', arguments: '{}' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: ' ' } }] }),
        chunk({ tool_calls: [{ index: 2, id: 'call_c', function: { arguments: '{}' } }] }),
        chunk({}, 'tool_calls'),
      ],
      { warnings },
    );
    expect(warnings).toEqual([
      {
        type: 'dropped',
        field: 'choices.0.delta.tool_calls.0.function.arguments',
        message: expect.stringContaining('Dropped tool arguments for A'),
      },
      {
        type: 'dropped',
        field: 'choices.0.delta.tool_calls.2',
        message: 'Dropped a tool call that never received a function name.',
      },
    ]);
  });

  test('a signature-only reasoning detail still gets a thinking block to carry it', async () => {
    const result = await message([
      chunk({ reasoning_details: [{ type: 'reasoning.text', text: '', signature: 'sig', index: 0 }] }),
      chunk({ content: 'ok' }),
      chunk({}, 'stop'),
    ]);
    expect(result.content).toEqual([
      { type: 'thinking', thinking: '', signature: 'sig' },
      { type: 'text', text: 'ok' },
    ]);
  });

  test('Mistral-style content parts are read', async () => {
    const result = await message([
      chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'hmm' }] }] }),
      chunk({ content: [{ type: 'text', text: 'Answer' }] }),
      chunk({}, 'stop'),
    ]);
    expect(result.content).toEqual([
      { type: 'thinking', thinking: 'hmm', signature: '' },
      { type: 'text', text: 'Answer' },
    ]);
  });
});

describe('encrypted reasoning next to tool calls', () => {
  test('an encrypted detail arriving while a tool block is open waits, so the tool arguments stay whole', async () => {
    const result = await message([
      chunk({ tool_calls: [{ index: 0, id: 'call_g', function: { name: 'Read', arguments: '{"file_' } }] }),
      chunk({
        reasoning_details: [{ type: 'reasoning.encrypted', data: 'thought-signature==', index: 0 }],
        tool_calls: [{ index: 0, function: { arguments: 'path":"/a"}' } }],
      }),
      chunk({}, 'tool_calls'),
    ]);
    expect(result.content).toEqual([
      { type: 'tool_use', id: 'call_g', name: 'Read', input: { file_path: '/a' } },
      { type: 'redacted_thinking', data: 'thought-signature==' },
    ]);
    expect(result.stop_reason).toBe('tool_use');
  });
});

describe('upstreams that do not stream', () => {
  test('a plain JSON completion body is converted whole', async () => {
    const body = JSON.stringify({
      id: 'chatcmpl-plain',
      object: 'chat.completion',
      model: 'local-model',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Listing.',
            tool_calls: [
              { id: 'call_p', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 50, completion_tokens: 9 },
    });
    let summary: StreamSummary | undefined;
    const result = await message([body.slice(0, 40), body.slice(40)], {
      onFinish: (value) => {
        summary = value;
      },
    });
    expect(result.content).toEqual([
      { type: 'text', text: 'Listing.' },
      { type: 'tool_use', id: 'call_p', name: 'Bash', input: { command: 'ls' } },
    ]);
    expect(result).toMatchObject({ stop_reason: 'tool_use', usage: { input_tokens: 50, output_tokens: 9 } });
    expect(summary).toMatchObject({ upstreamModel: 'local-model', toolCallCount: 1, blockCount: 2 });
  });

  test('a plain JSON error body becomes an error event', async () => {
    const events = await collectEvents(
      streamOpenAIToAnthropic(
        fromChunks([JSON.stringify({ error: { message: 'model not loaded', code: 404 } })]),
        options,
      ),
    );
    assertAnthropicStreamInvariants(events);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(JSON.stringify(events.at(-1))).toContain('model not loaded');
  });
});

describe('known secrets in stream errors', () => {
  const secret = 'correct-horse-battery-staple-42';

  test.each([
    [
      'an error chunk',
      [`data: ${JSON.stringify({ error: { message: `Incorrect API key provided: ${secret}` } })}\n\n`],
    ],
    [
      'an SSE error event',
      [`event: error\ndata: ${JSON.stringify({ message: `bad key ${secret.slice(0, 9)}****e-42` })}\n\n`],
    ],
    ['a stream event that is not JSON', [`data: <html>key ${secret} rejected</html>\n\n`]],
  ])('replaces them in the error event of %s', async (_what, body) => {
    const events = await collectEvents(
      streamOpenAIToAnthropic(fromChunks(body), { ...options, secrets: [secret] }),
    );
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    const text = JSON.stringify(last);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(secret.slice(0, 8));
  });
});
