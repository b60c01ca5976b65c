import Anthropic from '@anthropic-ai/sdk';
import {
  dropMidStream,
  hang,
  htmlErrorPage,
  httpError,
  midStreamError,
  reply,
  streamText,
  streamToolCalls,
} from '@ccp/fake-upstream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/start-stack';

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

type UpstreamBody = {
  model: string;
  stream?: boolean;
  max_tokens?: number;
  stream_options?: unknown;
  messages: Array<{ role: string; content: unknown; tool_calls?: unknown; tool_call_id?: string }>;
  tools?: unknown[];
  parallel_tool_calls?: boolean;
};

let stack: Stack;
let client: Anthropic;

beforeAll(async () => {
  stack = await startStack();
  client = new Anthropic({ baseURL: stack.proxy.url, apiKey: 'any-key', maxRetries: 0 });
});
afterAll(async () => {
  await stack.close();
});
afterEach(() => {
  stack.upstream.reset();
});

const lastUpstreamBody = () => stack.upstream.requests.at(-1)?.body as UpstreamBody;

describe('through the proxy with the official SDK', () => {
  it('answers a plain message, routing the opus tier to BIG_MODEL', async () => {
    stack.upstream.enqueue(reply({ text: 'Hi there, from upstream.', usage: { promptTokens: 120, completionTokens: 7 } }));
    const message = await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 200,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    expect(message.type).toBe('message');
    expect(message.model).toBe('claude-opus-4-8');
    expect(message.id).toMatch(/^msg_/);
    expect(message.content).toEqual([{ type: 'text', text: 'Hi there, from upstream.' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBe(120);
    expect(message.usage.output_tokens).toBe(7);
    const sent = lastUpstreamBody();
    expect(sent.model).toBe('big-model');
    expect(sent.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(stack.upstream.requests.at(-1)?.headers.authorization).toBe('Bearer sk-upstream-secret-0123456789');
  });

  it('streams text that the SDK assembles, with usage that arrives after the finish', async () => {
    stack.upstream.enqueue(
      streamText('Streaming works: ünïcödé 🎉 and 中文 too.', {
        fragmentSize: 3,
        usage: { promptTokens: 50, completionTokens: 12, cachedTokens: 20 },
      }),
    );
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'stream please' }],
    });
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'Streaming works: ünïcödé 🎉 and 中文 too.' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 30, cache_read_input_tokens: 20, output_tokens: 12 });
    expect(types[0]).toBe('message_start');
    expect(types.filter((type) => type === 'message_start')).toHaveLength(1);
    expect(types.at(-1)).toBe('message_stop');
    expect(lastUpstreamBody()).toMatchObject({ model: 'middle-model', stream: true, stream_options: { include_usage: true } });
  });

  it('streams parallel tool calls whose arguments arrive in fragments', async () => {
    stack.upstream.enqueue(
      streamToolCalls(
        [
          { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
          { name: 'get_time', arguments: { timezone: 'Europe/Paris', note: 'quote " and \\ backslash é' } },
        ],
        { text: 'Let me check.', fragmentSize: 4 },
      ),
    );
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 300,
      tools: [
        { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
        { name: 'get_time', description: 'Time', input_schema: { type: 'object', properties: { timezone: { type: 'string' } } } },
      ],
      messages: [{ role: 'user', content: 'Weather and time in Paris?' }],
    });
    const jsonDeltas: string[] = [];
    stream.on('inputJson', (partial) => jsonDeltas.push(partial));
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.map((block) => block.type)).toEqual(['text', 'tool_use', 'tool_use']);
    const [, weather, time] = message.content;
    expect(weather).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } });
    expect(time).toMatchObject({
      type: 'tool_use',
      name: 'get_time',
      input: { timezone: 'Europe/Paris', note: 'quote " and \\ backslash é' },
    });
    expect(jsonDeltas.length).toBeGreaterThan(4);
    expect(lastUpstreamBody().model).toBe('small-model');
    expect(lastUpstreamBody().tools).toHaveLength(2);
  });

  it('sends tool results back as tool messages first, then the rest of the user turn', async () => {
    stack.upstream.enqueue(reply({ text: 'It is sunny.' }));
    const message = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_02', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Here you go.' },
            { type: 'tool_result', tool_use_id: 'toolu_02', content: 'Rome: rain' },
            { type: 'tool_result', tool_use_id: 'toolu_01', content: [{ type: 'text', text: 'Paris: sun' }], is_error: false },
          ],
        },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'It is sunny.' }]);
    const sent = lastUpstreamBody();
    const roles = sent.messages.map((entry) => entry.role);
    expect(roles).toEqual(['user', 'assistant', 'tool', 'tool', 'user']);
    expect(sent.messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'toolu_01' });
    expect(sent.messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'toolu_02', content: 'Rome: rain' });
    expect(sent.parallel_tool_calls).toBe(false);
  });

  it('passes images as data URLs', async () => {
    stack.upstream.enqueue(reply({ text: 'A single pixel.' }));
    await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 50,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1PX } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    const content = lastUpstreamBody().messages[0]?.content as Array<{ type: string; image_url?: { url: string } }>;
    expect(content[0]).toEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1PX}` } });
  });

  it('counts tokens locally', async () => {
    const counted = await client.messages.countTokens({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'How many tokens is this sentence, roughly speaking?' }],
    });
    expect(counted.input_tokens).toBeGreaterThan(5);
    expect(counted.input_tokens).toBeLessThan(40);
  });
});

describe('errors reach the SDK in Anthropic form', () => {
  it('rejects a malformed request with 400 naming the field, without calling upstream', async () => {
    const response = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-opus-4-8', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('max_tokens');
    expect(stack.upstream.requests).toHaveLength(0);
  });

  it('rejects a body that is not JSON', async () => {
    const response = await fetch(`${stack.proxy.url}/v1/messages`, { method: 'POST', body: '{"model": ' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.message).toMatch(/not valid JSON/);
    expect(body.error.message).not.toMatch(/\n\s+at /);
  });

  it.each([
    [429, 'rate_limit_error', 429],
    [401, 'authentication_error', 401],
    [500, 'api_error', 500],
    [503, 'overloaded_error', 529],
  ])('maps an upstream %i to %s (%i)', async (upstreamStatus, errorType, status) => {
    stack.upstream.enqueue(
      httpError(
        upstreamStatus,
        { error: { message: `upstream said ${upstreamStatus}`, type: 'x', code: null } },
        upstreamStatus === 429 ? { 'retry-after': '7' } : {},
      ),
    );
    const failure = await client.messages
      .create({ model: 'claude-opus-4-8', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    const apiError = failure as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(status);
    expect(apiError.type).toBe(errorType);
    expect(apiError.message).toContain(`upstream said ${upstreamStatus}`);
    expect(apiError.message).not.toContain('sk-upstream-secret');
    if (upstreamStatus === 429) expect(apiError.headers?.get('retry-after')).toBe('7');
  });

  it('maps an HTML error page to an Anthropic error', async () => {
    stack.upstream.enqueue(httpError(502, htmlErrorPage(502)));
    const response = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(529);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(body.error.message).not.toContain('<html');
  });

  it('turns an error in the middle of a stream into an error event the SDK raises', async () => {
    stack.upstream.enqueue(midStreamError(3, { message: 'provider melted', code: 502 }));
    const stream = client.messages.stream({
      model: 'claude-opus-4-8',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(stream.finalMessage()).rejects.toThrow(/provider melted/);
  });

  it('turns a dropped upstream connection into an error event', async () => {
    stack.upstream.enqueue(dropMidStream(3));
    const stream = client.messages.stream({
      model: 'claude-opus-4-8',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(stream.finalMessage()).rejects.toThrow();
  });

  it('aborts the upstream request as soon as the client goes away', async () => {
    stack.upstream.enqueue(hang());
    const controller = new AbortController();
    const pending = client.messages
      .create(
        { model: 'claude-opus-4-8', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] },
        { signal: controller.signal },
      )
      .catch((error: unknown) => error);
    await waitFor(() => stack.upstream.requests.length === 1);
    controller.abort();
    await pending;
    await waitFor(() => stack.upstream.requests[0]?.aborted === true);
    expect(stack.upstream.requests[0]?.aborted).toBe(true);
  });

  it('aborts the upstream stream when the client disconnects mid-stream', async () => {
    stack.upstream.enqueue(streamText('slow '.repeat(200), { fragmentSize: 5, delayMs: 20 }));
    const controller = new AbortController();
    const response = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await waitFor(() => stack.upstream.requests[0]?.aborted === true);
    expect(stack.upstream.requests[0]?.aborted).toBe(true);
  });

  it('reports a refused upstream connection as overloaded, naming the endpoint', async () => {
    const dead = await startStack({ PROVIDER_BASE_URL: 'http://127.0.0.1:9/v1' });
    try {
      const response = await fetch(`${dead.proxy.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(response.status).toBe(529);
      const body = (await response.json()) as { error: { type: string; message: string } };
      expect(body.error.type).toBe('overloaded_error');
      expect(body.error.message).toContain('127.0.0.1:9');
    } finally {
      await dead.close();
    }
  });
});

describe('authentication', () => {
  it('requires PROXY_AUTH_KEY as x-api-key or bearer when set', async () => {
    const guarded = await startStack({ PROXY_AUTH_KEY: 'proxy-key-123' });
    try {
      const wrong = new Anthropic({ baseURL: guarded.proxy.url, apiKey: 'wrong', maxRetries: 0 });
      const failure = await wrong.messages
        .create({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
        .catch((error: unknown) => error);
      expect((failure as InstanceType<typeof Anthropic.APIError>).status).toBe(401);
      expect((failure as InstanceType<typeof Anthropic.APIError>).type).toBe('authentication_error');

      guarded.upstream.enqueue(reply({ text: 'ok' }));
      const right = new Anthropic({ baseURL: guarded.proxy.url, apiKey: 'proxy-key-123', maxRetries: 0 });
      const message = await right.messages.create({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      expect(message.content[0]).toMatchObject({ type: 'text', text: 'ok' });

      guarded.upstream.enqueue(reply({ text: 'bearer ok' }));
      const bearer = await fetch(`${guarded.proxy.url}/v1/messages?beta=true`, {
        method: 'POST',
        headers: { authorization: 'Bearer proxy-key-123', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(bearer.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
