import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FeedServer, type RequestEvent, type RequestEventInput, createFeedServer } from '@ccp/feed';

/** A tiny http server on 127.0.0.1 with a feed attached, for tests and demos of the dashboard. */
export interface ReplayServer {
  port: number;
  feed: FeedServer;
  publish(events: RequestEventInput[]): void;
  stop(): Promise<void>;
}

export async function startReplayServer(port = 0): Promise<ReplayServer> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(404).end();
  });
  const feed = createFeedServer({ server, heartbeatIntervalMs: 2000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    feed,
    publish(events) {
      for (const event of events) feed.publish(event);
    },
    async stop() {
      await feed.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Recorded events moved in time so the last one happens at `now`, without their `seq`
 * (the feed numbers them again).
 */
export function rebaseEvents(events: RequestEvent[], now: number): RequestEventInput[] {
  const last = Math.max(
    ...events.map((event) => (event.type === 'request-start' ? event.startedAt : event.at)),
  );
  const shift = now - last;
  return events.map((event) => {
    const { seq: _seq, ...rest } = event;
    if (rest.type === 'request-start') return { ...rest, startedAt: rest.startedAt + shift };
    return { ...rest, at: rest.at + shift } as RequestEventInput;
  });
}
