import { describe, expect, test } from 'vitest';
import type { AnthropicStreamEvent } from '../anthropic-api';
import { convertOpenAIResponseToAnthropic } from '../convert-openai-response';
import { assertAnthropicStreamInvariants } from './check-stream-invariants';
import { collectAnthropicMessage } from './collect-anthropic-message';
import { encodeAnthropicEvent } from './encode-sse';
import { streamOpenAIToAnthropic } from './stream-openai-to-anthropic';
import type { StreamConversionOptions } from './stream-types';
import {
  accumulateOpenAIChunks,
  fixtureLines,
  fixtureToSse,
  fromChunks,
  networkSplits,
  readFixture,
  replay,
} from './testing/replay-fixture';

// Refresh the snapshots under __snapshots__ after an intended change:
//   pnpm vitest run --project convert -u

type FixtureCase = {
  name: string;
  /** Compare collectAnthropicMessage(stream) with convertOpenAIResponseToAnthropic(accumulated chunks). */
  compare: 'full' | 'content' | 'no';
  /** The stream ends with an error event of this type. */
  errorType?: string;
  requireValidToolJson?: boolean;
  options?: Partial<StreamConversionOptions>;
};

const cases: FixtureCase[] = [
  { name: 'openai-plain-text', compare: 'full' },
  { name: 'openai-text-then-parallel-tools', compare: 'full' },
  { name: 'vllm-two-tool-calls-one-chunk', compare: 'full' },
  { name: 'tool-arguments-split-escape', compare: 'full' },
  { name: 'unicode-split', compare: 'full' },
  { name: 'deepseek-reasoning-text-tool', compare: 'full' },
  { name: 'openrouter-reasoning-details', compare: 'full' },
  { name: 'openrouter-encrypted-reasoning', compare: 'full' },
  { name: 'ollama-reasoning', compare: 'full' },
  { name: 'think-tags', compare: 'full' },
  { name: 'cumulative-tool-arguments', compare: 'no' },
  { name: 'empty-content-deltas', compare: 'full' },
  { name: 'refusal', compare: 'full' },
  { name: 'vllm-stop-sequence', compare: 'full' },
  { name: 'length-cut-tool-arguments', compare: 'full' },
  { name: 'azure-prompt-filter', compare: 'content' },
  { name: 'finish-without-done', compare: 'content' },
  { name: 'error-mid-stream', compare: 'no', errorType: 'overloaded_error' },
  { name: 'ends-without-finish', compare: 'no', errorType: 'overloaded_error' },
  { name: 'garbage-not-json', compare: 'no', errorType: 'api_error' },
];

const baseOptions: StreamConversionOptions = {
  model: 'claude-sonnet-4-5',
  messageId: 'msg_fixture000000000000000000',
  inputTokensEstimate: 1000,
  pingIntervalMs: 0,
};

describe('streamOpenAIToAnthropic replays recorded upstream streams', () => {
  test.each(cases)('$name', async (fixtureCase) => {
    const text = readFixture(fixtureCase.name);
    const options = { ...baseOptions, ...fixtureCase.options };
    const splits = networkSplits(fixtureToSse(text));
    const runs = await Promise.all(
      Object.entries(splits).map(async ([split, chunks]) => ({ split, ...(await replay(chunks, options)) })),
    );
    const reference = runs[0]!;
    // The same upstream bytes give the same Anthropic events however the network cut them (PEERS #11).
    for (const run of runs.slice(1))
      expect({ split: run.split, events: run.events }).toEqual({
        split: run.split,
        events: reference.events,
      });
    assertAnthropicStreamInvariants(reference.events, {
      requireValidToolJson: fixtureCase.requireValidToolJson ?? true,
    });
    await expect(reference.events.map(encodeAnthropicEvent).join('')).toMatchFileSnapshot(
      `./__snapshots__/${fixtureCase.name}.anthropic-sse.txt`,
    );

    const last = reference.events.at(-1);
    if (fixtureCase.errorType) {
      expect(last).toMatchObject({ type: 'error', error: { type: fixtureCase.errorType } });
      expect(reference.summary?.error?.type).toBe(fixtureCase.errorType);
      expect(reference.events.some((event) => event.type === 'message_stop')).toBe(false);
    } else {
      expect(last).toEqual({ type: 'message_stop' });
      expect(reference.summary?.error).toBeUndefined();
    }

    if (fixtureCase.compare !== 'no') {
      const streamed = await collectAnthropicMessage(fromChunks(reference.events));
      const completion = accumulateOpenAIChunks(fixtureLines(text));
      const converted = convertOpenAIResponseToAnthropic(completion, options);
      expect(streamed.content).toEqual(converted.content);
      expect(streamed.stop_reason).toBe(converted.stop_reason);
      expect(streamed.stop_sequence).toBe(converted.stop_sequence);
      if (fixtureCase.compare === 'full') expect(streamed.usage).toEqual(converted.usage);
      expect(reference.summary?.stopReason).toBe(converted.stop_reason);
    }
  });
});

function eventsOfType<T extends AnthropicStreamEvent['type']>(
  events: AnthropicStreamEvent[],
  type: T,
): Array<Extract<AnthropicStreamEvent, { type: T }>> {
  return events.filter((event): event is Extract<AnthropicStreamEvent, { type: T }> => event.type === type);
}

describe('fixture details', () => {
  test('cumulative snapshots of tool arguments are forwarded once, as new suffixes only', async () => {
    const { events } = await replay(
      networkSplits(fixtureToSse(readFixture('cumulative-tool-arguments')))['one big chunk']!,
      baseOptions,
    );
    const json = eventsOfType(events, 'content_block_delta')
      .map((event) => (event.delta.type === 'input_json_delta' ? event.delta.partial_json : ''))
      .join('');
    expect(JSON.parse(json)).toEqual({ file_path: '/app/main.py', old_string: 'x = 1', new_string: 'x = 2' });
  });

  test('escapes split across argument fragments reassemble into the exact characters', async () => {
    const chunks = networkSplits(fixtureToSse(readFixture('tool-arguments-split-escape')))['7-byte slices']!;
    const message = await collectAnthropicMessage(streamOpenAIToAnthropic(fromChunks(chunks), baseOptions));
    expect(message.content).toEqual([
      {
        type: 'tool_use',
        id: 'call_Esc4pe9xQ1',
        name: 'WebSearch',
        input: { query: 'café "crème"', limit: 3 },
      },
    ]);
  });

  test('unicode split inside multi-byte characters comes out intact', async () => {
    const { events } = await replay(
      networkSplits(fixtureToSse(readFixture('unicode-split')))['1-byte slices']!,
      baseOptions,
    );
    const text = eventsOfType(events, 'content_block_delta')
      .map((event) => (event.delta.type === 'text_delta' ? event.delta.text : ''))
      .join('');
    expect(text).toBe('Déjà vu 👩‍💻 你好，世界！ 🎉🇯🇵 ∑ résumé');
  });

  test('the upstream model is taken from the first chunk that names one (Azure starts with a blank one)', async () => {
    const { summary } = await replay(
      networkSplits(fixtureToSse(readFixture('azure-prompt-filter')))['one big chunk']!,
      baseOptions,
    );
    expect(summary).toMatchObject({
      upstreamModel: 'gpt-4o-2024-11-20',
      upstreamId: 'chatcmpl-AzR3x7Lk',
      usageReported: false,
    });
  });

  test('the summary meters usage, counts and the upstream model', async () => {
    const { summary } = await replay(
      networkSplits(fixtureToSse(readFixture('deepseek-reasoning-text-tool')))['7-byte slices']!,
      baseOptions,
    );
    expect(summary).toMatchObject({
      usage: { input_tokens: 362, output_tokens: 157, cache_read_input_tokens: 2048, thinking_tokens: 98 },
      usageReported: true,
      stopReason: 'tool_use',
      blockCount: 3,
      toolCallCount: 1,
      thinkingChars: 'The user wants the test suite run. I should call Bash.'.length,
      textChars: 'Running the tests now.'.length,
      upstreamModel: 'deepseek-reasoner',
      aborted: false,
    });
    expect(typeof summary?.firstContentAt).toBe('number');
  });
});
