import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import type { AnthropicStreamEvent } from '@ccp/convert';
import { assertAnthropicStreamInvariants } from '@ccp/convert/testing';
import {
  dropMidStream,
  endWithoutFinish,
  garbage,
  hang,
  htmlErrorPage,
  httpError,
  midStreamError,
  nonJson,
  raw,
  reply,
  type Scenario,
  stallAfter,
  streamToolCalls,
} from '@ccp/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  checkProxyStream,
  expectAnthropicError,
  expectAnthropicErrorBody,
  messagesBody,
  parseSse,
  SINGLE_ATTEMPT,
  waitUntil,
} from '../support/anthropic-wire';
import { type Stack, startStack } from '../support/start-stack';

// Every way an upstream can fail ends, toward the client, in the right Anthropic error (JSON
// before the first byte, an `error` event after it) and leaves the proxy serving.

let stack: Stack;

beforeAll(async () => {
  // REQUEST_TIMEOUT=1: a stalled or hanging upstream gives up after one second.
  stack = await startStack({ REQUEST_TIMEOUT: '1', ...SINGLE_ATTEMPT });
}, 30_000);
// Closing the proxy closes its upstream pool, which waits for requests in flight: a request
// stuck on a dead upstream would hang there, and a socket never released would stay counted.
afterAll(() => stack.closeWithoutLeaks(), 30_000);
beforeEach(() => {
  stack.upstream.reset();
});

async function post(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${stack.proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A streamed answer: 200 SSE whose events follow Anthropic's rules and end in `error` of `errorType`. */
async function expectStreamError(response: Response, errorTypes: string[]): Promise<AnthropicStreamEvent[]> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const events = parseSse(await response.text());
  const payloads = events.map((event) => event.data as AnthropicStreamEvent);
  for (const event of events) expect(event.event).toBe((event.data as { type: string }).type);
  checkProxyStream(payloads);
  const last = payloads.at(-1);
  expect(last?.type).toBe('error');
  if (last?.type === 'error') {
    expect(errorTypes).toContain(last.error.type);
    expectAnthropicErrorBody(STATUS[last.error.type] ?? 0, JSON.stringify(last));
  }
  return payloads;
}

const STATUS: Record<string, number> = { api_error: 500, overloaded_error: 529, timeout_error: 504 };

async function expectServing(idleSocketLimit = 2) {
  stack.upstream.enqueue(reply({ text: 'recovered' }));
  const response = await post(messagesBody('after-fault', { stream: true }));
  const events = parseSse(await response.text()).map((event) => event.data as AnthropicStreamEvent);
  assertAnthropicStreamInvariants(events);
  expect(events.at(-1)).toEqual({ type: 'message_stop' });
  // Upstream sockets: the pool may keep a few idle ones, never one per failed request.
  expect(stack.upstream.openConnections()).toBeLessThanOrEqual(idleSocketLimit);
}

type Case = {
  name: string;
  scenario: () => Scenario;
  /** Error types the stream may end with. */
  stream: string[];
  /** Statuses (with their type) a non-streaming request may get. */
  json: number[];
};

const cases: Case[] = [
  {
    name: 'drops the connection mid-stream',
    scenario: () => dropMidStream(3),
    stream: ['overloaded_error'],
    json: [529],
  },
  {
    name: 'drops the connection before any chunk',
    scenario: () => dropMidStream(0),
    stream: ['overloaded_error'],
    json: [529],
  },
  {
    name: 'drops the connection mid tool arguments',
    scenario: () =>
      dropMidStream(
        4,
        streamToolCalls([{ name: 'Bash', arguments: { command: 'ls -la /tmp' } }], { fragmentSize: 3 }),
      ),
    stream: ['overloaded_error'],
    json: [529],
  },
  { name: 'sends garbage lines', scenario: () => garbage(), stream: ['api_error'], json: [500] },
  {
    name: 'sends garbage without [DONE]',
    scenario: () => garbage(['{"choices":[{"delta":{"content":"ok"}}]}', 'not json at all'], { done: false }),
    stream: ['api_error'],
    json: [500],
  },
  {
    name: 'stalls after the first chunk',
    scenario: () => stallAfter(1),
    stream: ['timeout_error', 'overloaded_error'],
    json: [504, 529],
  },
  {
    name: 'stalls before any chunk',
    scenario: () => stallAfter(0),
    stream: ['timeout_error', 'overloaded_error'],
    json: [504, 529],
  },
  {
    name: 'fails mid-stream with an error chunk',
    scenario: () => midStreamError(2, { message: 'provider melted', code: 502 }),
    stream: ['overloaded_error'],
    json: [529],
  },
  {
    name: 'fails mid-stream with a non-transient error chunk',
    scenario: () => midStreamError(2, { message: 'content policy', code: 'policy' }),
    stream: ['api_error'],
    json: [500],
  },
  {
    name: 'ends without a finish reason',
    scenario: () => endWithoutFinish(),
    stream: ['overloaded_error'],
    json: [529],
  },
  {
    name: 'answers an SSE body that is cut inside a JSON event',
    scenario: () =>
      raw(['data: {"id":"x","choices":[{"index":0,"delta":{"content":"hal'], { verbatim: true }),
    stream: ['overloaded_error', 'api_error'],
    json: [529, 500],
  },
];

describe('upstream faults', { timeout: 30_000 }, () => {
  it.each(cases)('streams an error event when the upstream $name', async ({ scenario, stream }) => {
    stack.upstream.enqueue(scenario());
    await expectStreamError(await post(messagesBody('fault', { stream: true })), stream);
    await expectServing();
  });

  // A non-streaming answer fails with the same error type its stream would have carried.
  for (const { name, scenario, json } of cases) {
    it(
      `answers a non-streaming request with a JSON error when the upstream ${name}`,
      async () => {
        stack.upstream.enqueue(scenario());
        const response = await post(messagesBody('fault'));
        expect(json).toContain(response.status);
        const envelope = await expectAnthropicError(response);
        expect(envelope.error.message).not.toMatch(/undefined|\[object Object\]/);
        await expectServing();
      },
    );
  }

  // Read before the answer starts: even a streaming request gets an HTTP error, never a 200 stream
  // whose only event is an error.
  it.each([false, true])('answers 529 when the upstream answers 200 with an HTML page (stream: %s)', async (streamed) => {
    stack.upstream.enqueue(nonJson());
    const response = await post(messagesBody('html', { stream: streamed }));
    const envelope = await expectAnthropicError(response, 529, 'overloaded_error');
    expect(envelope.error.message).not.toMatch(/<html|<body|undefined/i);
    await expectServing();
  });

  it.each([false, true])(
    'answers 504 timeout_error when the upstream never sends headers (stream: %s)',
    async (streamed) => {
      stack.upstream.enqueue(hang());
      const envelope = await expectAnthropicError(
        await post(messagesBody('hang', { stream: streamed })),
        504,
        'timeout_error',
      );
      expect(envelope.error.message).toMatch(/REQUEST_TIMEOUT|timed? ?out/i);
      await waitUntil(
        () => stack.upstream.requests[0]?.aborted === true,
        'the hanging upstream request to be aborted',
      );
      await expectServing();
    },
  );

  it.each([
    [400, 400, 'invalid_request_error'],
    [401, 401, 'authentication_error'],
    [403, 403, 'permission_error'],
    [404, 404, 'not_found_error'],
    [413, 413, 'request_too_large'],
    [422, 400, 'invalid_request_error'],
    [429, 429, 'rate_limit_error'],
    [500, 500, 'api_error'],
    [502, 529, 'overloaded_error'],
    [503, 529, 'overloaded_error'],
    [504, 504, 'timeout_error'],
  ])('maps an upstream HTTP %i to %i %s, streamed or not', async (upstreamStatus, status, type) => {
    for (const streamed of [false, true]) {
      stack.upstream.enqueue(
        httpError(upstreamStatus, undefined, upstreamStatus === 429 ? { 'retry-after': '7' } : {}),
      );
      const response = await post(messagesBody('http-error', { stream: streamed }));
      const retryAfter = response.headers.get('retry-after');
      await expectAnthropicError(response, status, type);
      if (upstreamStatus === 429) expect(retryAfter).toBe('7');
    }
    await expectServing();
  });

  it('maps HTML and empty upstream error pages without echoing the page', async () => {
    for (const body of [htmlErrorPage(502), '', 'plain text failure']) {
      stack.upstream.enqueue(httpError(502, body));
      const envelope = await expectAnthropicError(await post(messagesBody('html')), 529, 'overloaded_error');
      expect(envelope.error.message).not.toContain('<html>');
    }
    await expectServing();
  });

  it('survives a burst of mixed faults in parallel and ends with zero requests in flight upstream', async () => {
    const scenarios = Array.from(
      { length: 60 },
      (_, index) => cases[index % cases.length]?.scenario() as Scenario,
    );
    stack.upstream.enqueue(...scenarios);
    const responses = await Promise.all(
      scenarios.map(async (_, index) => {
        const response = await post(messagesBody(`burst-${index}`, { stream: index % 2 === 0 }));
        return {
          status: response.status,
          text: await response.text(),
          type: response.headers.get('content-type') ?? '',
        };
      }),
    );
    for (const { status, text, type } of responses) {
      if (type.includes('event-stream')) {
        const events = parseSse(text).map((event) => event.data as AnthropicStreamEvent);
        checkProxyStream(events);
      } else expectAnthropicErrorBody(status, text);
    }
    await waitUntil(
      () =>
        stack.upstream.requests.every(
          (request) => request.aborted || request.completedAt !== undefined || request.status !== undefined,
        ),
      'every upstream request to be finished or aborted',
    );
    await expectServing(scenarios.length);
  });
});

describe('an upstream that resets connections', { timeout: 30_000 }, () => {
  let resetting: Server;
  let resets: Stack;

  beforeAll(async () => {
    // Accepts, reads a little, then resets the TCP connection before any response byte.
    resetting = createServer((socket) => {
      socket.once('data', () => socket.resetAndDestroy());
    });
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    const { port } = resetting.address() as AddressInfo;
    resets = await startStack({
      PROVIDER_BASE_URL: `http://127.0.0.1:${port}/v1`,
      REQUEST_TIMEOUT: '2',
      ...SINGLE_ATTEMPT,
    });
  }, 30_000);
  afterAll(async () => {
    await resets.close();
    await new Promise<void>((resolve) => resetting.close(() => resolve()));
  }, 30_000);

  it.each([false, true])(
    'answers 529 overloaded_error naming the endpoint (stream: %s)',
    async (streamed) => {
      const response = await fetch(`${resets.proxy.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messagesBody('reset', { stream: streamed })),
      });
      const envelope = await expectAnthropicError(response, 529, 'overloaded_error');
      expect(envelope.error.message).toContain('127.0.0.1');
    },
  );
});
