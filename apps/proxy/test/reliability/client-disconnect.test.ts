import { request as httpRequest } from 'node:http';
import type { AnthropicStreamEvent } from '@ccp/convert';
import { assertAnthropicStreamInvariants } from '@ccp/convert/testing';
import {
  hang,
  httpError,
  reply,
  type Scenario,
  stallAfter,
  startFakeUpstream,
  streamText,
  streamToolCalls,
} from '@ccp/fake-upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messagesBody, parseSse, SINGLE_ATTEMPT, waitUntil } from '../support/anthropic-wire';
import { startProxyProcess } from '../support/proxy-process';
import { type Stack, startStack } from '../support/start-stack';

// A client that goes away at any point takes its upstream request down with it, and leaves no
// upstream socket behind.

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(SINGLE_ATTEMPT);
}, 30_000);
afterAll(async () => {
  await stack.proxy.close();
  await waitUntil(
    () => stack.upstream.openConnections() === 0,
    'every upstream socket to close after the proxy stops',
  );
  await stack.upstream.close();
}, 30_000);
beforeEach(() => {
  stack.upstream.reset();
});

/**
 * Posts a request carrying `marker`, reads the answer until `leaveWhen(textSoFar)` holds (or,
 * with `undefined`, until the upstream has received the request), then destroys the client socket.
 */
function postThenLeave(
  target: Stack,
  marker: string,
  stream: boolean,
  leaveWhen: ((text: string) => boolean) | undefined,
): Promise<string> {
  const body = messagesBody(marker, { stream });
  return new Promise((resolve, reject) => {
    const url = new URL('/v1/messages', target.proxy.url);
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        agent: false,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (part: string) => {
          text += part;
          if (leaveWhen?.(text)) {
            outgoing.destroy();
            resolve(text);
          }
        });
        response.on('end', () =>
          reject(new Error(`the answer ended before the client left: ${text.slice(0, 500)}`)),
        );
      },
    );
    outgoing.on('error', () => {});
    outgoing.end(JSON.stringify(body));
    if (leaveWhen === undefined) {
      target.upstream
        .waitFor((requests) => requests.some((request) => request.rawBody.includes(`marker:${marker}"`)))
        .then(() => {
          outgoing.destroy();
          resolve('');
        }, reject);
    }
  });
}

/** Warms the pool so one idle upstream socket exists, and returns the count to come back to. */
async function idleBaseline(): Promise<number> {
  stack.upstream.enqueue(reply({ text: 'warm' }));
  const response = await fetch(`${stack.proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messagesBody('warm')),
  });
  await response.text();
  stack.upstream.reset();
  return stack.upstream.openConnections();
}

async function expectUpstreamAbortedAndReleased(baseline: number) {
  await waitUntil(() => stack.upstream.requests[0]?.aborted === true, 'the upstream request to be aborted');
  expect(stack.upstream.requests).toHaveLength(1);
  // The aborted socket is destroyed, not returned to the pool half-read.
  await waitUntil(
    () => stack.upstream.openConnections() <= baseline,
    `upstream sockets to return to ${baseline}`,
  );
  // And the proxy still answers on a fresh request.
  stack.upstream.enqueue(reply({ text: 'after' }));
  const response = await fetch(`${stack.proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messagesBody('after', { stream: true })),
  });
  const events = parseSse(await response.text()).map((event) => event.data as AnthropicStreamEvent);
  assertAnthropicStreamInvariants(events);
  expect(events.at(-1)).toEqual({ type: 'message_stop' });
}

const slowText = () => streamText('word '.repeat(400), { fragmentSize: 5, delayMs: 10 });
const slowTools = () =>
  streamToolCalls(
    [{ name: 'Write', arguments: { file_path: '/tmp/a.txt', content: 'line\n'.repeat(300) } }],
    { fragmentSize: 4, delayMs: 10 },
  );

type Phase = {
  name: string;
  scenario: () => Scenario;
  stream: boolean;
  leaveWhen: ((text: string) => boolean) | undefined;
};

const phases: Phase[] = [
  { name: 'before the response headers (streaming)', scenario: hang, stream: true, leaveWhen: undefined },
  {
    name: 'before the response headers (non-streaming)',
    scenario: hang,
    stream: false,
    leaveWhen: undefined,
  },
  {
    name: 'right after message_start',
    scenario: () => stallAfter(0),
    stream: true,
    leaveWhen: (text) => text.includes('event: message_start'),
  },
  {
    name: 'mid-text',
    scenario: slowText,
    stream: true,
    leaveWhen: (text) => (text.match(/text_delta/g) ?? []).length >= 3,
  },
  {
    name: 'mid-tool-arguments',
    scenario: slowTools,
    stream: true,
    leaveWhen: (text) => (text.match(/input_json_delta/g) ?? []).length >= 3,
  },
  {
    name: 'while a non-streaming answer is being read from an upstream stream',
    scenario: slowText,
    stream: false,
    leaveWhen: undefined,
  },
];

describe('client disconnects', { timeout: 30_000 }, () => {
  it.each(phases)(
    'aborts the upstream request when the client leaves $name',
    async ({ scenario, stream, leaveWhen }) => {
      const baseline = await idleBaseline();
      stack.upstream.enqueue(scenario());
      await postThenLeave(stack, 'leave', stream, leaveWhen);
      await expectUpstreamAbortedAndReleased(baseline);
    },
  );

  it('stops writing upstream chunks soon after the client leaves mid-stream', async () => {
    await idleBaseline();
    stack.upstream.enqueue(slowText());
    await postThenLeave(stack, 'leave', true, (text) => text.includes('text_delta'));
    await waitUntil(() => stack.upstream.requests[0]?.aborted === true, 'the upstream request to be aborted');
    const written = stack.upstream.requests[0]?.chunksWritten ?? 0;
    // 400 words in 5-character fragments is ~400 chunks; only the first few went out.
    expect(written).toBeLessThan(100);
  });

  // Retries are wired by the ccp-proxy command (not by startProxy alone), so this runs the real process.
  it('cancels a pending retry when the client leaves during the backoff', async () => {
    const upstream = await startFakeUpstream();
    const proxy = await startProxyProcess({
      PROVIDER_BASE_URL: upstream.url,
      PROVIDER_API_KEY: 'sk-upstream-retry-0123456789',
      BIG_MODEL: 'big-model',
      MIDDLE_MODEL: 'middle-model',
      SMALL_MODEL: 'small-model',
      LOG_LEVEL: 'warn',
      RETRY_MAX_ATTEMPTS: '3',
      RETRY_BASE_DELAY_MS: '400',
      RETRY_MAX_DELAY_MS: '400',
      CIRCUIT_BREAKER_THRESHOLD: '0',
    });
    try {
      // Control: a client that stays gets the retried answer, so retries are on.
      upstream.enqueue(httpError(503), reply({ text: 'second try' }));
      const control = await fetch(`${proxy.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messagesBody('control')),
      });
      expect(control.status).toBe(200);
      await control.arrayBuffer();
      expect(upstream.requests).toHaveLength(2);
      upstream.reset();

      upstream.enqueue(httpError(503), hang(), hang());
      const url = new URL('/v1/messages', proxy.url);
      const outgoing = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        agent: false,
      });
      outgoing.on('error', () => {});
      outgoing.end(JSON.stringify(messagesBody('retry', { stream: true })));
      // The first attempt has failed with 503: the proxy now waits before retrying.
      await upstream.waitFor((requests) => requests[0]?.status === 503);
      outgoing.destroy();
      // Well past the backoff: a retry sent for a client that left would have arrived by now.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const later = upstream.requests.slice(1);
      expect(
        later.every((request) => request.aborted),
        'a retry sent after the client left must at least be aborted',
      ).toBe(true);
      expect(later).toHaveLength(0);
    } finally {
      await proxy.stop();
      await upstream.close();
    }
  }, 60_000);

  it('leaves nothing behind after 40 clients leave at random phases at once', async () => {
    const crowd = await startStack(SINGLE_ATTEMPT);
    // Requests arrive in any order: the marker, not the queue, picks each one's scenario.
    const scenarioFor = (index: number): Scenario =>
      index % 3 === 0 ? hang() : index % 3 === 1 ? slowText() : slowTools();
    crowd.upstream.setResponder((request) =>
      scenarioFor(Number(/marker:crowd-(\d+)/.exec(request.rawBody)?.[1] ?? 0)),
    );
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          postThenLeave(
            crowd,
            `crowd-${index}`,
            true,
            index % 3 === 0 ? undefined : (text) => text.includes('_delta'),
          ),
        ),
      );
      await waitUntil(
        () =>
          crowd.upstream.requests.length === 40 &&
          crowd.upstream.requests.every((request) => request.aborted),
        'all 40 upstream requests to be aborted',
        10_000,
      );
      // The pool may keep some sockets idle for reuse; never more than there were requests.
      expect(crowd.upstream.openConnections()).toBeLessThanOrEqual(40);
      // Closing the pool waits for requests still in flight: it only finishes, and every upstream
      // socket only closes, when none was left hanging.
      await crowd.proxy.close();
      await waitUntil(() => crowd.upstream.openConnections() === 0, 'every upstream socket to close');
    } finally {
      await crowd.upstream.close();
    }
  }, 30_000);
});
