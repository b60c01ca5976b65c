/**
 * A stand-in for the proxy's transport layer only (no conversion, no upstream), to measure what
 * the HTTP stack itself costs: `POST /v1/messages` reads and parses the JSON body and answers
 * with a fixed Anthropic SSE stream of 16 events. Prints its URL on stdout.
 *
 *   node --import tsx bench/framework-floor-server.ts node-http|hono per-event|batched
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const [stack = 'node-http', writes = 'per-event'] = process.argv.slice(2);

const events: string[] = [
  {
    type: 'message_start',
    message: {
      id: 'msg_floor',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 1 },
    },
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  ...Array.from({ length: 12 }, (_, index) => ({
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'text_delta', text: `piece ${index} ` },
  })),
  { type: 'content_block_stop', index: 0 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 23 },
  },
  { type: 'message_stop' },
].map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
const batched = events.join('');
const headers = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
const encoder = new TextEncoder();

let url: string;
if (stack === 'hono') {
  const app = new Hono();
  app.post('/v1/messages', async (context) => {
    JSON.parse(await context.req.raw.text());
    let index = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (writes === 'batched') {
          controller.enqueue(encoder.encode(batched));
          controller.close();
          return;
        }
        const next = events[index++];
        if (next === undefined) controller.close();
        else controller.enqueue(encoder.encode(next));
      },
    });
    return new Response(body, { status: 200, headers });
  });
  url = await new Promise<string>((resolve) => {
    serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
} else {
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', async () => {
      JSON.parse(Buffer.concat(parts).toString('utf8'));
      response.writeHead(200, headers);
      if (writes === 'batched') {
        response.end(batched);
        return;
      }
      for (const event of events) {
        response.write(event);
        // one event per turn of the event loop, as an async event source delivers them
        await Promise.resolve();
      }
      response.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  url = await new Promise<string>((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}
process.stdout.write(`${url}\n`);
process.once('SIGTERM', () => process.exit(0));
