import { reply, streamText, streamToolCalls } from '@ccp/fake-upstream';
import { ChatAnthropic } from '@langchain/anthropic';
import { AIMessage, type AIMessageChunk, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installedVersion } from '../support/installed-version';
import { type Stack, startStack } from '../support/start-stack';

type UpstreamBody = {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content: unknown; tool_calls?: Array<{ function: { name: string } }> }>;
  tools?: Array<{ function: { name: string } }>;
};

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

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

function chat(model: string): ChatAnthropic {
  return new ChatAnthropic({ model, anthropicApiUrl: stack.proxy.url, apiKey: 'any-key', maxRetries: 0 });
}

const upstreamBodies = () => stack.upstream.requests.map((request) => request.body as UpstreamBody);

describe(`@langchain/anthropic ${installedVersion('@langchain/anthropic')} through ccp`, () => {
  it('json: invoke gets one JSON answer with usage', async () => {
    stack.upstream.enqueue(
      reply({ text: 'Hello from upstream.', usage: { promptTokens: 25, completionTokens: 4 } }),
    );
    const answer = await chat('claude-sonnet-4-6').invoke([new HumanMessage('Say hello')]);
    expect(answer.content).toBe('Hello from upstream.');
    expect(answer.usage_metadata).toMatchObject({ input_tokens: 25, output_tokens: 4 });
    const [sent] = upstreamBodies();
    expect(sent?.model).toBe('middle-model');
    expect(sent?.stream).not.toBe(true);
  });

  it('streaming: stream yields chunks that add up to the text', async () => {
    stack.upstream.enqueue(streamText('Streamed through ccp for LangChain.', { fragmentSize: 4 }));
    const stream = await chat('claude-haiku-4-5').stream([new HumanMessage('stream please')]);
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      if (typeof chunk.content === 'string') text += chunk.content;
      else
        for (const part of chunk.content)
          if (part.type === 'text' && typeof part.text === 'string') text += part.text;
      chunks += 1;
    }
    expect(text).toBe('Streamed through ccp for LangChain.');
    expect(chunks).toBeGreaterThan(3);
    expect(upstreamBodies()[0]).toMatchObject({ model: 'small-model', stream: true });
  });

  it('tools: a streamed tool call, its result sent back, then the answer', async () => {
    stack.upstream.enqueue(
      streamToolCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }], { fragmentSize: 3 }),
      reply({ text: 'It is sunny in Paris.' }),
    );
    const model = chat('claude-opus-4-8').bindTools([weatherTool]);
    const question = new HumanMessage('Weather in Paris?');
    let call: AIMessageChunk | undefined;
    for await (const chunk of await model.stream([question])) call = call ? call.concat(chunk) : chunk;
    expect(call?.tool_calls).toMatchObject([{ name: 'get_weather', args: { city: 'Paris' } }]);
    const toolCall = call!.tool_calls![0]!;

    const answer = await model.invoke([
      question,
      new AIMessage({ content: call!.content, tool_calls: call!.tool_calls ?? [] }),
      new ToolMessage({ tool_call_id: toolCall.id!, content: 'sunny, 24 °C' }),
    ]);
    expect(answer.content).toBe('It is sunny in Paris.');
    const [first, second] = upstreamBodies();
    expect(first?.tools?.map((tool) => tool.function.name)).toEqual(['get_weather']);
    expect(second?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(second?.messages[1]?.tool_calls?.[0]?.function.name).toBe('get_weather');
    expect(second?.messages[2]).toMatchObject({ role: 'tool', content: 'sunny, 24 °C' });
  });
});
