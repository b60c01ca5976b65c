import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { connectFeed } from './feed-client';
import type { FeedConnectionStatus } from './feed-client';
import type { FeedEvent } from './feed-events';
import { createFeedServer, feedKeyFromRequest } from './feed-server';
import { phaseInput, startHttpServer, startInput, stopHttpServer, waitFor } from '../test/feed-test-helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startFeed(options: Partial<Parameters<typeof createFeedServer>[0]> = {}, port = 0) {
  const http = await startHttpServer(port);
  const feed = createFeedServer({ server: http.server, ...options });
  cleanups.push(() => stopHttpServer(http.server));
  cleanups.push(() => feed.close());
  return { ...http, feed, url: `ws://127.0.0.1:${http.port}/feed` };
}

function collect(url: string, apiKey?: string) {
  const events: FeedEvent[] = [];
  const statuses: FeedConnectionStatus[] = [];
  const connection = connectFeed({
    url,
    apiKey,
    onEvent: (event) => events.push(event),
    onStatus: (status) => statuses.push(status),
    minimumRetryDelayMs: 20,
    maximumRetryDelayMs: 100,
  });
  cleanups.push(() => connection.close());
  return { events, statuses, connection };
}

describe('feed server and client over a real WebSocket', () => {
  it('greets with a snapshot, then delivers numbered events in order', async () => {
    const { feed, url } = await startFeed();
    feed.publish(startInput('before'));
    const subscriber = collect(url);
    await waitFor(() => subscriber.events.length === 1, 'snapshot');
    const snapshot = subscriber.events[0];
    expect(snapshot?.type).toBe('stats-snapshot');
    if (snapshot?.type !== 'stats-snapshot') throw new Error('expected a snapshot first');
    expect(snapshot.totals.requests).toBe(1);
    expect(snapshot.recentEvents.map((event) => event.requestId)).toEqual(['before']);
    feed.publish(phaseInput('before', 5));
    feed.publish(startInput('after', 'session-9'));
    await waitFor(() => subscriber.events.length === 3, 'two events');
    expect(subscriber.events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(subscriber.events[2]).toMatchObject({ type: 'request-start', sessionId: 'session-9' });
    expect(feed.clientCount()).toBe(1);
    expect(feed.stats()).toMatchObject({ published: 3, dropped: 0 });
  });

  it('numbers replayed history first and greets every subscriber with it', async () => {
    const ended = (requestId: string, at: number) =>
      ({
        type: 'request-end',
        requestId,
        status: 200,
        inputTokens: 10,
        outputTokens: 5,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        thinkingTokens: 0,
        costUsd: 0.5,
        durationMs: 100,
        timeToFirstTokenMs: null,
        stopReason: 'end_turn',
        at,
      }) as const;
    const { feed, url } = await startFeed({
      history: [startInput('stored'), ended('stored', 1_764_160_000_100)],
    });
    const inProcess: FeedEvent[] = [];
    feed.subscribe((event) => inProcess.push(event));
    feed.publish(startInput('live'));
    const subscriber = collect(url);
    await waitFor(() => subscriber.events.length === 1, 'snapshot');
    for (const greeting of [inProcess[0], subscriber.events[0]]) {
      if (greeting?.type !== 'stats-snapshot') throw new Error('expected a snapshot first');
      expect(greeting.history).toMatchObject({
        lastSeq: 2,
        totals: { requests: 1, succeeded: 1, costUsd: 0.5 },
      });
    }
    const snapshot = subscriber.events[0];
    if (snapshot?.type !== 'stats-snapshot') throw new Error('expected a snapshot first');
    expect(snapshot.recentEvents.map((event) => [event.requestId, event.seq])).toEqual([
      ['stored', 1],
      ['stored', 2],
      ['live', 3],
    ]);
    expect(snapshot.totals.requests).toBe(1);
    expect(inProcess[1]).toMatchObject({ type: 'request-start', requestId: 'live', seq: 3 });
    expect(feed.stats().published).toBe(1);
  });

  it('delivers to in-process subscribers too', async () => {
    const { feed } = await startFeed();
    const seen: string[] = [];
    const unsubscribe = feed.subscribe((event) => seen.push(event.type));
    feed.publish(startInput('a'));
    unsubscribe();
    feed.publish(startInput('b'));
    expect(seen).toEqual(['stats-snapshot', 'request-start']);
  });

  it('leaves upgrades on other paths to their own listeners', async () => {
    const { server, port } = await startFeed();
    const other = new WebSocketServer({ noServer: true });
    cleanups.push(() => new Promise<void>((resolve) => other.close(() => resolve())));
    server.on('upgrade', (request, socket, head) => {
      if (request.url !== '/other') return;
      other.handleUpgrade(request, socket, head, (client) => client.send('hello from other'));
    });
    const message = await new Promise<string>((resolve, reject) => {
      const client = new WebSocket(`ws://127.0.0.1:${port}/other`);
      client.on('message', (data) => {
        resolve(String(data));
        client.close();
      });
      client.on('error', reject);
    });
    expect(message).toBe('hello from other');
  });

  it('refuses subscribers that authorize rejects, and accepts the key as header or query', async () => {
    const { url } = await startFeed({ authorize: (request) => feedKeyFromRequest(request) === 'secret-key' });
    const refused = await new Promise<number>((resolve) => {
      const client = new WebSocket(url);
      client.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      client.on('error', () => {});
    });
    expect(refused).toBe(401);
    const withHeader = collect(url, 'secret-key');
    await waitFor(() => withHeader.statuses.includes('connected'), 'header key accepted');
    const viaQuery = await new Promise<string>((resolve, reject) => {
      const client = new WebSocket(`${url}?key=secret-key`);
      client.on('message', (data) => {
        resolve(JSON.parse(String(data)).type);
        client.close();
      });
      client.on('error', reject);
    });
    expect(viaQuery).toBe('stats-snapshot');
  });

  it('answers a refusal from authorize with its own status and body', async () => {
    const { url, feed } = await startFeed({
      authorize: (request) =>
        request.headers.origin === 'https://evil.example'
          ? { status: 403, contentType: 'application/json', body: '{"type":"error"}' }
          : true,
    });
    const refused = await new Promise<{ status: number; type: string; body: string }>((resolve) => {
      const client = new WebSocket(url, { origin: 'https://evil.example' });
      client.on('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (part: Buffer) => {
          body += part.toString();
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'] ?? '', body }),
        );
      });
      client.on('error', () => {});
    });
    expect(refused).toEqual({ status: 403, type: 'application/json', body: '{"type":"error"}' });
    expect(feed.clientCount()).toBe(0);
    const local = collect(url);
    await waitFor(() => local.statuses.includes('connected'), 'a subscriber without an origin accepted');
  });

  it('keeps publishing while a subscriber never reads: drops and counts, then cuts it', async () => {
    const { feed, port, url } = await startFeed({ maxBufferedBytes: 32 * 1024, heartbeatIntervalMs: 1000 });
    // A raw socket that completes the handshake and then never reads anything.
    const stalled = connect(port, '127.0.0.1');
    cleanups.push(() => {
      stalled.destroy();
    });
    stalled.write(
      'GET /feed HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    stalled.once('data', () => stalled.pause());
    await waitFor(() => feed.clientCount() === 1, 'stalled subscriber connected');
    const reader = collect(url);
    await waitFor(() => feed.clientCount() === 2 && reader.events.length === 1, 'reader connected');

    const padding = 'x'.repeat(16 * 1024);
    let published = 0;
    // Publishing must go on regardless of the stalled subscriber; give the reader time to drain.
    for (let batch = 0; batch < 2000 && feed.stats().dropped === 0; batch += 1) {
      // Big synchronous bursts fill the stalled socket's kernel buffers within a few batches.
      for (let index = 0; index < 32; index += 1) {
        feed.publish(phaseInput(`r${published}`, published, padding));
        published += 1;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(feed.stats().dropped).toBeGreaterThan(0);
    await waitFor(() => feed.clientCount() === 1, 'stalled subscriber terminated');
    expect(feed.stats().terminated).toBeGreaterThanOrEqual(1);
    feed.publish(startInput('marker'));
    await waitFor(
      () => reader.events.some((event) => 'requestId' in event && event.requestId === 'marker'),
      'reader still receives events',
    );
    expect(feed.stats().published).toBe(published + 1);
  }, 20_000);

  it('reconnects after the server restarts on the same port', async () => {
    const first = await startFeed();
    const subscriber = collect(first.url);
    await waitFor(() => subscriber.statuses.includes('connected'), 'first connection');
    await first.feed.close();
    await stopHttpServer(first.server);
    await waitFor(() => subscriber.statuses.at(-1) !== 'connected', 'noticed the disconnect');
    expect(subscriber.statuses).toContain('disconnected');

    const second = await startFeed({}, first.port);
    second.feed.publish(startInput('after-restart'));
    await waitFor(
      () => subscriber.events.some((event) => event.type === 'stats-snapshot' && event.seq === 1),
      'snapshot from the restarted server',
    );
    expect(subscriber.statuses.at(-1)).toBe('connected');
    expect(subscriber.statuses.filter((status) => status === 'connected')).toHaveLength(2);
  });
});

describe('connectFeed liveness', () => {
  it('redials a connection that stays silent, without pings', async () => {
    const silent = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    await new Promise((resolve) => silent.once('listening', resolve));
    let accepted = 0;
    silent.on('connection', () => {
      accepted += 1;
    });
    const address = silent.address();
    if (!address || typeof address === 'string') throw new Error('expected a TCP address');
    const statuses: FeedConnectionStatus[] = [];
    const connection = connectFeed({
      url: `ws://127.0.0.1:${address.port}/feed`,
      onEvent: () => {},
      onStatus: (status) => statuses.push(status),
      staleAfterMs: 150,
      minimumRetryDelayMs: 20,
    });
    cleanups.push(() => connection.close());
    await waitFor(() => accepted >= 2, 'a second connection after the silent one went stale');
    expect(statuses).toContain('disconnected');
  });
});
