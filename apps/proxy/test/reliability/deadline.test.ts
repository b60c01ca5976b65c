import type { AnthropicStreamEvent } from '@ccp/convert';
import { hang, stallAfter, streamText } from '@ccp/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAnthropicError, messagesBody, parseSse, waitUntil } from '../support/anthropic-wire';
import { type Stack, startStack } from '../support/start-stack';

// One deadline bounds how long a request waits for the upstream's answer to begin, over all its
// tries and fallbacks; once tokens flow, only REQUEST_TIMEOUT between chunks bounds the stream.
// Timings are checked with wide margins: what matters is the deadline against the many seconds
// the retries would otherwise take.

const REQUEST_TIMEOUT_S = 1;
const REQUEST_DEADLINE_S = 2.5;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(
    {
      REQUEST_TIMEOUT: String(REQUEST_TIMEOUT_S),
      REQUEST_DEADLINE: String(REQUEST_DEADLINE_S),
      // 3 tries on the tier model, then 3 on its fallback: at least 6 s against a hung upstream.
      RETRY_MAX_ATTEMPTS: '3',
      RETRY_BASE_DELAY_MS: '50',
      RETRY_MAX_DELAY_MS: '100',
      MIDDLE_FALLBACK_MODELS: 'fallback-model',
      CIRCUIT_BREAKER_THRESHOLD: '0',
    },
    { routing: true },
  );
}, 30_000);
afterAll(() => stack.closeWithoutLeaks(), 30_000);
beforeEach(() => {
  stack.upstream.reset();
  stack.upstream.setResponder(() => hang());
});

async function timedPost(body: Record<string, unknown>): Promise<{ response: Response; seconds: number }> {
  const startedAt = Date.now();
  const response = await fetch(`${stack.proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { response: new Response(text, response), seconds: (Date.now() - startedAt) / 1000 };
}

describe('the request deadline', { timeout: 30_000 }, () => {
  it.each([false, true])(
    'answers 504 timeout_error at REQUEST_DEADLINE when every try hangs (stream: %s)',
    async (streamed) => {
      const { response, seconds } = await timedPost(messagesBody('hung', { stream: streamed }));
      const envelope = await expectAnthropicError(response, 504, 'timeout_error');
      expect(envelope.error.message).toContain('REQUEST_DEADLINE');
      expect(seconds).toBeGreaterThanOrEqual(REQUEST_DEADLINE_S - 0.2);
      expect(seconds).toBeLessThan(REQUEST_DEADLINE_S + 2);
      // It did retry within the deadline, and left no upstream request hanging.
      expect(stack.upstream.requests.length).toBeGreaterThanOrEqual(2);
      await waitUntil(
        () => stack.upstream.requests.every((request) => request.aborted),
        'every hung upstream request to be torn down',
      );
    },
  );

  it('does not cut a stream that keeps sending tokens for longer than the deadline', async () => {
    // 70 fragments 50 ms apart: 3.5 s of steady streaming, each gap far under REQUEST_TIMEOUT.
    stack.upstream.enqueue(streamText('token '.repeat(70), { fragmentSize: 6, delayMs: 50 }));
    const { response, seconds } = await timedPost(messagesBody('long stream', { stream: true }));
    expect(response.status).toBe(200);
    const events = parseSse(await response.text()).map((event) => event.data as AnthropicStreamEvent);
    expect(events.at(-1)?.type).toBe('message_stop');
    expect(events.some((event) => event.type === 'error')).toBe(false);
    expect(seconds).toBeGreaterThan(REQUEST_DEADLINE_S);
  });

  it('ends a stream that stalls after it started with an error event, REQUEST_TIMEOUT after the stall', async () => {
    stack.upstream.enqueue(stallAfter(2));
    const { response, seconds } = await timedPost(messagesBody('stall', { stream: true }));
    expect(response.status).toBe(200);
    const events = parseSse(await response.text()).map((event) => event.data as AnthropicStreamEvent);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    expect(events.some((event) => event.type === 'content_block_delta')).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_S - 0.2);
    expect(seconds).toBeLessThan(REQUEST_TIMEOUT_S + 2.5);
  });
});
