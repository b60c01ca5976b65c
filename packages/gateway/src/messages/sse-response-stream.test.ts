import type { AnthropicStreamEvent, StreamSummary } from '@ccp/convert';
import { describe, expect, it } from 'vitest';
import { sseResponseStream } from './sse-response-stream';

const tracker = { phase() {}, usage() {}, end() {} };
const text = (value: string): AnthropicStreamEvent => ({
  type: 'content_block_delta',
  index: 0,
  delta: { type: 'text_delta', text: value },
});

async function readChunks(stream: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  const chunks: Array<{ text: string; at: number }> = [];
  for await (const chunk of stream) chunks.push({ text: decoder.decode(chunk), at: performance.now() });
  return chunks;
}

describe('sseResponseStream', () => {
  it('writes the events that are ready together in one chunk, and never holds one back', async () => {
    // Three reads' arrays in the same turn, then one more after the upstream made us wait.
    let releasedAt = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* events(): AsyncGenerator<AnthropicStreamEvent[], StreamSummary | undefined> {
      yield [text('a')];
      yield [text('b'), text('c')];
      await gate;
      yield [text('d'), { type: 'message_stop' }];
      return undefined;
    }
    let finished: { cancelled: boolean } | undefined;
    const stream = sseResponseStream(events(), {
      tracker,
      onFinish: (_summary, cancelled) => {
        finished = { cancelled };
      },
      onCancel() {},
      log() {},
    });
    const reading = readChunks(stream);
    setTimeout(() => {
      releasedAt = performance.now();
      release();
    }, 30);
    const chunks = await reading;
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.text.match(/event: content_block_delta/g)).toHaveLength(3);
    // The first batch went out while the upstream was still silent.
    expect(chunks[0]!.at).toBeLessThan(releasedAt);
    expect(chunks[1]?.text).toContain('"text":"d"');
    expect(chunks[1]?.text).toContain('event: message_stop');
    expect(finished).toEqual({ cancelled: false });
  });

  it('turns a failure after bytes went out into an error event', async () => {
    async function* events(): AsyncGenerator<AnthropicStreamEvent[], StreamSummary | undefined> {
      yield [text('partial')];
      throw new Error('socket hang up');
    }
    const stream = sseResponseStream(events(), { tracker, onFinish() {}, onCancel() {}, log() {} });
    const body = (await readChunks(stream)).map((chunk) => chunk.text).join('');
    expect(body).toContain('"text":"partial"');
    expect(body).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error"/);
  });
});
