import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../anthropic-api';
import { OpenAIStreamTransducer } from './openai-stream-transducer';
import type { StreamConversionOptions } from './stream-types';

const content = (text: string) =>
  JSON.stringify({ id: 'c', model: 'qwen3:8b', choices: [{ index: 0, delta: { content: text } }] });
const finish = JSON.stringify({
  id: 'c',
  model: 'qwen3:8b',
  choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
});

function transducer(options: Partial<StreamConversionOptions> = {}) {
  const instance = new OpenAIStreamTransducer({
    model: 'claude-sonnet-4-5',
    messageId: 'msg_test',
    recoverTextToolCalls: { toolNames: ['Bash'] },
    ...options,
  });
  instance.start();
  instance.events.length = 0;
  /** Feeds one content chunk and returns the events it produced right away. */
  const feed = (data: string): AnthropicStreamEvent[] => {
    instance.handleData(data);
    return instance.events.splice(0);
  };
  return { feed };
}

const texts = (events: AnthropicStreamEvent[]) =>
  events.flatMap((event) =>
    event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : [],
  );

describe('recoverTextToolCalls while streaming', () => {
  it('streams an ordinary answer from its first chunk', () => {
    const { feed } = transducer();
    expect(texts(feed(content('Hello')))).toEqual(['Hello']);
    expect(texts(feed(content(' there')))).toEqual([' there']);
  });

  it('holds back text that starts like a call, then lets it go as soon as it is prose', () => {
    const { feed } = transducer();
    expect(feed(content('{"name": "Alice", '))).toEqual([]);
    expect(feed(content('"age": 30}'))).not.toEqual([]);
  });

  it('lets a brace answer go at once when no key follows, or when the object is no call', () => {
    expect(texts(transducer().feed(content('{ x } is a set')))).toEqual(['{ x } is a set']);
    expect(texts(transducer().feed(content('{ }')))).toEqual(['{ }']);
  });

  it('holds a call until the end, then writes a tool_use block', () => {
    const { feed } = transducer();
    expect(feed(content('<tool_call>{"name":"Bash",'))).toEqual([]);
    expect(feed(content('"arguments":{"command":"ls"}}</tool_call>'))).toEqual([]);
    const events = feed(finish);
    expect(events[0]).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 'toolu_test_0', name: 'Bash', input: {} },
    });
    expect(events[1]).toMatchObject({
      delta: { type: 'input_json_delta', partial_json: '{"command":"ls"}' },
    });
  });

  it('gives up holding after 64 KB', () => {
    const { feed } = transducer();
    expect(feed(content(`{"name": "${'x'.repeat(60_000)}`))).toEqual([]);
    expect(texts(feed(content('y'.repeat(6_000)))).join('')).toHaveLength(66_010);
  });

  it('is off unless asked for', () => {
    const { feed } = transducer({ recoverTextToolCalls: undefined });
    expect(texts(feed(content('{"name":"Bash"}')))).toEqual(['{"name":"Bash"}']);
  });
});

describe('implicitThinkOpen while streaming', () => {
  it('takes text before a lone </think> as thinking', () => {
    const { feed } = transducer({ implicitThinkOpen: true, recoverTextToolCalls: undefined });
    expect(feed(content('Plan: add.'))).toEqual([]);
    const events = feed(content('</think>\n\n42'));
    expect(events.map((event) => event.type)).toEqual([
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
    ]);
    expect(events[1]).toMatchObject({ delta: { type: 'thinking_delta', thinking: 'Plan: add.' } });
    expect(events[4]).toMatchObject({ delta: { type: 'text_delta', text: '42' } });
  });

  it('lets text go as soon as another tag comes first', () => {
    const { feed } = transducer({ implicitThinkOpen: true, recoverTextToolCalls: undefined });
    expect(feed(content('Use a '))).toEqual([]);
    expect(texts(feed(content('<div> here')))).toEqual(['Use a <div> here']);
  });
});
