import type { AnthropicStreamEvent } from '@ccp/convert';
import { raw, reply } from '@ccp/fake-upstream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkProxyStream,
  expectAnthropicErrorBody,
  messagesBody,
  parseSse,
  SINGLE_ATTEMPT,
} from '../support/anthropic-wire';
import { type Stack, startStack } from '../support/start-stack';

// Whatever an upstream streams back (valid chunks, garbage, errors, cut JSON, split anywhere on
// the wire), the client of the real proxy gets a well-formed Anthropic answer: an SSE stream that
// follows the rules and ends, or a JSON message or error.

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ REQUEST_TIMEOUT: '2', ...SINGLE_ATTEMPT });
}, 30_000);
afterAll(() => stack.closeWithoutLeaks(), 30_000);

const text = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('', 'é', '🎉', '中文', '"', '\\', '\n'));

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  JSON.stringify({
    id: 'chatcmpl-f',
    object: 'chat.completion.chunk',
    model: 'up',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

const line = fc.oneof(
  { weight: 6, arbitrary: text.map((content) => chunk({ content })) },
  { weight: 2, arbitrary: text.map((reasoning) => chunk({ reasoning_content: reasoning })) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        index: fc.integer({ min: 0, max: 1 }),
        id: fc.constantFrom('call_1', 'call_2', undefined),
        name: fc.constantFrom('Bash', 'Read', undefined),
        args: fc.constantFrom('{"a', '":1', '}', '{"command":"ls"}', '', 'x'),
      })
      .map(({ index, id, name, args }) =>
        chunk({
          tool_calls: [
            {
              index,
              ...(id ? { id, type: 'function' } : {}),
              function: { ...(name ? { name } : {}), arguments: args },
            },
          ],
        }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('stop', 'length', 'tool_calls', 'content_filter')
      .map((finish) => chunk({}, finish)),
  },
  {
    weight: 1,
    arbitrary: fc.constant(
      JSON.stringify({ id: 'chatcmpl-f', choices: [], usage: { prompt_tokens: 9, completion_tokens: 4 } }),
    ),
  },
  { weight: 1, arbitrary: fc.constant('[DONE]') },
  { weight: 1, arbitrary: fc.constant(JSON.stringify({ error: { message: 'upstream failed', code: 500 } })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constant(': keep-alive') },
);

describe('the proxy under random upstream streams', { timeout: 60_000 }, () => {
  it('answers every client with a well-formed stream, message or error, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 20 }),
        fc.integer({ min: 16, max: 64 }),
        fc.boolean(),
        async (lines, cut, streamed) => {
          // Split the body into network writes of `cut` characters, inside events and lines alike
          // (splits inside UTF-8 sequences are covered by the transducer's own fuzz test).
          const body = Array.from(
            lines.map((entry) => (entry.startsWith(':') ? `${entry}\n\n` : `data: ${entry}\n\n`)).join(''),
          );
          const writes: string[] = [];
          for (let start = 0; start < body.length; start += cut)
            writes.push(body.slice(start, start + cut).join(''));
          // A pause between writes makes each one its own network chunk.
          stack.upstream.enqueue(raw(writes, { verbatim: true, delayMs: 1 }));
          const response = await fetch(`${stack.proxy.url}/v1/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(messagesBody('fuzz', { stream: streamed })),
          });
          const answer = await response.text();
          if (response.status !== 200) {
            expectAnthropicErrorBody(response.status, answer);
            return;
          }
          if (streamed) {
            const events = parseSse(answer).map((event) => event.data as AnthropicStreamEvent);
            checkProxyStream(events);
          } else {
            const message = JSON.parse(answer) as {
              type: string;
              content: unknown[];
              stop_reason: string | null;
            };
            expect(message.type).toBe('message');
            expect(message.stop_reason).not.toBeNull();
          }
        },
      ),
      { numRuns: 80 },
    );
    stack.upstream.enqueue(reply({ text: 'still serving' }));
    const after = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messagesBody('after')),
    });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { content: Array<{ text: string }> }).content[0]?.text).toBe(
      'still serving',
    );
  });
});
