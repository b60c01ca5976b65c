import { afterEach, describe, expect, test, vi } from 'vitest';
import type { AnthropicStreamEvent } from '../anthropic-api';
import { assertAnthropicStreamInvariants } from '../testing/check-stream-invariants';
import { collectEvents, fromChunks } from '../testing/replay-fixture';
import { AnthropicStreamError, collectAnthropicMessage } from './collect-anthropic-message';
import { encodeAnthropicEvent, encodeAnthropicStream } from './encode-sse';
import { streamOpenAIToAnthropic } from './stream-openai-to-anthropic';
import type { StreamSummary } from './stream-types';

const chunk = (delta: object, finishReason: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
const usage = (prompt: number, completion: number) =>
  `data: ${JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion } })}\n\n`;
const done = 'data: [DONE]\n\n';
const options = { model: 'claude-haiku-4-5', messageId: 'msg_1', pingIntervalMs: 0 };

/** A source the test feeds by hand; records whether it was released. */
function controlledSource() {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const state = { returned: false };
  const iterator: AsyncIterator<string> = {
    async next() {
      while (queue.length === 0 && !ended && !state.returned)
        await new Promise<void>((resolve) => (wake = resolve));
      const value = queue.shift();
      return value === undefined ? { done: true, value: undefined } : { done: false, value };
    },
    async return() {
      state.returned = true;
      wake?.();
      return { done: true, value: undefined };
    },
  };
  return {
    source: { [Symbol.asyncIterator]: () => iterator } as AsyncIterable<string>,
    push(text: string) {
      queue.push(text);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    state,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('stream lifecycle', () => {
  test('message_start comes first, before any upstream byte arrives', async () => {
    const upstream = controlledSource();
    const stream = streamOpenAIToAnthropic(upstream.source, { ...options, inputTokensEstimate: 4321 });
    const first = await stream.next();
    expect(first.value).toMatchObject({
      type: 'message_start',
      message: { usage: { input_tokens: 4321, output_tokens: 1 } },
    });
    await stream.return(undefined as never);
  });

  test('pings are sent while the upstream is silent, and no timer is left afterwards', async () => {
    vi.useFakeTimers();
    const upstream = controlledSource();
    const events: AnthropicStreamEvent[] = [];
    const consuming = (async () => {
      for await (const event of streamOpenAIToAnthropic(upstream.source, {
        ...options,
        pingIntervalMs: 10_000,
      })) {
        events.push(event);
      }
    })();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(events.filter((event) => event.type === 'ping')).toHaveLength(2);
    upstream.push(chunk({ content: 'late' }));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events.filter((event) => event.type === 'ping')).toHaveLength(2);
    upstream.push(chunk({}, 'stop') + done);
    upstream.end();
    await consuming;
    assertAnthropicStreamInvariants(events);
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('aborting the signal ends the stream with an error and releases the upstream', async () => {
    const upstream = controlledSource();
    const controller = new AbortController();
    let summary: StreamSummary | undefined;
    const events: AnthropicStreamEvent[] = [];
    const consuming = (async () => {
      for await (const event of streamOpenAIToAnthropic(upstream.source, {
        ...options,
        signal: controller.signal,
        onFinish: (value) => {
          summary = value;
        },
      })) {
        events.push(event);
        if (event.type === 'content_block_delta') controller.abort();
      }
    })();
    upstream.push(chunk({ content: 'Hello' }));
    await consuming;
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(summary).toMatchObject({ aborted: true, error: { type: 'api_error' } });
    expect(upstream.state.returned).toBe(true);
  });

  test('a timeout abort reason becomes timeout_error', async () => {
    const upstream = controlledSource();
    const controller = new AbortController();
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    const events = await collectEvents(
      streamOpenAIToAnthropic(upstream.source, { ...options, signal: controller.signal }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
  });

  test('a consumer that stops early still gets onFinish and the upstream is released', async () => {
    const upstream = controlledSource();
    upstream.push(chunk({ content: 'Hello' }));
    let summary: StreamSummary | undefined;
    for await (const event of streamOpenAIToAnthropic(upstream.source, {
      ...options,
      onFinish: (value) => {
        summary = value;
      },
    })) {
      if (event.type === 'content_block_delta') break;
    }
    expect(summary?.aborted).toBe(true);
    expect(upstream.state.returned).toBe(true);
  });

  test('the generator returns the same summary it passes to onFinish', async () => {
    let fromCallback: StreamSummary | undefined;
    const stream = streamOpenAIToAnthropic(
      fromChunks([chunk({ content: 'x' }), chunk({}, 'stop'), usage(7, 1), done]),
      {
        ...options,
        onFinish: (value) => {
          fromCallback = value;
        },
      },
    );
    let result = await stream.next();
    while (!result.done) result = await stream.next();
    expect(result.value).toBe(fromCallback);
    expect(result.value).toMatchObject({
      usage: { input_tokens: 7, output_tokens: 1 },
      stopReason: 'end_turn',
    });
  });

  test('the rest of the body after message_stop is read so the connection ends cleanly', async () => {
    const upstream = controlledSource();
    upstream.push(chunk({ content: 'x' }) + chunk({}, 'stop') + usage(1, 1));
    const events: AnthropicStreamEvent[] = [];
    const consuming = (async () => {
      for await (const event of streamOpenAIToAnthropic(upstream.source, options)) events.push(event);
    })();
    await vi.waitFor(() => expect(events.at(-1)).toEqual({ type: 'message_stop' }));
    upstream.push(done);
    upstream.end();
    await consuming;
    expect(upstream.state.returned).toBe(false);
  });

  test('a source that throws mid-stream gives an overloaded_error event', async () => {
    async function* broken() {
      yield chunk({ content: 'Hi' });
      throw new Error('socket hang up');
    }
    const events = await collectEvents(streamOpenAIToAnthropic(broken(), options));
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: {
        type: 'overloaded_error',
        message: 'The connection to the upstream broke mid-stream (socket hang up). Retry the request.',
      },
    });
    assertAnthropicStreamInvariants(events);
  });

  test('secrets in upstream error messages are redacted', async () => {
    const events = await collectEvents(
      streamOpenAIToAnthropic(
        fromChunks([
          `data: ${JSON.stringify({ error: { message: 'Invalid key sk-or-v1-abcdef123456', code: 401 } })}\n\n`,
        ]),
        options,
      ),
    );
    const last = events.at(-1);
    expect(last?.type === 'error' && last.error.message).not.toContain('abcdef123456');
    expect(last).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });
});

describe('encodeAnthropicStream', () => {
  test('encodes each event as SSE bytes and can be read back', async () => {
    const events: AnthropicStreamEvent[] = [{ type: 'ping' }, { type: 'message_stop' }];
    const body = await new Response(encodeAnthropicStream(fromChunks(events))).text();
    expect(body).toBe(
      'event: ping\ndata: {"type":"ping"}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
    expect(encodeAnthropicEvent({ type: 'ping' })).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });

  test('cancelling the byte stream stops the transducer and releases the upstream', async () => {
    const upstream = controlledSource();
    upstream.push(chunk({ content: 'Hi' }));
    const reader = encodeAnthropicStream(streamOpenAIToAnthropic(upstream.source, options)).getReader();
    await reader.read();
    await reader.cancel();
    expect(upstream.state.returned).toBe(true);
  });
});

describe('collectAnthropicMessage', () => {
  const start: AnthropicStreamEvent = {
    type: 'message_start',
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'm',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 1,
        output_tokens: 1,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    },
  };

  test('throws on a block index that skips ahead', async () => {
    await expect(
      collectAnthropicMessage(
        fromChunks<AnthropicStreamEvent>([
          start,
          { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
        ]),
      ),
    ).rejects.toThrow(/not the next index/);
  });

  test('throws on a delta for a block that is not open', async () => {
    await expect(
      collectAnthropicMessage(
        fromChunks<AnthropicStreamEvent>([
          start,
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } },
        ]),
      ),
    ).rejects.toThrow(/Content block not found/);
  });

  test('throws AnthropicStreamError with the detail on an error event, and on a missing message_stop', async () => {
    const failure = collectAnthropicMessage(
      fromChunks<AnthropicStreamEvent>([
        start,
        { type: 'error', error: { type: 'overloaded_error', message: 'busy' } },
      ]),
    );
    await expect(failure).rejects.toBeInstanceOf(AnthropicStreamError);
    await expect(failure).rejects.toMatchObject({ detail: { type: 'overloaded_error' } });
    await expect(collectAnthropicMessage(fromChunks<AnthropicStreamEvent>([start]))).rejects.toThrow(
      /without message_stop/,
    );
  });
});

describe('assertAnthropicStreamInvariants', () => {
  test('rejects a thinking delta inside a text block and a missing message_stop', () => {
    const base = [
      {
        type: 'message_start',
        message: { content: [], stop_reason: null, usage: { input_tokens: 1, output_tokens: 1 } },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    ] as AnthropicStreamEvent[];
    expect(() =>
      assertAnthropicStreamInvariants([
        ...base,
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'x' } },
      ]),
    ).toThrow(/thinking_delta inside a text block/);
    expect(() =>
      assertAnthropicStreamInvariants([
        ...base,
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } },
        { type: 'content_block_stop', index: 0 },
      ]),
    ).toThrow(/must end with message_stop or error/);
  });
});

describe('encodeAnthropicEvent', () => {
  test('the fast delta frames are byte-identical to JSON.stringify of the event', () => {
    const texts = ['', 'plain', 'quote " backslash \\ newline \n tab \t', 'é 😀 \u2028 \u0000', '{"a":[1]}'];
    for (const text of texts) {
      const events: AnthropicStreamEvent[] = [
        { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: text } },
        { type: 'content_block_delta', index: 12, delta: { type: 'thinking_delta', thinking: text } },
        { type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: text } },
      ];
      for (const event of events) {
        expect(encodeAnthropicEvent(event)).toBe(
          `event: content_block_delta\ndata: ${JSON.stringify(event)}\n\n`,
        );
      }
    }
  });
});
