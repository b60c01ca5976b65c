import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatRequest, parseSse, postChat } from '../test/sse';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream';
import type { ChatCompletion, ChatCompletionChunk, ToolCallDelta } from './openai-wire';
import { completion, reply, streamText, streamToolCalls } from './scenario';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

async function stream(body: Record<string, unknown>) {
  const response = await postChat(upstream.url, { ...body, stream: true });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return parseSse(await response.text());
}

function expectRealisticChunk(chunk: ChatCompletionChunk, id: string, model: string) {
  expect(chunk.id).toBe(id);
  expect(chunk.id).toMatch(/^chatcmpl-/);
  expect(chunk.object).toBe('chat.completion.chunk');
  expect(Number.isInteger(chunk.created)).toBe(true);
  expect(chunk.model).toBe(model);
  expect(chunk.system_fingerprint).toBeTypeOf('string');
  for (const choice of chunk.choices) {
    expect(Object.keys(choice).sort()).toEqual(['delta', 'finish_reason', 'index', 'logprobs']);
    expect(choice.index).toBe(0);
    expect(choice.logprobs).toBeNull();
  }
}

function content(chunks: ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

function toolDeltas(chunks: ChatCompletionChunk[]): ToolCallDelta[][] {
  return chunks.flatMap((chunk) => {
    const calls = chunk.choices[0]?.delta.tool_calls;
    return calls ? [calls] : [];
  });
}

describe('streamText', () => {
  it('streams a role chunk, fragments, a stop chunk and [DONE], with no usage unless asked', async () => {
    upstream.enqueue(streamText('Hello there, streaming world!', { fragmentSize: 5 }));
    const parsed = await stream(chatRequest());
    const [first] = parsed.chunks;
    const id = first?.id ?? '';
    for (const chunk of parsed.chunks) {
      expectRealisticChunk(chunk, id, 'test-model');
      expect(chunk).not.toHaveProperty('usage');
    }
    expect(first?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const middle = parsed.chunks.slice(1, -1);
    expect(middle.every((chunk) => (chunk.choices[0]?.delta.content ?? '').length <= 5)).toBe(true);
    expect(content(parsed.chunks)).toBe('Hello there, streaming world!');
    const last = parsed.chunks.at(-1);
    expect(last?.choices[0]?.finish_reason).toBe('stop');
    expect(last?.choices[0]?.delta).toEqual({});
    expect(parsed.data.at(-1)).toBe('[DONE]');
    expect(parsed.chunks.filter((chunk) => chunk.choices[0]?.finish_reason !== null)).toHaveLength(1);
  });

  it('sends usage in a choices-less chunk after the finish chunk when include_usage is set', async () => {
    upstream.enqueue(
      streamText('Counted.', { usage: { promptTokens: 120, completionTokens: 7, cachedTokens: 100 } }),
    );
    const parsed = await stream(chatRequest({ stream_options: { include_usage: true } }));
    const usageChunk = parsed.chunks.at(-1);
    const finishChunk = parsed.chunks.at(-2);
    expect(finishChunk?.choices[0]?.finish_reason).toBe('stop');
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toEqual({
      prompt_tokens: 120,
      completion_tokens: 7,
      total_tokens: 127,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(parsed.chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(parsed.data.at(-1)).toBe('[DONE]');
  });

  it('estimates usage from the request and output lengths by default', async () => {
    const longPrompt = 'x'.repeat(4000);
    upstream.enqueue(streamText('y'.repeat(400)));
    const parsed = await stream(
      chatRequest({
        messages: [{ role: 'user', content: longPrompt }],
        stream_options: { include_usage: true },
      }),
    );
    const usage = parsed.chunks.at(-1)?.usage;
    expect(usage?.prompt_tokens).toBeGreaterThanOrEqual(1000);
    expect(usage?.prompt_tokens).toBeLessThan(1100);
    expect(usage?.completion_tokens).toBe(100);
  });

  it('can put usage on the finish chunk, as DeepSeek does, even without include_usage', async () => {
    upstream.enqueue(streamText('Done.', { usagePlacement: 'in-finish-chunk' }));
    const parsed = await stream(chatRequest());
    const last = parsed.chunks.at(-1);
    expect(last?.choices[0]?.finish_reason).toBe('stop');
    expect(last?.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('streams reasoning first as reasoning_content (DeepSeek)', async () => {
    upstream.enqueue(streamText('Answer.', { reasoning: 'Let me think about this.' }));
    const parsed = await stream(chatRequest({ stream_options: { include_usage: true } }));
    const reasoningChunks = parsed.chunks.filter(
      (chunk) => chunk.choices[0]?.delta.reasoning_content !== undefined,
    );
    expect(reasoningChunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content).join('')).toBe(
      'Let me think about this.',
    );
    const firstContentIndex = parsed.chunks.findIndex(
      (chunk) => (chunk.choices[0]?.delta.content ?? '') !== '',
    );
    const lastReasoningIndex = parsed.chunks.indexOf(reasoningChunks.at(-1) as ChatCompletionChunk);
    expect(lastReasoningIndex).toBeLessThan(firstContentIndex);
    expect(parsed.chunks.at(-1)?.usage?.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('streams reasoning as `reasoning` (Ollama, new vLLM)', async () => {
    upstream.enqueue(streamText('Answer.', { reasoning: 'Thinking hard.', reasoningField: 'reasoning' }));
    const parsed = await stream(chatRequest());
    const text = parsed.chunks.map((chunk) => chunk.choices[0]?.delta.reasoning ?? '').join('');
    expect(text).toBe('Thinking hard.');
    expect(parsed.chunks.some((chunk) => chunk.choices[0]?.delta.reasoning_content !== undefined)).toBe(
      false,
    );
  });

  it('streams OpenRouter reasoning with reasoning_details and a signature on the last one', async () => {
    upstream.enqueue(
      streamText('Answer.', {
        reasoning: 'Signed thoughts here.',
        reasoningField: 'openrouter',
        reasoningSignature: 'sig-1',
      }),
    );
    const parsed = await stream(chatRequest());
    const details = parsed.chunks.flatMap((chunk) => chunk.choices[0]?.delta.reasoning_details ?? []);
    expect(details.map((detail) => detail.text).join('')).toBe('Signed thoughts here.');
    expect(details.every((detail) => detail.type === 'reasoning.text')).toBe(true);
    expect(details.at(-1)?.signature).toBe('sig-1');
    expect(details.slice(0, -1).every((detail) => detail.signature === null)).toBe(true);
  });

  it('sends OpenRouter keep-alive comments before the first chunk and keeps emoji whole', async () => {
    upstream.enqueue(streamText('😀😀😀😀', { comments: 3, fragmentSize: 3, delayMs: 1 }));
    const parsed = await stream(chatRequest());
    expect(parsed.comments).toEqual([
      'OPENROUTER PROCESSING',
      'OPENROUTER PROCESSING',
      'OPENROUTER PROCESSING',
    ]);
    const fragments = parsed.chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').filter(Boolean);
    expect(fragments.join('')).toBe('😀😀😀😀');
    expect(fragments.every((fragment) => fragment.length % 2 === 0)).toBe(true);
  });

  it('uses the model and finish reason overrides', async () => {
    upstream.enqueue(streamText('Cut', { model: 'provider/model-x', finishReason: 'length' }));
    const parsed = await stream(chatRequest());
    expect(parsed.chunks.every((chunk) => chunk.model === 'provider/model-x')).toBe(true);
    expect(parsed.chunks.at(-1)?.choices[0]?.finish_reason).toBe('length');
  });
});

describe('streamToolCalls', () => {
  const calls = [
    { name: 'Read', arguments: { file_path: '/tmp/a.txt' }, id: 'call_a' },
    { name: 'Grep', arguments: { pattern: 'TODO', path: '.' }, id: 'call_b' },
  ];

  function reassemble(deltas: ToolCallDelta[][]) {
    const byIndex = new Map<number, { id?: string; name?: string; args: string }>();
    for (const delta of deltas.flat()) {
      const entry = byIndex.get(delta.index) ?? { args: '' };
      if (delta.id) entry.id = delta.id;
      if (delta.function.name) entry.name = delta.function.name;
      entry.args += delta.function.arguments;
      byIndex.set(delta.index, entry);
    }
    return [...byIndex.values()].map((entry) => ({ ...entry, args: JSON.parse(entry.args) as unknown }));
  }

  it('streams each call sequentially: a header with id, type and name, then argument fragments', async () => {
    upstream.enqueue(streamToolCalls(calls, { text: 'Let me look.', fragmentSize: 6 }));
    const parsed = await stream(chatRequest({ stream_options: { include_usage: true } }));
    expect(content(parsed.chunks)).toBe('Let me look.');
    const deltas = toolDeltas(parsed.chunks);
    expect(deltas[0]).toEqual([
      { index: 0, id: 'call_a', type: 'function', function: { name: 'Read', arguments: '' } },
    ]);
    const indexes = deltas.map((group) => group[0]?.index);
    expect(indexes).toEqual([...indexes].sort());
    expect(deltas.slice(1).every((group) => group[0]?.id === undefined || group[0]?.index === 1)).toBe(true);
    expect(reassemble(deltas)).toEqual([
      { id: 'call_a', name: 'Read', args: { file_path: '/tmp/a.txt' } },
      { id: 'call_b', name: 'Grep', args: { pattern: 'TODO', path: '.' } },
    ]);
    const finish = parsed.chunks.at(-2);
    expect(finish?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(parsed.chunks.at(-1)?.choices).toEqual([]);
  });

  it('interleaves parallel calls when asked', async () => {
    upstream.enqueue(streamToolCalls(calls, { interleave: true, fragmentSize: 4 }));
    const parsed = await stream(chatRequest());
    const indexes = toolDeltas(parsed.chunks).map((group) => group[0]?.index);
    expect(indexes.slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(reassemble(toolDeltas(parsed.chunks)).map((call) => call.name)).toEqual(['Read', 'Grep']);
  });

  it('puts every call header in one chunk with sameChunk', async () => {
    upstream.enqueue(streamToolCalls(calls, { sameChunk: true }));
    const parsed = await stream(chatRequest());
    const deltas = toolDeltas(parsed.chunks);
    expect(deltas[0]?.map((delta) => [delta.index, delta.id, delta.function.name])).toEqual([
      [0, 'call_a', 'Read'],
      [1, 'call_b', 'Grep'],
    ]);
    expect(reassemble(deltas)).toHaveLength(2);
  });

  it('sends each call whole in one chunk with wholeCalls, and makes ids when none are given', async () => {
    upstream.enqueue(
      streamToolCalls([{ name: 'Bash', arguments: '{"command":"ls"}' }], { wholeCalls: true }),
    );
    const parsed = await stream(chatRequest());
    const deltas = toolDeltas(parsed.chunks);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.[0]?.function).toEqual({ name: 'Bash', arguments: '{"command":"ls"}' });
    expect(deltas[0]?.[0]?.id).toMatch(/^call_/);
    expect(parsed.chunks[0]?.choices[0]?.delta.content).toBeNull();
  });
});

describe('reply and completion', () => {
  it('reply streams when the request asks for a stream', async () => {
    upstream.enqueue(reply({ text: 'Streamed reply.' }));
    const parsed = await stream(chatRequest());
    expect(content(parsed.chunks)).toBe('Streamed reply.');
  });

  it('reply answers with chat.completion JSON when the request does not stream', async () => {
    upstream.enqueue(
      reply({
        text: 'Calling a tool.',
        toolCalls: [{ name: 'Read', arguments: { file_path: '/a' }, id: 'call_1' }],
        reasoning: 'Need the file.',
        usage: { promptTokens: 50, completionTokens: 10, reasoningTokens: 4 },
      }),
    );
    const response = await postChat(upstream.url, chatRequest());
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as ChatCompletion;
    expect(body.object).toBe('chat.completion');
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.model).toBe('test-model');
    expect(body.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: 'Calling a tool.',
        refusal: null,
        reasoning_content: 'Need the file.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } },
        ],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
    expect(body.usage).toEqual({
      prompt_tokens: 50,
      completion_tokens: 10,
      total_tokens: 60,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 4 },
    });
  });

  it('completion answers JSON even to a streaming request, with OpenRouter reasoning details', async () => {
    upstream.enqueue(completion({ text: 'Plain JSON.', reasoning: 'hmm', reasoningField: 'openrouter' }));
    const response = await postChat(upstream.url, chatRequest({ stream: true }));
    const body = (await response.json()) as ChatCompletion;
    const message = body.choices[0]?.message;
    expect(message?.content).toBe('Plain JSON.');
    expect(message?.reasoning).toBe('hmm');
    expect(message?.reasoning_details?.[0]?.signature).toBeTypeOf('string');
    expect(body.choices[0]?.finish_reason).toBe('stop');
  });
});
