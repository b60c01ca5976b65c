import { describe, expect, it } from 'vitest';
import { AnthropicIdGenerator } from './anthropic-ids';
import { convertOpenAIResponseToAnthropic } from './convert-openai-response';
import { streamOpenAIToAnthropic } from './stream/stream-openai-to-anthropic';

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'upstream',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: '', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } }],
      },
      finish_reason: 'tool_calls',
    },
  ],
};

describe('AnthropicIdGenerator', () => {
  it('makes well-formed ids that do not repeat, across many pool refills', () => {
    for (const idsPerDraw of [1, 2, 256]) {
      const ids = new AnthropicIdGenerator(idsPerDraw);
      const made = new Set<string>();
      for (let index = 0; index < 2000; index++) {
        const id = index % 2 === 0 ? ids.messageId() : ids.toolUseId();
        expect(id).toMatch(/^(msg|toolu)_[A-Za-z0-9]{24}$/);
        made.add(id.slice(id.indexOf('_') + 1));
      }
      expect(made.size).toBe(2000);
    }
  });

  it('is the source of a JSON answer’s message and tool ids when one is passed', () => {
    const ids = new AnthropicIdGenerator(8);
    const seen: string[] = [];
    const recording = Object.assign(Object.create(ids), {
      messageId: () => {
        const id = ids.messageId();
        seen.push(id);
        return id;
      },
      toolUseId: () => {
        const id = ids.toolUseId();
        seen.push(id);
        return id;
      },
    }) as AnthropicIdGenerator;
    const message = convertOpenAIResponseToAnthropic(completion as never, {
      model: 'claude-sonnet-4-5',
      ids: recording,
    });
    const toolUse = message.content.find((block) => block.type === 'tool_use');
    expect(seen).toEqual([message.id, toolUse && 'id' in toolUse ? toolUse.id : 'missing']);
  });

  it('is the source of a stream’s message id when one is passed', async () => {
    const ids = new AnthropicIdGenerator(8);
    let made = '';
    const recording = Object.assign(Object.create(ids), {
      messageId: () => {
        made = ids.messageId();
        return made;
      },
    }) as AnthropicIdGenerator;
    const body = [
      'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n',
      'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
      'data: [DONE]\n\n',
    ];
    const source = (async function* () {
      for (const line of body) yield new TextEncoder().encode(line);
    })();
    const events = [];
    for await (const event of streamOpenAIToAnthropic(source, { model: 'claude-sonnet-4-5', ids: recording }))
      events.push(event);
    const start = events.find((event) => event.type === 'message_start');
    expect(made).toMatch(/^msg_/);
    expect(start && 'message' in start ? start.message.id : undefined).toBe(made);
  });
});
