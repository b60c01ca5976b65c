import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { readFixture } from '../../test/stream-fixtures';
import { fixtureLines } from '../testing/replay-fixture';
import { ContentDeltaReader } from './fast-delta';

// One reader for the whole file, as one stream would use it: what it remembers between chunks is tested too.
const reader = new ContentDeltaReader();
const readContentOnlyDelta = (data: string) => reader.read(data);

const fixtureNames = readdirSync(fileURLToPath(new URL('./__fixtures__', import.meta.url)))
  .filter((file) => file.endsWith('.chunks.txt'))
  .map((file) => file.slice(0, -'.chunks.txt'.length));

/** What the full parse would hand over: the delta, only for chunks that carry nothing else. */
function expectedDelta(line: string): unknown {
  const chunk = JSON.parse(line) as {
    choices?: Array<{ delta?: unknown; finish_reason?: unknown }>;
    usage?: unknown;
    error?: unknown;
  };
  return chunk.choices?.[0]?.delta;
}

describe('readContentOnlyDelta', () => {
  test.each(fixtureNames)('agrees with JSON.parse on every chunk of %s', (name) => {
    for (const line of fixtureLines(readFixture(name))) {
      if (line.startsWith(':') || line === '[DONE]') continue;
      let valid = true;
      try {
        JSON.parse(line);
      } catch {
        valid = false;
      }
      const fast = readContentOnlyDelta(line);
      if (!valid) {
        expect(fast).toBeUndefined();
        continue;
      }
      if (fast === undefined) continue;
      const chunk = JSON.parse(line) as {
        choices: Array<{ finish_reason?: unknown }>;
        usage?: unknown;
        error?: unknown;
      };
      expect(chunk.choices[0]?.finish_reason ?? null).toBeNull();
      expect(chunk.usage ?? null).toBeNull();
      expect(chunk.error ?? null).toBeNull();
      expect(fast).toEqual(expectedDelta(line));
    }
  });

  test('text that looks like keys inside a string does not fool it', () => {
    const line = JSON.stringify({
      id: 'x',
      choices: [
        {
          index: 0,
          delta: { content: 'say "finish_reason":"stop", "usage":{} and "delta":{ \\' },
          finish_reason: null,
        },
      ],
    });
    expect(readContentOnlyDelta(line)).toEqual({
      content: 'say "finish_reason":"stop", "usage":{} and "delta":{ \\',
    });
  });

  test('chunks that need the full parse are left to it', () => {
    const withFinish = JSON.stringify({
      choices: [{ index: 0, delta: { content: 'x' }, finish_reason: 'stop' }],
    });
    const finishFirst = JSON.stringify({
      choices: [{ finish_reason: 'length', index: 0, delta: { content: 'x' } }],
    });
    const withUsage = JSON.stringify({
      choices: [{ index: 0, delta: { content: 'x' } }],
      usage: { prompt_tokens: 1 },
    });
    const twoChoices = JSON.stringify({
      choices: [
        { index: 0, delta: { content: 'a' } },
        { index: 1, delta: { content: 'b' } },
      ],
    });
    const withError = JSON.stringify({
      error: { message: 'boom' },
      choices: [{ index: 0, delta: { content: '' }, finish_reason: null }],
    });
    const spaced = '{"choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": "stop"}]}';
    const truncated = '{"choices":[{"index":0,"delta":{"content":"x"';
    for (const line of [
      withError,
      withFinish,
      finishFirst,
      withUsage,
      twoChoices,
      spaced,
      truncated,
      'not json',
    ]) {
      expect(readContentOnlyDelta(line)).toBeUndefined();
    }
  });

  test('what it remembers of the previous chunk never lets a different one through', () => {
    const chunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ id: 'c1', model: 'm', ...extra, choices: [{ index: 0, ...choice }] });
    const plain = chunk({ delta: { content: 'a' }, finish_reason: null });
    expect(readContentOnlyDelta(plain)).toEqual({ content: 'a' });
    // Same text around the delta: answered from what was remembered.
    expect(readContentOnlyDelta(chunk({ delta: { content: 'b' }, finish_reason: null }))).toEqual({ content: 'b' });
    // Same prefix, a finish_reason after the delta; same tail, usage before the choices.
    expect(readContentOnlyDelta(chunk({ delta: { content: 'c' }, finish_reason: 'stop' }))).toBeUndefined();
    expect(
      readContentOnlyDelta(chunk({ delta: { content: 'd' }, finish_reason: null }, { usage: { prompt_tokens: 1 } })),
    ).toBeUndefined();
    expect(
      readContentOnlyDelta(
        JSON.stringify({ id: 'c1', model: 'm', choices: [{ index: 0, delta: { content: 'e' }, finish_reason: null }, { index: 1, delta: { content: 'f' }, finish_reason: null }] }),
      ),
    ).toBeUndefined();
    expect(readContentOnlyDelta(plain)).toEqual({ content: 'a' });
  });

  test('escapes and tool call fragments come out as JSON.parse gives them', () => {
    const content = 'tab\tquote" unicode é 😀 backslash\\';
    expect(
      readContentOnlyDelta(
        JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] }),
      ),
    ).toEqual({
      content,
    });
    const delta = { tool_calls: [{ index: 0, function: { arguments: '{"a":"\\"b' } }] };
    expect(
      readContentOnlyDelta(
        JSON.stringify({ choices: [{ index: 0, delta, finish_reason: null }], usage: null }),
      ),
    ).toEqual(delta);
  });
});
