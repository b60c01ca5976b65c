import { describe, expect, test } from 'vitest';
import { readFixture } from '../../test/stream-fixtures';
import { fixtureToSse, fromChunks, networkSplits, replay } from '../testing/replay-fixture';
import { streamOpenAIToAnthropicBatches } from './stream-openai-to-anthropic';
import type { StreamConversionOptions, StreamSummary } from './stream-types';

const options: StreamConversionOptions = {
  model: 'claude-sonnet-4-5',
  messageId: 'msg_fixture000000000000000000',
  inputTokensEstimate: 1000,
  pingIntervalMs: 0,
};
/** Generated tool ids and clock readings differ from run to run; everything else must not. */
const comparable = (value: unknown) =>
  JSON.stringify(value, (key, field) => (key.endsWith('At') ? 'time' : field)).replace(
    /toolu_[A-Za-z0-9]{24}/g,
    'toolu_X',
  );

describe('streamOpenAIToAnthropicBatches', () => {
  test.each([
    'openai-plain-text',
    'openai-text-then-parallel-tools',
    'deepseek-reasoning-text-tool',
    'tool-arguments-split-escape',
    'error-mid-stream',
    'garbage-not-json',
  ])('%s: the same events and summary as one at a time, at most one array per upstream read', async (name) => {
    for (const [split, chunks] of Object.entries(networkSplits(fixtureToSse(readFixture(name))))) {
      const oneByOne = await replay(chunks, options);
      let finished: StreamSummary | undefined;
      const batches = streamOpenAIToAnthropicBatches(fromChunks(chunks), {
        ...options,
        onFinish: (summary) => {
          finished = summary;
        },
      });
      const arrays = [];
      let result = await batches.next();
      while (!result.done) {
        arrays.push(result.value);
        result = await batches.next();
      }
      expect(comparable(arrays.flat()), split).toBe(comparable(oneByOne.events));
      expect(comparable(result.value), split).toBe(comparable(oneByOne.summary));
      expect(comparable(finished), split).toBe(comparable(oneByOne.summary));
      // One array for the start, then at most one per read and one at the end; none empty.
      expect(arrays.length, split).toBeLessThanOrEqual(chunks.length + 2);
      expect(arrays.every((array) => array.length > 0)).toBe(true);
    }
  });

  test('arrays are the consumer’s to keep: later reads do not change them', async () => {
    const chunks = networkSplits(fixtureToSse(readFixture('openai-plain-text')))['one event per chunk'];
    expect(chunks).toBeDefined();
    const kept = [];
    for await (const array of streamOpenAIToAnthropicBatches(fromChunks(chunks ?? []), options))
      kept.push({ array, copy: [...array] });
    for (const { array, copy } of kept) expect(array).toEqual(copy);
  });

  test('a consumer that stops early ends the conversion with the summary saying so', async () => {
    let finished: StreamSummary | undefined;
    const chunks = networkSplits(fixtureToSse(readFixture('openai-plain-text')))['one event per chunk'] ?? [];
    for await (const array of streamOpenAIToAnthropicBatches(fromChunks(chunks), {
      ...options,
      onFinish: (summary) => {
        finished = summary;
      },
    })) {
      expect(array[0]?.type).toBe('message_start');
      break;
    }
    expect(finished).toBeDefined();
    expect(finished?.aborted).toBe(true);
  });
});
