/**
 * The least a proxy can add: a stand-in that forwards each request's bytes to the upstream
 * unread (no JSON parse, no conversion) and sends the answer's bytes back, on node:http with an
 * undici keep-alive pool like ccp. Its added latency is the floor of this machine's loopback hop
 * and process wake-ups, under which no Node proxy can go. Prints its URL on stdout.
 *
 *   node --import tsx bench/forwarding-floor-server.ts http://127.0.0.1:PORT
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = new Pool(process.argv[2] ?? 'http://127.0.0.1:1', { connections: 64 });

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const answer = await upstream.request({
        path: request.url ?? '/',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: request.headers.authorization ?? '' },
        body: Buffer.concat(chunks),
      });
      response.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? '') });
      for await (const chunk of answer.body) response.write(chunk);
      response.end();
    } catch (error) {
      response.writeHead(502).end(String(error));
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
// A clean exit on SIGTERM, so a CPU profile (`--cpu-prof`) is written.
process.on('SIGTERM', () => process.exit(0));
