import { describe, expect, test } from 'vitest';
import type { AnthropicStreamEvent } from '../anthropic-api';
import { assertAnthropicStreamInvariants } from '../testing/check-stream-invariants';
import { collectEvents, fromChunks, networkSplits } from '../testing/replay-fixture';
import { collectAnthropicMessage } from './collect-anthropic-message';
import { streamOpenAIToAnthropic } from './stream-openai-to-anthropic';
import type { StreamConversionOptions } from './stream-types';

// One test per way other proxies have been seen to break Anthropic clients when converting OpenAI
// streams: fragments taken for snapshots, lost parallel calls, end_turn despite a tool call, sparse
// block indices, zero usage, JSON split across network chunks, blank text blocks.

const options: StreamConversionOptions = {
  model: 'claude-sonnet-4-5',
  messageId: 'msg_peers',
  pingIntervalMs: 0,
};

const data = (payload: object | string) =>
  `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
const chunk = (delta: object, finishReason: string | null = null) =>
  data({ id: 'c', model: 'm', choices: [{ index: 0, delta, finish_reason: finishReason }] });
const toolDelta = (index: number, fields: { id?: string; name?: string; arguments?: string }) => ({
  tool_calls: [
    {
      index,
      ...(fields.id ? { id: fields.id, type: 'function' } : {}),
      function: { ...(fields.name ? { name: fields.name } : {}), arguments: fields.arguments ?? '' },
    },
  ],
});
const usage = (prompt: number, completion: number) =>
  data({ id: 'c', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion } });

async function run(
  events: string[],
  extra: Partial<StreamConversionOptions> = {},
): Promise<AnthropicStreamEvent[]> {
  const result = await collectEvents(streamOpenAIToAnthropic(fromChunks(events), { ...options, ...extra }));
  assertAnthropicStreamInvariants(result);
  return result;
}

const jsonDeltas = (events: AnthropicStreamEvent[], index: number) =>
  events.flatMap((event) =>
    event.type === 'content_block_delta' && event.index === index && event.delta.type === 'input_json_delta'
      ? [event.delta.partial_json]
      : [],
  );

describe('known stream conversion failures do not happen here', () => {
  test('argument fragments are forwarded as they arrive, not as snapshots, and the tool index follows the text block', async () => {
    const fragments = ['{"pa', 'th": "/a', '/b.ts", "lim', 'it": 20}'];
    const events = await run([
      chunk({ role: 'assistant', content: 'Reading.' }),
      chunk(toolDelta(0, { id: 'call_1', name: 'Read' })),
      ...fragments.map((fragment) => chunk(toolDelta(0, { arguments: fragment }))),
      chunk({}, 'tool_calls'),
      data('[DONE]'),
    ]);
    const start = events.find(
      (event) => event.type === 'content_block_start' && event.content_block.type === 'tool_use',
    );
    expect(start).toMatchObject({ index: 1 });
    expect(jsonDeltas(events, 1)).toEqual(fragments);
  });

  test('reassembled tool JSON is neither truncated nor doubled', async () => {
    const input = { command: 'echo "quoted \\ backslash" && printf \'%s\\n\' é 😀', timeout: 120000 };
    const text = JSON.stringify(input);
    const pieces = text.match(/.{1,5}/gsu) ?? [];
    const events = await run([
      chunk(toolDelta(0, { id: 'call_2', name: 'Bash', arguments: '' })),
      ...pieces.map((piece) => chunk(toolDelta(0, { arguments: piece }))),
      chunk({}, 'tool_calls'),
      data('[DONE]'),
    ]);
    expect(jsonDeltas(events, 0).join('')).toBe(text);
    const message = await collectAnthropicMessage(fromChunks(events));
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_2', name: 'Bash', input }]);
  });

  test('arguments cut short are repaired without turning streaming off', async () => {
    const events = await run([
      chunk(toolDelta(0, { id: 'call_3', name: 'Write', arguments: '{"file_path": "/x", "content": "par' })),
      chunk({}, 'length'),
      data('[DONE]'),
    ]);
    expect(jsonDeltas(events, 0)).toEqual(['{"file_path": "/x", "content": "par', '"}']);
    expect(JSON.parse(jsonDeltas(events, 0).join(''))).toEqual({ file_path: '/x', content: 'par' });
  });

  test('several tool calls in one chunk are all kept', async () => {
    const events = await run([
      chunk({
        tool_calls: [
          {
            index: 0,
            id: 'call_a',
            type: 'function',
            function: { name: 'Glob', arguments: '{"pattern":"*.md"}' },
          },
          {
            index: 1,
            id: 'call_b',
            type: 'function',
            function: { name: 'Glob', arguments: '{"pattern":"*.ts"}' },
          },
          {
            index: 2,
            id: 'call_c',
            type: 'function',
            function: { name: 'Read', arguments: '{"file_path":"/r"}' },
          },
        ],
      }),
      chunk({}, 'tool_calls'),
      data('[DONE]'),
    ]);
    const message = await collectAnthropicMessage(fromChunks(events));
    expect(message.content.map((block) => (block.type === 'tool_use' ? block.id : block.type))).toEqual([
      'call_a',
      'call_b',
      'call_c',
    ]);
  });

  test('a new id on a used index is a new call (providers that always send index 0)', async () => {
    const events = await run([
      chunk(toolDelta(0, { id: 'call_x', name: 'Read', arguments: '{"file_path":"/1"}' })),
      chunk(toolDelta(0, { id: 'call_y', name: 'Read', arguments: '{"file_path":"/2"}' })),
      chunk({}, 'tool_calls'),
      data('[DONE]'),
    ]);
    const message = await collectAnthropicMessage(fromChunks(events));
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_x', name: 'Read', input: { file_path: '/1' } },
      { type: 'tool_use', id: 'call_y', name: 'Read', input: { file_path: '/2' } },
    ]);
  });

  test('stop_reason is tool_use when a tool was called, even if the upstream said stop or nothing', async () => {
    for (const finish of ['stop', 'tool_calls', null]) {
      const events = await run([
        chunk(toolDelta(0, { id: 'call_7', name: 'Read', arguments: '{}' })),
        ...(finish ? [chunk({}, finish)] : []),
        data('[DONE]'),
      ]);
      expect(events.at(-2)).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'tool_use' } });
    }
  });

  test('one message_start, and thinking that follows text opens its own block', async () => {
    const events = await run([
      chunk({ role: 'assistant', content: 'First ' }),
      chunk({ reasoning_content: 'wait, reconsider' }),
      chunk({ content: 'second.' }),
      chunk({}, 'stop'),
      data('[DONE]'),
    ]);
    expect(events.filter((event) => event.type === 'message_start')).toHaveLength(1);
    const message = await collectAnthropicMessage(fromChunks(events));
    expect(message.content).toEqual([
      { type: 'text', text: 'First ' },
      { type: 'thinking', thinking: 'wait, reconsider', signature: '' },
      { type: 'text', text: 'second.' },
    ]);
  });

  test('block indices are dense even when upstream tool indices are not', async () => {
    const events = await run([
      chunk(toolDelta(3, { id: 'call_9', name: 'Read', arguments: '{}' })),
      chunk(toolDelta(7, { id: 'call_10', name: 'Read', arguments: '{}' })),
      chunk({}, 'tool_calls'),
      data('[DONE]'),
    ]);
    const indices = events.flatMap((event) => (event.type === 'content_block_start' ? [event.index] : []));
    expect(indices).toEqual([0, 1]);
  });

  test('message_start carries the input estimate and the final usage comes after finish', async () => {
    const events = await run([chunk({ content: 'Hi' }), chunk({}, 'stop'), usage(5000, 3), data('[DONE]')], {
      inputTokensEstimate: 4800,
    });
    expect(events[0]).toMatchObject({
      type: 'message_start',
      message: { usage: { input_tokens: 4800, output_tokens: 1 } },
    });
    expect(events.at(-2)).toMatchObject({
      type: 'message_delta',
      usage: { input_tokens: 5000, output_tokens: 3 },
    });
  });

  test('without upstream usage the end still reports non-zero usage', async () => {
    const events = await run(
      [chunk({ content: 'Hello world, this is text.' }), chunk({}, 'stop'), data('[DONE]')],
      {
        inputTokensEstimate: 900,
      },
    );
    const delta = events.at(-2);
    expect(delta).toMatchObject({ type: 'message_delta', usage: { input_tokens: 900 } });
    expect(delta?.type === 'message_delta' && delta.usage.output_tokens).toBeGreaterThan(0);
  });

  test('JSON split across network chunks parses, and comments before the first event are harmless', async () => {
    const body = [
      ': OPENROUTER PROCESSING\n\n',
      chunk({ content: 'Split ✓ 😀' }),
      chunk({}, 'stop'),
      usage(3, 2),
      data('[DONE]'),
    ];
    const expected = await run(body);
    for (const [split, chunks] of Object.entries(networkSplits(body))) {
      const events = await collectEvents(streamOpenAIToAnthropic(fromChunks(chunks), options));
      expect({ split, events }).toEqual({ split, events: expected });
    }
    expect(expected[0]?.type).toBe('message_start');
  });

  test('empty or blank strings never become text blocks', async () => {
    const events = await run([
      chunk({ role: 'assistant', content: '' }),
      chunk({ reasoning_content: 'think' }),
      chunk({ content: '\n\n' }),
      chunk(toolDelta(0, { id: 'call_23', name: 'Read', arguments: '{}' })),
      chunk({ content: ' ' }),
      chunk({}, 'tool_calls'),
      data('[DONE]'),
    ]);
    const types = events.flatMap((event) =>
      event.type === 'content_block_start' ? [event.content_block.type] : [],
    );
    expect(types).toEqual(['thinking', 'tool_use']);
  });

  test('whitespace before real text is kept inside the text block', async () => {
    const events = await run([
      chunk({ content: '\n' }),
      chunk({ content: 'Hi' }),
      chunk({}, 'stop'),
      data('[DONE]'),
    ]);
    const message = await collectAnthropicMessage(fromChunks(events));
    expect(message.content).toEqual([{ type: 'text', text: '\nHi' }]);
  });
});
