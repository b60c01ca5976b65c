import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createGracefulShutdown } from './graceful-shutdown';

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  }
});

/** A server whose /stream sends `chunks` lines, one each time `release()` is called (or never). */
async function startStreamingServer() {
  const waiting: Array<() => void> = [];
  const release = () => waiting.shift()?.();
  const server = createServer(async (request, response) => {
    if (request.url === '/quick') {
      response.end('quick');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunks = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('chunks') ?? '3');
    for (let index = 0; index < chunks; index += 1) {
      response.write(`data: ${index}\n\n`);
      if (response.destroyed) return;
      if (index === chunks - 1) break;
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        response.once('close', resolve);
      });
      if (response.destroyed) return;
    }
    response.end('data: done\n\n');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, release, waiting };
}

/** Opens a stream and returns once its first chunk has arrived, with a way to read the rest. */
async function openStream(url: string) {
  const response = await fetch(url);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = decoder.decode((await reader.read()).value);
  const rest = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value);
    }
  })();
  // Handled here so a cut stream is not an unhandled rejection before the test awaits it.
  rest.catch(() => {});
  return { rest };
}

describe('createGracefulShutdown', () => {
  it('lets a stream in flight finish, refuses new connections, then runs the hooks', async () => {
    const { server, url, release, waiting } = await startStreamingServer();
    const events: string[] = [];
    const lifecycle = createGracefulShutdown({
      server,
      deadlineMs: 60_000,
      onDrained: [
        () => void events.push('metering flushed'),
        async () => void events.push('upstream closed'),
      ],
    });
    const stream = await openStream(`${url}/stream?chunks=3`);
    expect(lifecycle.inFlight()).toBe(1);

    const stopped = lifecycle.shutdown('SIGTERM').then((report) => {
      events.push('stopped');
      return report;
    });
    expect(lifecycle.accepting()).toBe(false);
    await expect(fetch(`${url}/quick`)).rejects.toThrow();

    while (waiting.length === 0) await new Promise((resolve) => setImmediate(resolve));
    release();
    while (waiting.length === 0) await new Promise((resolve) => setImmediate(resolve));
    release();
    const body = await stream.rest;
    events.push('client got the whole stream');
    expect(body).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\ndata: done\n\n');

    const report = await stopped;
    expect(report).toEqual({
      reason: 'SIGTERM',
      inFlightAtStart: 1,
      finished: 1,
      destroyed: 0,
      hookFailures: [],
    });
    expect(events).toEqual(['client got the whole stream', 'metering flushed', 'upstream closed', 'stopped']);
    expect(server.listening).toBe(false);
  });

  it('destroys a stream still running at the deadline, then still runs the hooks', async () => {
    const { server, url } = await startStreamingServer();
    let flushed = false;
    const lifecycle = createGracefulShutdown({
      server,
      deadlineMs: 200,
      onDrained: [
        () => {
          flushed = true;
        },
      ],
    });
    const stream = await openStream(`${url}/stream?chunks=100`);
    const report = await lifecycle.shutdown();
    expect(report).toMatchObject({ inFlightAtStart: 1, finished: 0, destroyed: 1 });
    await expect(stream.rest).rejects.toThrow();
    expect(flushed).toBe(true);
  });

  it('does not wait on idle keep-alive connections', async () => {
    const { server, url } = await startStreamingServer();
    const lifecycle = createGracefulShutdown({ server, deadlineMs: 60_000 });
    expect(await (await fetch(`${url}/quick`)).text()).toBe('quick');
    const report = await lifecycle.shutdown();
    expect(report).toMatchObject({ inFlightAtStart: 0, finished: 0, destroyed: 0 });
  });

  it('force() cuts the streams at once and shutdown() resolves', async () => {
    const { server, url } = await startStreamingServer();
    const lifecycle = createGracefulShutdown({ server, deadlineMs: 60_000 });
    const stream = await openStream(`${url}/stream?chunks=100`);
    const stopped = lifecycle.shutdown('SIGINT');
    lifecycle.force();
    expect(await stopped).toMatchObject({ reason: 'SIGINT', destroyed: 1 });
    await expect(stream.rest).rejects.toThrow();
  });

  it('reports a failing hook and still runs the next', async () => {
    const { server } = await startStreamingServer();
    const ran: string[] = [];
    const lifecycle = createGracefulShutdown({
      server,
      deadlineMs: 1000,
      onDrained: [
        () => {
          throw new Error('database is locked');
        },
        () => void ran.push('second'),
      ],
    });
    const report = await lifecycle.shutdown();
    expect(report.hookFailures).toEqual(['shutdown step 1 failed: database is locked']);
    expect(ran).toEqual(['second']);
    expect(await lifecycle.shutdown()).toBe(report);
  });

  it('drains a Hono streaming response served by @hono/node-server, as the proxy does', async () => {
    let push: ((text: string | null) => void) | undefined;
    const app = new Hono();
    app.get('/v1/messages', () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const encoder = new TextEncoder();
          controller.enqueue(encoder.encode('event: message_start\n\n'));
          push = (text) => (text === null ? controller.close() : controller.enqueue(encoder.encode(text)));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const server = await new Promise<Server>((resolve) => {
      const created = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
        resolve(created as Server),
      ) as Server;
    });
    servers.push(server);
    const lifecycle = createGracefulShutdown({ server, deadlineMs: 60_000 });
    const { port } = server.address() as AddressInfo;
    const stream = await openStream(`http://127.0.0.1:${port}/v1/messages`);
    const stopped = lifecycle.shutdown();
    push?.('event: message_stop\n\n');
    push?.(null);
    expect(await stream.rest).toBe('event: message_start\n\nevent: message_stop\n\n');
    expect(await stopped).toMatchObject({ inFlightAtStart: 1, finished: 1, destroyed: 0 });
  });
});
