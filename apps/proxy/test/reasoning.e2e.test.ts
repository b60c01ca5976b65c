import Anthropic from '@anthropic-ai/sdk';
import { reply, streamText, streamToolCalls } from '@ccp/fake-upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/start-stack';

type UpstreamBody = Record<string, unknown> & {
  messages: Array<Record<string, unknown> & { role: string }>;
};

describe('reasoning through the proxy (DeepSeek dialect)', () => {
  let stack: Stack;
  let client: Anthropic;
  beforeAll(async () => {
    stack = await startStack({ PROVIDER: 'deepseek', BIG_MODEL: 'deepseek-reasoner', MIDDLE_MODEL: 'deepseek-chat' });
    client = new Anthropic({ baseURL: stack.proxy.url, apiKey: 'k', maxRetries: 0 });
  });
  afterAll(async () => stack.close());

  it('streams reasoning_content as a thinking block before the text', async () => {
    stack.upstream.enqueue(
      streamText('The answer is 4.', { reasoning: 'Two plus two… let me add: 4.', reasoningField: 'reasoning_content', fragmentSize: 5 }),
    );
    const stream = client.messages.stream({
      model: 'claude-opus-4-8',
      max_tokens: 2000,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
      messages: [{ role: 'user', content: 'What is 2+2?' }],
    });
    const message = await stream.finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const [thinking, text] = message.content;
    expect(thinking).toMatchObject({ type: 'thinking', thinking: 'Two plus two… let me add: 4.' });
    expect((thinking as { signature: string }).signature).toMatch(/^ccp1\./);
    expect(text).toMatchObject({ type: 'text', text: 'The answer is 4.' });
  });

  it('echoes reasoning_content back on an assistant turn with tool calls, as DeepSeek requires', async () => {
    stack.upstream.enqueue(
      streamToolCalls([{ name: 'lookup', arguments: { q: 'weather' } }], {
        reasoning: 'I should look it up.',
        reasoningField: 'reasoning_content',
      }),
    );
    const first = await client.messages
      .stream({
        model: 'claude-opus-4-8',
        max_tokens: 2000,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
        messages: [{ role: 'user', content: 'Weather?' }],
      })
      .finalMessage();
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const toolUse = first.content[1] as { id: string };

    stack.upstream.enqueue(reply({ text: 'Sunny.' }));
    await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny' }] },
      ],
    });
    const sent = stack.upstream.requests.at(-1)?.body as UpstreamBody;
    const assistant = sent.messages.find((message) => message.role === 'assistant');
    expect(assistant?.reasoning_content).toBe('I should look it up.');
    expect(assistant?.tool_calls).toHaveLength(1);
  });

  it('drops a thinking block that came from another provider instead of sending it upstream', async () => {
    stack.upstream.enqueue(reply({ text: 'ok' }));
    await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 2000,
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Anthropic-signed thoughts', signature: 'EqQBCkgIARABGAIiQL-real-anthropic' },
            { type: 'text', text: 'Hello' },
          ],
        },
        { role: 'user', content: 'Again' },
      ],
    });
    const sent = JSON.stringify(stack.upstream.requests.at(-1)?.body);
    expect(sent).not.toContain('Anthropic-signed thoughts');
  });
});

describe('reasoning through the proxy (OpenAI reasoning models)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ PROVIDER: 'openai', BIG_MODEL: 'o4-mini', REASONING_EFFORT: 'low' });
  });
  afterAll(async () => stack.close());

  it('sends reasoning_effort and max_completion_tokens, without sampling parameters', async () => {
    stack.upstream.enqueue(reply({ text: 'done', usage: { promptTokens: 10, completionTokens: 50, reasoningTokens: 40 } }));
    // This SDK version no longer types `temperature`; older Claude Code builds still send it.
    const response = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 1000, temperature: 0.2, messages: [{ role: 'user', content: 'Think.' }] }),
    });
    const message = (await response.json()) as Anthropic.Message;
    const sent = stack.upstream.requests.at(-1)?.body as UpstreamBody;
    expect(sent.reasoning_effort).toBe('low');
    expect(sent.max_completion_tokens).toBeGreaterThanOrEqual(1000);
    expect(sent).not.toHaveProperty('max_tokens');
    expect(sent).not.toHaveProperty('temperature');
    expect(message.usage.output_tokens).toBe(50);
  });
});
