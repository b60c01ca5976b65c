import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readNodeRequestBody } from './read-json-body';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server answering each request with what readNodeRequestBody read: its length and first bytes. */
async function start(maxBytes: number): Promise<number> {
  const started = createServer((request: IncomingMessage, response) => {
    // Read after a turn of the event loop, as the proxy does after its admission awaits.
    setImmediate(() => {
      readNodeRequestBody(request, maxBytes).then(
        (body) => response.end(`read ${body.byteLength}: ${body.subarray(0, 20).toString('utf8')}`),
        (error: Error & { status?: number }) => response.writeHead(error.status ?? 500).end(error.message),
      );
    });
  });
  server = started;
  await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
  return (started.address() as AddressInfo).port;
}

/** Sends raw HTTP over one connection, each part after `gapMs`, and collects what comes back. */
function exchange(port: number, parts: string[], gapMs: number, answers: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (data) => {
      text += data.toString('utf8');
      if ((text.match(/HTTP\/1\.1 /g) ?? []).length >= answers && text.includes('\r\n\r\n')) {
        setTimeout(() => {
          socket.end();
          resolve(text);
        }, 50);
      }
    });
    socket.on('error', reject);
    let index = 0;
    const next = () => {
      const part = parts[index++];
      if (part === undefined) return;
      socket.write(part);
      setTimeout(next, gapMs);
    };
    next();
  });
}

const post = (body: string) =>
  `POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('readNodeRequestBody', () => {
  it('reads a body that came with its head, and the connection serves the next request', async () => {
    const port = await start(1024);
    const answer = await exchange(port, [post('{"a":"first"}') + post('{"b":"second ✓"}')], 0, 2);
    expect(answer).toContain('read 13: {"a":"first"}');
    expect(answer).toContain(`read ${Buffer.byteLength('{"b":"second ✓"}')}: {"b":"second ✓"}`);
  });

  it('reads a body that arrives in parts after its head', async () => {
    const port = await start(1024);
    const body = '{"parts":"one two three"}';
    const whole = post(body);
    const cut = whole.indexOf('\r\n\r\n') + 6;
    const answer = await exchange(port, [whole.slice(0, cut), whole.slice(cut, cut + 5), whole.slice(cut + 5)], 30, 1);
    expect(answer).toContain(`read ${body.length}: ${body.slice(0, 20)}`);
  });

  it('refuses a body over the limit with 413, whole or in parts, declared length or not', async () => {
    const port = await start(16);
    const big = '{"text":"more than sixteen bytes"}';
    expect(await exchange(port, [post(big)], 0, 1)).toMatch(/^HTTP\/1\.1 413/);
    const chunked = `POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`;
    expect(await exchange(port, [chunked], 0, 1)).toMatch(/^HTTP\/1\.1 413/);
  });

  it('reads a large body exactly', async () => {
    const port = await start(4 * 1024 * 1024);
    const body = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    expect(await exchange(port, [post(body)], 0, 1)).toContain(`read ${body.length}: {"text":"xxxxxxxxxx`);
  });
});
