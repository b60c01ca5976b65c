import { describe, expect, test } from 'vitest';
import type { AnthropicStreamEvent } from '../anthropic-api';
import type { ConversionWarning } from '../conversion-warning';
import { assertAnthropicStreamInvariants } from '../testing/check-stream-invariants';
import { collectEvents, fromChunks } from '../testing/replay-fixture';
import { collectAnthropicMessage } from './collect-anthropic-message';
import { streamOpenAIToAnthropic } from './stream-openai-to-anthropic';

// How tool-call argument fragments become input_json_delta events: which are streamed at once,
// which are held, and what the client ends up parsing.

const data = (payload: object | string) =>
  `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
const chunk = (delta: object, finishReason: string | null = null) =>
  data({ id: 'c', model: 'm', choices: [{ index: 0, delta, finish_reason: finishReason }] });
const start = (name = 'Read') =>
  chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name, arguments: '' } }] });
const fragment = (text: string) => chunk({ tool_calls: [{ index: 0, function: { arguments: text } }] });

/** Runs the fragments as one call; returns each delta with how many events came before it. */
async function run(fragments: string[]) {
  const warnings: ConversionWarning[] = [];
  const events: AnthropicStreamEvent[] = await collectEvents(
    streamOpenAIToAnthropic(
      fromChunks([start(), ...fragments.map(fragment), chunk({}, 'tool_calls'), data('[DONE]')]),
      { model: 'claude-sonnet-4-5', messageId: 'msg_args', pingIntervalMs: 0, warnings },
    ),
  );
  assertAnthropicStreamInvariants(events);
  const deltas = events.flatMap((event) =>
    event.type === 'content_block_delta' && event.delta.type === 'input_json_delta'
      ? [event.delta.partial_json]
      : [],
  );
  const message = await collectAnthropicMessage(fromChunks(events));
  const block = message.content[0];
  return { deltas, input: block?.type === 'tool_use' ? block.input : undefined, warnings };
}

describe('tool call arguments in the stream', () => {
  test('an object is streamed fragment by fragment, leading whitespace held until the brace', async () => {
    const result = await run(['  ', '{"path":', ' "/a"', '}']);
    expect(result.deltas).toEqual(['  {"path":', ' "/a"', '}']);
    expect(result.input).toEqual({ path: '/a' });
  });

  test.each([
    ['plain text', ['ab', 'c'], {}],
    ['an array', ['[1,', '2]'], {}],
    ['a JSON-encoded object', ['"{\\"a\\":', '1}"'], { a: 1 }],
    ['an object in a code fence', ['```json\n{"a"', ': 2}\n```'], { a: 2 }],
  ])('%s is held and sent as one object at the end', async (_what, fragments, expected) => {
    const result = await run(fragments);
    expect(result.deltas).toEqual([JSON.stringify(expected)]);
    expect(result.input).toEqual(expected);
    expect(result.warnings.some((warning) => warning.type === 'converted')).toBe(true);
  });

  test('whitespace only gives an empty input', async () => {
    const result = await run([' ', '\n']);
    expect(result.deltas).toEqual([]);
    expect(result.input).toEqual({});
  });

  test('text after the complete object is dropped with a warning', async () => {
    const result = await run(['{"a":1}', '}', ' x']);
    expect(result.deltas).toEqual(['{"a":1}']);
    expect(result.input).toEqual({ a: 1 });
    expect(result.warnings.some((warning) => warning.type === 'dropped')).toBe(true);
  });

  test.each([
    [['{"a":', '{"a":', '1}}'], { a: { a: 1 } }],
    [['{"a":', '{"a":{"a":1}}}'], { a: { a: { a: 1 } } }],
    [['{"x":', '{"x":"y",', '{"x":"y","z":1}', '{"x":"y","z":1}'], { x: 'y', z: 1 }],
  ])(
    'fragments that start with the arguments so far are read the way that stays valid: %j',
    async (fragments, expected) => {
      const result = await run(fragments);
      expect(result.input).toEqual(expected);
    },
  );
});
