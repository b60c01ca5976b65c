import { bench, describe } from 'vitest';
import { encodeAnthropicEvent } from './encode-sse';
import { streamOpenAIToAnthropic } from './stream-openai-to-anthropic';

// Throughput of upstream SSE through the transducer: `pnpm vitest bench --project convert`.
// Bytes per second = body size (printed below) × hz.

const encoder = new TextEncoder();
const base = {
  id: 'chatcmpl-BqX7yZ3k9aPq',
  object: 'chat.completion.chunk',
  created: 1751800000,
  model: 'gpt-4o',
};
const events: string[] = [];
const frame = (delta: object, finishReason: string | null = null) =>
  `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], usage: null })}\n\n`;
events.push(frame({ role: 'assistant', content: '' }));
for (let index = 0; index < 20_000; index++) events.push(frame({ content: ` word${index % 100}` }));
events.push(
  frame({
    tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Write', arguments: '' } }],
  }),
);
events.push(frame({ tool_calls: [{ index: 0, function: { arguments: '{"content":"' } }] }));
for (let index = 0; index < 10_000; index++)
  events.push(frame({ tool_calls: [{ index: 0, function: { arguments: 'abc def ' } }] }));
events.push(frame({ tool_calls: [{ index: 0, function: { arguments: '"}' } }] }));
events.push(frame({}, 'tool_calls'));
events.push('data: [DONE]\n\n');
const body = encoder.encode(events.join(''));
const networkChunks: Uint8Array[] = [];
for (let start = 0; start < body.length; start += 65_536)
  networkChunks.push(body.subarray(start, start + 65_536));
const eventChunks = events.map((event) => encoder.encode(event));
console.log(`stream bench body: ${(body.length / 1e6).toFixed(2)} MB, ${events.length} upstream events`);

async function* source(chunks: Uint8Array[]) {
  for (const chunk of chunks) yield chunk;
}

async function drain(chunks: Uint8Array[], encode: boolean) {
  for await (const event of streamOpenAIToAnthropic(source(chunks), { model: 'claude-sonnet-4-5' })) {
    if (encode) encodeAnthropicEvent(event);
  }
}

describe('streamOpenAIToAnthropic throughput', () => {
  bench('64 KiB network chunks', () => drain(networkChunks, false));
  bench('64 KiB network chunks + SSE encoding', () => drain(networkChunks, true));
  bench('one upstream event per network chunk', () => drain(eventChunks, false));
});
