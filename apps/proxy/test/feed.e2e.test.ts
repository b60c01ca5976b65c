import { createRequire } from 'node:module';
import Anthropic from '@anthropic-ai/sdk';
import { type FakeUpstream, httpError, reply, startFakeUpstream, streamText } from '@ccp/fake-upstream';
import {
  connectFeed,
  type FeedConnection,
  type FeedConnectionStatus,
  type FeedEvent,
  type RequestEndEvent,
  type RequestErrorEvent,
  type RequestStartEvent,
  requestPhaseNames,
  type StatsSnapshotEvent,
} from '@ccp/feed';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProxy } from '../src/server';
import {
  claudeCodeClient,
  eventually,
  pricedModel,
  pricedModelCost,
  startProxyFor,
  upstreamSecret,
} from './support/dashboard-e2e';
import { upgradeStatus } from './support/websocket-upgrade';

/** The `ws` client, typed here for the two calls used (this package has no @types/ws). */
type RawSocket = {
  on(event: 'message', listener: (data: unknown) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
};
const { WebSocket: RawWebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (url: string, options: { headers: Record<string, string> }) => RawSocket;
};

/** The key Claude Code presents to the proxy: a secret too, so it must not reach the feed either. */
const proxyKey = 'proxy-client-key-9876543210';

/** A feed subscriber that keeps both what `connectFeed` decoded and every raw message on the wire. */
type Subscriber = {
  events: FeedEvent[];
  raw: string[];
  statuses: FeedConnectionStatus[];
  connection: FeedConnection;
  close(): void;
};

function subscribe(url: string, apiKey?: string): Subscriber {
  const events: FeedEvent[] = [];
  const raw: string[] = [];
  const statuses: FeedConnectionStatus[] = [];
  // A second, raw socket sees the JSON exactly as sent, including messages the client would skip.
  const wire = new RawWebSocket(url, { headers: apiKey ? { 'x-api-key': apiKey } : {} });
  wire.on('message', (data) => raw.push(String(data)));
  wire.on('error', () => {});
  const connection = connectFeed({
    url,
    apiKey,
    minimumRetryDelayMs: 50,
    maximumRetryDelayMs: 200,
    onEvent: (event) => events.push(event),
    onStatus: (status) => statuses.push(status),
  });
  return {
    events,
    raw,
    statuses,
    connection,
    close() {
      connection.close();
      wire.close();
    },
  };
}

const forRequest = (events: FeedEvent[], requestId: string) =>
  events.filter((event) => 'requestId' in event && event.requestId === requestId);

function findEvent<T extends FeedEvent['type']>(
  events: FeedEvent[],
  type: T,
  requestId?: string,
): Extract<FeedEvent, { type: T }> | undefined {
  return events.find(
    (event): event is Extract<FeedEvent, { type: T }> =>
      event.type === type &&
      (requestId === undefined || ('requestId' in event && event.requestId === requestId)),
  );
}

describe('the live feed of a running proxy (loopback)', { timeout: 30_000 }, () => {
  let upstream: FakeUpstream;
  let proxy: RunningProxy;
  let feedUrl: string;
  const subscribers: Subscriber[] = [];
  const open = (apiKey?: string) => {
    const subscriber = subscribe(feedUrl, apiKey);
    subscribers.push(subscriber);
    return subscriber;
  };

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    proxy = await startProxyFor(upstream, { PROXY_AUTH_KEY: proxyKey });
    feedUrl = `ws://127.0.0.1:${proxy.port}/feed`;
  });
  afterAll(async () => {
    for (const subscriber of subscribers) subscriber.close();
    await proxy?.close();
    await upstream?.close();
  });

  let streamedRequestId = '';
  let streamedEnd: RequestEndEvent | undefined;

  it('follows a streamed SDK request from start to end, with the usage the upstream reported', async () => {
    const subscriber = open();
    await eventually(
      () => subscriber.events,
      (events) => events[0]?.type === 'stats-snapshot',
      'the stats snapshot that greets a subscriber',
    );
    await eventually(
      () => subscriber.raw.length,
      (count) => count > 0,
      'the raw socket greeting',
    );

    upstream.enqueue(
      streamText('Feed events follow this answer from the first phase to the last.', {
        fragmentSize: 4,
        delayMs: 2,
        usage: { promptTokens: 1200, completionTokens: 48, cachedTokens: 200 },
      }),
    );
    const sessionId = '7d3c2a10-feed-e2e-session';
    const client = claudeCodeClient(proxy.url, sessionId, proxyKey);
    const stream = client.messages.stream({
      model: 'claude-opus-4-8',
      max_tokens: 512,
      messages: [{ role: 'user', content: 'Tell me about the feed.' }],
    });
    const message = await stream.finalMessage();
    expect(message.content[0]).toMatchObject({
      type: 'text',
      text: 'Feed events follow this answer from the first phase to the last.',
    });
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${upstreamSecret}`);
    const requestId = stream.request_id;
    expect(requestId).toBeTruthy();
    streamedRequestId = String(requestId);

    const events = await eventually(
      () => forRequest(subscriber.events, streamedRequestId),
      (list) => list.some((event) => event.type === 'request-end'),
      `request-end for ${streamedRequestId}`,
    );

    const start = findEvent(events, 'request-start') as RequestStartEvent;
    expect(start).toMatchObject({
      sessionId,
      claudeModel: 'claude-opus-4-8',
      routedModel: pricedModel.id,
      streamed: true,
      route: 'big',
    });
    expect(start.endpoint).toBe(upstream.url);
    expect(events[0]).toBe(start);

    const phases = events.filter((event) => event.type === 'request-phase').map((event) => event.phase);
    expect(phases[0]).toBe('parse');
    expect(phases.at(-1)).toBe('done');
    for (const phase of ['route', 'send', 'wait', 'receive'] as const) expect(phases).toContain(phase);
    const order = phases.map((phase) => requestPhaseNames.indexOf(phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(phases).size).toBe(phases.length);

    const usageUpdates = events.filter((event) => event.type === 'usage-update');
    expect(usageUpdates.length).toBeGreaterThan(0);
    const receiveAt = events.findIndex(
      (event) => event.type === 'request-phase' && event.phase === 'receive',
    );
    expect(events.indexOf(usageUpdates[0]!)).toBeGreaterThan(receiveAt);

    const end = findEvent(events, 'request-end') as RequestEndEvent;
    streamedEnd = end;
    expect(events.at(-1)).toBe(end);
    expect(end).toMatchObject({
      status: 200,
      // Anthropic counts cached tokens apart from input tokens.
      inputTokens: 1000,
      cacheReadTokens: 200,
      outputTokens: 48,
      stopReason: 'end_turn',
    });
    for (const update of usageUpdates) expect(update.outputTokens).toBeLessThanOrEqual(end.outputTokens);
    expect(end.costUsd).toBeCloseTo(
      pricedModelCost({ inputTokens: 1000, outputTokens: 48, cacheReadTokens: 200 }),
      10,
    );
    expect(end.durationMs).toBeGreaterThanOrEqual(0);
    expect(end.timeToFirstTokenMs).not.toBeNull();

    const sequence = events.map((event) => event.seq);
    expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    expect(new Set(sequence).size).toBe(sequence.length);

    // Everything on the wire, raw, is checked for secrets: the decoded client could hide a bad message.
    const wire = await eventually(
      () => subscriber.raw.join('\n'),
      (text) => text.includes('"request-end"'),
      'the raw request-end message',
    );
    expect(subscriber.raw.length).toBe(subscriber.events.length);
    expect(wire).not.toContain(upstreamSecret);
    expect(wire).not.toContain(proxyKey);
    expect(wire).not.toContain('sk-upstream');
  });

  let failedRequestId = '';

  it('reports an upstream failure as request-error, without echoing the key the upstream quoted', async () => {
    const subscriber = open();
    await eventually(
      () => subscriber.events.length,
      (count) => count > 0,
      'the snapshot',
    );
    upstream.enqueue(
      httpError(503, {
        error: {
          message: `Service unavailable for key ${upstreamSecret}, try again later`,
          type: 'server_error',
          code: 'overloaded',
        },
      }),
    );
    const client = claudeCodeClient(proxy.url, 'feed-e2e-failing-session', proxyKey);
    const failure = await client.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'fail' }] })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    const apiError = failure as InstanceType<typeof Anthropic.APIError>;
    // Error responses carry no request-id header, so the request is found by its session.
    const start = await eventually(
      () =>
        subscriber.events.find(
          (event): event is RequestStartEvent =>
            event.type === 'request-start' && event.sessionId === 'feed-e2e-failing-session',
        ),
      (event) => event !== undefined,
      'request-start of the failing request',
    );
    failedRequestId = start!.requestId;

    const events = await eventually(
      () => forRequest(subscriber.events, failedRequestId),
      (list) => list.some((event) => event.type === 'request-error'),
      `request-error for ${failedRequestId}`,
    );
    expect(findEvent(events, 'request-start')).toMatchObject({
      claudeModel: 'claude-haiku-4-5',
      routedModel: 'small-model',
      streamed: false,
      sessionId: 'feed-e2e-failing-session',
    });
    const error = findEvent(events, 'request-error') as RequestErrorEvent;
    expect(error.status).toBe(apiError.status);
    expect(error.status).toBe(529);
    expect(error.errorType).toBe('overloaded_error');
    expect(error.message).toContain('503');
    // The upstream's words are quoted (so users see why), with its key cut out.
    expect(error.message).toContain('Service unavailable for key');
    expect(findEvent(events, 'request-end')).toBeUndefined();
    expect(events.at(-1)).toBe(error);
    const wire = await eventually(
      () => subscriber.raw.join('\n'),
      (text) => text.includes('"request-error"'),
      'the raw request-error message',
    );
    expect(wire).not.toContain(upstreamSecret);
    expect(wire).not.toContain(proxyKey);
  });

  it('greets a new subscriber with a stats snapshot holding the totals so far', async () => {
    expect(streamedEnd).toBeDefined();
    expect(failedRequestId).not.toBe('');
    const subscriber = open();
    const events = await eventually(
      () => subscriber.events,
      (list) => list.length > 0,
      'the greeting',
    );
    expect(events[0]?.type).toBe('stats-snapshot');
    const snapshot = events[0] as StatsSnapshotEvent;
    expect(snapshot.protocolVersion).toBe(1);
    expect(snapshot.totals).toMatchObject({
      requests: 2,
      succeeded: 1,
      failed: 1,
      active: 0,
      inputTokens: streamedEnd!.inputTokens,
      outputTokens: streamedEnd!.outputTokens,
      cacheReadTokens: streamedEnd!.cacheReadTokens,
    });
    expect(snapshot.totals.costUsd).toBeCloseTo(streamedEnd!.costUsd ?? Number.NaN, 10);
    const recentIds = new Set(snapshot.recentEvents.map((event) => event.requestId));
    expect(recentIds).toEqual(new Set([streamedRequestId, failedRequestId]));
    // Later events carry a larger seq than what the snapshot already folded in.
    expect(snapshot.seq).toBeGreaterThanOrEqual(Math.max(...snapshot.recentEvents.map((event) => event.seq)));
    const wire = await eventually(
      () => subscriber.raw,
      (list) => list.length > 0,
      'the raw greeting',
    );
    expect(wire[0]).not.toContain(upstreamSecret);
    expect(wire[0]).not.toContain(proxyKey);
  });
});

describe('the live feed when the upstream URL itself carries credentials', { timeout: 30_000 }, () => {
  it('shows the endpoint without user or password, in success and failure', async () => {
    const upstream = await startFakeUpstream();
    const withCredentials = new URL(upstream.url);
    withCredentials.username = 'ccp-user';
    withCredentials.password = 'url-password-5555';
    const proxy = await startProxyFor(upstream, { PROVIDER_BASE_URL: withCredentials.toString() });
    const subscriber = subscribe(`ws://127.0.0.1:${proxy.port}/feed`);
    try {
      await eventually(
        () => subscriber.raw.length,
        (count) => count > 0,
        'the raw greeting',
      );
      await eventually(
        () => subscriber.events.length,
        (count) => count > 0,
        'the greeting',
      );
      upstream.enqueue(reply({ text: 'ok', usage: { promptTokens: 10, completionTokens: 1 } }));
      upstream.enqueue(httpError(500));
      const client = claudeCodeClient(proxy.url, 'credentials-in-url');
      const outcomes: string[] = [];
      for (let attempt = 0; attempt < 2; attempt += 1) {
        outcomes.push(
          await client.messages
            .create({
              model: 'claude-haiku-4-5',
              max_tokens: 16,
              messages: [{ role: 'user', content: 'hi' }],
            })
            .then(
              () => 'ok',
              (error: unknown) => String(error),
            ),
        );
      }
      const finished = await eventually(
        () =>
          subscriber.events.filter((event) => event.type === 'request-end' || event.type === 'request-error'),
        (list) => list.length === 2,
        'both requests to finish',
      );
      const starts = subscriber.events.filter((event) => event.type === 'request-start');
      expect(starts.map((event) => event.endpoint)).toEqual([upstream.url, upstream.url]);
      const wire = await eventually(
        () => subscriber.raw.join('\n'),
        (text) => text.includes('"request-end"') && text.includes('"request-error"'),
        'the raw events of both requests',
      );
      for (const secret of ['url-password-5555', upstreamSecret]) {
        expect(wire).not.toContain(secret);
        for (const outcome of outcomes) expect(outcome).not.toContain(secret);
      }
      expect(outcomes[0]).toBe('ok');
      expect(finished.map((event) => event.type)).toEqual(['request-end', 'request-error']);
    } finally {
      subscriber.close();
      await proxy.close();
      await upstream.close();
    }
  });
});

describe('the live feed of a proxy listening beyond loopback', { timeout: 30_000 }, () => {
  let upstream: FakeUpstream;
  let proxy: RunningProxy;
  let feedUrl: string;
  const connections: Array<{ close(): void }> = [];

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    proxy = await startProxyFor(upstream, { HOST: '0.0.0.0', PROXY_AUTH_KEY: proxyKey });
    feedUrl = `ws://127.0.0.1:${proxy.port}/feed`;
  });
  afterEach(() => {
    for (const connection of connections.splice(0)) connection.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  it('refuses subscribers without the admin key', async () => {
    expect(proxy.url).toBe(`http://0.0.0.0:${proxy.port}`);
    expect(await upgradeStatus(feedUrl, '')).toBe(401);
    expect(await upgradeStatus(feedUrl, '', { 'x-api-key': 'wrong-key' })).toBe(401);
    expect(await upgradeStatus(`${feedUrl}?key=wrong-key`, '')).toBe(401);

    const events: FeedEvent[] = [];
    const statuses: FeedConnectionStatus[] = [];
    connections.push(
      connectFeed({
        url: feedUrl,
        minimumRetryDelayMs: 20,
        maximumRetryDelayMs: 40,
        onEvent: (event) => events.push(event),
        onStatus: (status) => statuses.push(status),
      }),
    );
    // Several refused attempts in a row (each goes connecting → disconnected), never connected.
    await eventually(
      () => statuses.filter((status) => status === 'disconnected').length,
      (count) => count >= 3,
      'repeated refusals',
    );
    expect(statuses).not.toContain('connected');
    expect(events).toEqual([]);
    expect(proxy.feed.clientCount()).toBe(0);
  });

  it('accepts the admin key as a header or as ?key=, and then streams events', async () => {
    expect(await upgradeStatus(feedUrl, '', { 'x-api-key': proxyKey })).toBe(101);
    expect(await upgradeStatus(feedUrl, '', { authorization: `Bearer ${proxyKey}` })).toBe(101);
    expect(await upgradeStatus(`${feedUrl}?key=${proxyKey}`, '')).toBe(101);

    const events: FeedEvent[] = [];
    const statuses: FeedConnectionStatus[] = [];
    connections.push(
      connectFeed({
        url: feedUrl,
        apiKey: proxyKey,
        onEvent: (event) => events.push(event),
        onStatus: (status) => statuses.push(status),
      }),
    );
    await eventually(
      () => events,
      (list) => list[0]?.type === 'stats-snapshot',
      'the greeting',
    );
    expect(statuses).toContain('connected');
    expect(proxy.feed.clientCount()).toBe(1);

    upstream.enqueue(reply({ text: 'Remote feed works.', usage: { promptTokens: 30, completionTokens: 5 } }));
    const client = claudeCodeClient(`http://127.0.0.1:${proxy.port}`, 'remote-session', proxyKey);
    const message = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      stream: false,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Remote feed works.' });
    const end = await eventually(
      () => findEvent(events, 'request-end', String(message._request_id)),
      (event) => event !== undefined,
      'request-end on the keyed feed',
    );
    expect(end).toMatchObject({ inputTokens: 30, outputTokens: 5, status: 200 });
    expect(findEvent(events, 'request-start', String(message._request_id))).toMatchObject({
      routedModel: 'middle-model',
      sessionId: 'remote-session',
    });
    expect(JSON.stringify(events)).not.toContain(upstreamSecret);
  });
});
