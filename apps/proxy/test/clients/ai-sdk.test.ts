import { createAnthropic } from '@ai-sdk/anthropic';
import { reply, streamText as upstreamStreamText, streamToolCalls } from '@ccp/fake-upstream';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installedVersion } from '../support/installed-version';
import { type Stack, startStack } from '../support/start-stack';

type UpstreamBody = {
  model: string;
  stream?: boolean;
  messages: Array<{
    role: string;
    content: unknown;
    tool_calls?: Array<{ function: { name: string; arguments: string } }>;
  }>;
  tools?: Array<{ function: { name: string } }>;
};

let stack: Stack;
let anthropic: ReturnType<typeof createAnthropic>;
beforeAll(async () => {
  stack = await startStack();
  // The provider appends `/messages` to its base URL, so it gets ccp's `/v1`.
  anthropic = createAnthropic({ baseURL: `${stack.proxy.url}/v1`, apiKey: 'any-key' });
});
afterAll(async () => {
  await stack.close();
});
afterEach(() => {
  stack.upstream.reset();
});

const upstreamBodies = () => stack.upstream.requests.map((request) => request.body as UpstreamBody);

function weatherTool(seen: string[]) {
  return tool({
    description: 'Current weather in a city',
    inputSchema: jsonSchema<{ city: string }>({
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    }),
    execute: async ({ city }) => {
      seen.push(city);
      return `sunny in ${city}`;
    },
  });
}

const aiVersion = installedVersion('ai');
describe(`@ai-sdk/anthropic ${installedVersion('@ai-sdk/anthropic')} (ai ${aiVersion}) through ccp`, () => {
  it('json: generateText gets one JSON answer', async () => {
    stack.upstream.enqueue(
      reply({ text: 'Hello from upstream.', usage: { promptTokens: 30, completionTokens: 4 } }),
    );
    const result = await generateText({
      model: anthropic('claude-sonnet-4-6'),
      system: 'Be brief.',
      prompt: 'Say hello',
      maxRetries: 0,
    });
    expect(result.text).toBe('Hello from upstream.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(30);
    expect(result.usage.outputTokens).toBe(4);
    const [sent] = upstreamBodies();
    expect(sent?.model).toBe('middle-model');
    expect(sent?.stream).not.toBe(true);
    expect(sent?.messages.map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('streaming: streamText yields the text in pieces', async () => {
    stack.upstream.enqueue(upstreamStreamText('Streamed through ccp, piece by piece.', { fragmentSize: 5 }));
    const result = streamText({
      model: anthropic('claude-haiku-4-5'),
      prompt: 'stream please',
      maxRetries: 0,
    });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);
    expect(pieces.join('')).toBe('Streamed through ccp, piece by piece.');
    expect(pieces.length).toBeGreaterThan(3);
    expect(await result.finishReason).toBe('stop');
    expect(upstreamBodies()[0]).toMatchObject({ model: 'small-model', stream: true });
  });

  it('tools: generateText calls a tool, sends its result and gets the answer', async () => {
    stack.upstream.enqueue(
      reply({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }),
      reply({ text: 'It is sunny in Paris.' }),
    );
    const seen: string[] = [];
    const result = await generateText({
      model: anthropic('claude-opus-4-8'),
      prompt: 'Weather in Paris?',
      tools: { get_weather: weatherTool(seen) },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(seen).toEqual(['Paris']);
    expect(result.text).toBe('It is sunny in Paris.');
    expect(result.steps).toHaveLength(2);
    const [first, second] = upstreamBodies();
    expect(first?.tools?.map((entry) => entry.function.name)).toEqual(['get_weather']);
    expect(second?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(JSON.parse(second?.messages[1]?.tool_calls?.[0]?.function.arguments ?? '{}')).toEqual({
      city: 'Paris',
    });
    expect(JSON.stringify(second?.messages[2]?.content)).toContain('sunny in Paris');
  });

  it('tools: streamText assembles a streamed tool call and continues after its result', async () => {
    stack.upstream.enqueue(
      streamToolCalls([{ name: 'get_weather', arguments: { city: 'Rome' } }], { fragmentSize: 3 }),
      upstreamStreamText('Rome is sunny.'),
    );
    const seen: string[] = [];
    const result = streamText({
      model: anthropic('claude-opus-4-8'),
      prompt: 'Weather in Rome?',
      tools: { get_weather: weatherTool(seen) },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(await result.text).toBe('Rome is sunny.');
    expect(seen).toEqual(['Rome']);
    const toolCalls = (await result.steps).flatMap((step) => step.toolCalls);
    expect(toolCalls).toMatchObject([{ toolName: 'get_weather', input: { city: 'Rome' } }]);
    expect(upstreamBodies().every((body) => body.stream === true)).toBe(true);
  });
});
