import { describe, expect, test } from 'vitest';
import { readFixture } from '../../test/stream-fixtures';
import type { AnthropicStreamEvent } from '../anthropic-api';
import { convertOpenAIResponseToAnthropic } from '../convert-openai-response';
import { assertAnthropicStreamInvariants } from '../testing/check-stream-invariants';
import {
  accumulateOpenAIChunks,
  fixtureLines,
  fixtureToSse,
  fromChunks,
  networkSplits,
  replay,
} from '../testing/replay-fixture';
import { collectAnthropicMessage } from './collect-anthropic-message';
import { encodeAnthropicEvent } from './encode-sse';
import { streamOpenAIToAnthropic } from './stream-openai-to-anthropic';
import type { StreamConversionOptions } from './stream-types';

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

/** The tools Claude Code declared, for the fixtures of models that write tool calls as text. */
const localTools = { toolNames: ['Bash', 'Read', 'Glob', 'Grep'] };

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
  { name: 'parallel-tools-sequential', compare: 'full' },
  { name: 'parallel-tools-interleaved', compare: 'full' },
  { name: 'parallel-tools-same-chunk', compare: 'full' },
  { name: 'ollama-text-tool-call-bare-json', compare: 'full', options: { recoverTextToolCalls: localTools } },
  { name: 'lmstudio-text-tool-call-fenced', compare: 'full', options: { recoverTextToolCalls: localTools } },
  { name: 'vllm-text-tool-call-hermes-tags', compare: 'full', options: { recoverTextToolCalls: localTools } },
  { name: 'ollama-json-answer-not-a-call', compare: 'full', options: { recoverTextToolCalls: localTools } },
  { name: 'ollama-undeclared-tool-as-text', compare: 'full', options: { recoverTextToolCalls: localTools } },
  { name: 'ollama-implicit-think-open', compare: 'full', options: { implicitThinkOpen: true } },
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
    // The same upstream bytes give the same Anthropic events however the network cut them.
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

describe('parallel tool calls (sequential, interleaved, in one chunk)', () => {
  const names = ['parallel-tools-sequential', 'parallel-tools-interleaved', 'parallel-tools-same-chunk'];
  const run = async (name: string) =>
    (await replay(networkSplits(fixtureToSse(readFixture(name)))['one event per chunk']!, baseOptions))
      .events;
  const argumentDeltas = (events: AnthropicStreamEvent[]) => {
    const byIndex = new Map<number, number>();
    for (const event of eventsOfType(events, 'content_block_delta'))
      if (event.delta.type === 'input_json_delta')
        byIndex.set(event.index, (byIndex.get(event.index) ?? 0) + 1);
    return [...byIndex.values()];
  };

  test('give the same message whatever the order of the fragments', async () => {
    const messages = await Promise.all(
      names.map(async (name) => collectAnthropicMessage(fromChunks(await run(name)))),
    );
    expect(messages[0]!.content.map((block) => block.type)).toEqual(['tool_use', 'tool_use', 'tool_use']);
    expect(messages[0]!.content[2]).toMatchObject({
      name: 'Grep',
      input: { pattern: 'TODO\\(', path: 'src' },
    });
    expect(messages[1]).toEqual(messages[0]);
    expect(messages[2]).toEqual(messages[0]);
    expect(messages.map((message) => message.stop_reason)).toEqual(['tool_use', 'tool_use', 'tool_use']);
  });

  test('sequential calls all stream live; interleaved ones stream the first live and the rest when complete', async () => {
    const sequential = argumentDeltas(await run('parallel-tools-sequential'));
    expect(sequential.every((count) => count > 3)).toBe(true);
    const interleaved = argumentDeltas(await run('parallel-tools-interleaved'));
    expect(interleaved[0]).toBeGreaterThan(3);
    expect(interleaved.slice(1).every((count) => count >= 1)).toBe(true);
    expect(interleaved).toHaveLength(3);
  });

  test('no argument fragment is dropped and no warning is raised for interleaving', async () => {
    const warnings: StreamConversionOptions['warnings'] = [];
    const chunks = networkSplits(fixtureToSse(readFixture('parallel-tools-interleaved')))['7-byte slices']!;
    await collectAnthropicMessage(streamOpenAIToAnthropic(fromChunks(chunks), { ...baseOptions, warnings }));
    expect(warnings).toEqual([]);
  });
});

describe('tool calls written as text (recoverTextToolCalls)', () => {
  const recover = async (name: string) => {
    const chunks = networkSplits(fixtureToSse(readFixture(name)))['one event per chunk']!;
    const warnings: StreamConversionOptions['warnings'] = [];
    const run = await replay(chunks, { ...baseOptions, recoverTextToolCalls: localTools, warnings });
    return { message: await collectAnthropicMessage(fromChunks(run.events)), warnings };
  };

  test.each([
    [
      'ollama-text-tool-call-bare-json',
      [{ name: 'Bash', input: { command: 'ls -la', description: 'List files' } }],
    ],
    ['lmstudio-text-tool-call-fenced', [{ name: 'Read', input: { file_path: '/app/main.py' } }]],
    [
      'vllm-text-tool-call-hermes-tags',
      [
        { name: 'Glob', input: { pattern: '**/*.ts' } },
        { name: 'Grep', input: { pattern: 'TODO', path: 'src' } },
      ],
    ],
  ])('%s becomes tool_use blocks with stop_reason tool_use', async (name, expected) => {
    const { message, warnings } = await recover(name);
    const toolUses = message.content.filter((block) => block.type === 'tool_use');
    expect(toolUses.map((block) => ({ name: block.name, input: block.input }))).toEqual(expected);
    expect(message.content.some((block) => block.type === 'text')).toBe(false);
    expect(message.stop_reason).toBe('tool_use');
    expect(warnings.map((warning) => warning.type)).toEqual(['converted']);
  });

  test('the Hermes fixture keeps its <think> part as thinking before the calls', async () => {
    const { message } = await recover('vllm-text-tool-call-hermes-tags');
    expect(message.content[0]).toMatchObject({
      type: 'thinking',
      thinking: 'I should find the files, then search them.\n',
    });
  });

  test.each(['ollama-json-answer-not-a-call', 'ollama-undeclared-tool-as-text'])(
    '%s stays text (looks like JSON, is an answer)',
    async (name) => {
      const { message, warnings } = await recover(name);
      const text = readFixture(name)
        .split('\n')
        .filter((line) => line.includes('"content"'))
        .map(
          (line) =>
            (JSON.parse(line) as { choices: Array<{ delta: { content: string } }> }).choices[0]!.delta
              .content,
        )
        .join('');
      expect(message.content).toEqual([{ type: 'text', text }]);
      expect(message.stop_reason).toBe('end_turn');
      expect(warnings).toEqual([]);
    },
  );
});
