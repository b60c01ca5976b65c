import Anthropic from '@anthropic-ai/sdk';
import { reply, streamText, streamToolCalls } from '@ccp/fake-upstream';
import AnthropicZero from 'anthropic-sdk-0';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installedVersion } from '../support/installed-version';
import { type Stack, startStack } from '../support/start-stack';

type UpstreamBody = {
  model: string;
  stream?: boolean;
  messages: Array<{
    role: string;
    content: unknown;
    tool_calls?: Array<{ id: string; function: { name: string } }>;
  }>;
  tools?: Array<{ function: { name: string } }>;
};

/** The part of the SDK these tests use; both majors have it with the same shapes. */
type MessagesClient = Pick<Anthropic, 'messages'>;

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

const sdks: Array<{ name: string; version: string; connect: (baseURL: string) => MessagesClient }> = [
  {
    name: '@anthropic-ai/sdk',
    version: installedVersion('anthropic-sdk-0'),
    // The 0.x client is another class with the same messages API; the calls below check it at run time.
    connect: (baseURL) =>
      new AnthropicZero({ baseURL, apiKey: 'any-key', maxRetries: 0 }) as unknown as MessagesClient,
  },
  {
    name: '@anthropic-ai/sdk',
    version: installedVersion('@anthropic-ai/sdk'),
    connect: (baseURL) => new Anthropic({ baseURL, apiKey: 'any-key', maxRetries: 0 }),
  },
];

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});
afterEach(() => {
  stack.upstream.reset();
});

const lastUpstreamBody = () => stack.upstream.requests.at(-1)?.body as UpstreamBody;

for (const { name, version, connect } of sdks)
  describe(`${name} ${version} through ccp`, () => {
    let client: MessagesClient;
    beforeAll(() => {
      client = connect(stack.proxy.url);
    });

    it('json: a plain message comes back as one JSON answer', async () => {
      stack.upstream.enqueue(
        reply({ text: 'Hello from upstream.', usage: { promptTokens: 40, completionTokens: 5 } }),
      );
      const message = await client.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'Say hello' }],
      });
      expect(message).toMatchObject({
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-6',
        content: [{ type: 'text', text: 'Hello from upstream.' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 40, output_tokens: 5 },
      });
      expect(lastUpstreamBody()).toMatchObject({
        model: 'middle-model',
        messages: [{ role: 'system' }, { role: 'user' }],
      });
      expect(lastUpstreamBody().stream).not.toBe(true);
    });

    it('streaming: text arrives in events the SDK assembles', async () => {
      stack.upstream.enqueue(streamText('Streamed in small pieces, ünïcödé too.', { fragmentSize: 4 }));
      const stream = client.messages.stream({
        model: 'claude-haiku-4-5',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'stream please' }],
      });
      const deltas: string[] = [];
      stream.on('text', (delta) => deltas.push(delta));
      const message = await stream.finalMessage();
      expect(message.content).toEqual([{ type: 'text', text: 'Streamed in small pieces, ünïcödé too.' }]);
      expect(message.stop_reason).toBe('end_turn');
      expect(deltas.length).toBeGreaterThan(3);
      expect(deltas.join('')).toBe('Streamed in small pieces, ünïcödé too.');
      expect(lastUpstreamBody()).toMatchObject({ model: 'small-model', stream: true });
    });

    it('tools: a streamed tool call, its result sent back, then the answer', async () => {
      stack.upstream.enqueue(
        streamToolCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }], {
          text: 'Checking.',
          fragmentSize: 3,
        }),
      );
      const first = await client.messages
        .stream({
          model: 'claude-opus-4-8',
          max_tokens: 200,
          tools: [weatherTool],
          messages: [{ role: 'user', content: 'Weather in Paris?' }],
        })
        .finalMessage();
      expect(first.stop_reason).toBe('tool_use');
      const toolUse = first.content.find((block) => block.type === 'tool_use');
      expect(toolUse).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
      expect(lastUpstreamBody().tools?.map((tool) => tool.function.name)).toEqual(['get_weather']);

      stack.upstream.enqueue(reply({ text: 'It is sunny in Paris.' }));
      const second = await client.messages.create({
        model: 'claude-opus-4-8',
        max_tokens: 200,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: first.content },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: (toolUse as { id: string }).id, content: 'sunny, 24 °C' },
            ],
          },
        ],
      });
      expect(second.content).toEqual([{ type: 'text', text: 'It is sunny in Paris.' }]);
      const sent = lastUpstreamBody();
      expect(sent.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
      expect(sent.messages[1]?.tool_calls?.[0]?.function.name).toBe('get_weather');
      expect(sent.messages[2]).toMatchObject({ role: 'tool', content: 'sunny, 24 °C' });
    });
  });
