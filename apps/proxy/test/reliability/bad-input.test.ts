import { reply } from '@ccp/fake-upstream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAnthropicError,
  expectAnthropicErrorBody,
  messagesBody,
  rawPost,
  SINGLE_ATTEMPT,
} from '../support/anthropic-wire';
import { type Stack, startStack } from '../support/start-stack';

// Whatever bytes a client sends to the real HTTP proxy, it answers 2xx or a well-formed
// Anthropic error with the matching status, and goes on serving.

const MAX_BODY_MB = 1;
const encoder = new TextEncoder();
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ MAX_BODY_MB: String(MAX_BODY_MB), ...SINGLE_ATTEMPT });
}, 30_000);
afterAll(async () => {
  await stack.close();
}, 30_000);

/** Posts and checks the answer: a 2xx with JSON or SSE, or an Anthropic error matching its status. */
async function postAndCheck(
  path: string,
  body: Uint8Array | undefined,
  headers: Record<string, string> = {},
) {
  const response = await rawPost(stack.proxy.url, path, body, headers);
  const text = response.body.toString('utf8');
  if (response.status >= 200 && response.status < 300) {
    expect(String(response.headers['content-type'])).toMatch(/application\/json|text\/event-stream/);
    if (String(response.headers['content-type']).includes('json'))
      expect(() => JSON.parse(text)).not.toThrow();
    return response;
  }
  expectAnthropicErrorBody(response.status, text);
  return response;
}

async function expectStillServing() {
  stack.upstream.reset();
  stack.upstream.enqueue(reply({ text: 'still here' }));
  const response = await fetch(`${stack.proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messagesBody('after-fuzz')),
  });
  expect(response.status).toBe(200);
  const message = (await response.json()) as { content: Array<{ text?: string }> };
  expect(message.content[0]?.text).toBe('still here');
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
);

/** Bodies that are JSON text, almost JSON, or not text at all. */
const body = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => encoder.encode(JSON.stringify(value))),
  },
  { weight: 3, arbitrary: fc.string({ maxLength: 200 }).map((text) => encoder.encode(text)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.boolean())
      .map(([bytes, stream]) => {
        // A valid request whose text holds bytes that are not UTF-8 (lone continuation bytes, cut sequences).
        const [head, tail] = JSON.stringify(messagesBody('X', { stream })).split('X') as [string, string];
        return Buffer.concat([
          Buffer.from(head),
          Buffer.from(bytes.map((byte) => 0x80 | (byte & 0x7f))),
          Buffer.from([0xf0, 0x9f]),
          Buffer.from(tail),
        ]);
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .record(
        {
          model: fc.jsonValue({ maxDepth: 1 }),
          max_tokens: fc.jsonValue({ maxDepth: 1 }),
          messages: fc.jsonValue({ maxDepth: 3 }),
        },
        { requiredKeys: [] },
      )
      .map((value) => encoder.encode(JSON.stringify(value))),
  },
  { weight: 1, arbitrary: fc.constant(new Uint8Array()) },
);

describe('the proxy under random request bodies', { timeout: 30_000 }, () => {
  it('answers every body on both endpoints with 2xx or a well-formed Anthropic error', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        contentTypes,
        fc.constantFrom('/v1/messages', '/v1/messages/count_tokens', '/v1/messages?beta=true'),
        async (bytes, contentType, path) => {
          const headers: Record<string, string> = { 'content-length': String(bytes.byteLength) };
          if (contentType !== '') headers['content-type'] = contentType;
          await postAndCheck(path, bytes, headers);
        },
      ),
      { numRuns: 150 },
    );
    await expectStillServing();
  });

  it('answers an empty body, and a request with no body at all, with 400 invalid_request_error', async () => {
    for (const [bytes, headers] of [
      [new Uint8Array(), { 'content-type': 'application/json', 'content-length': '0' }],
      [undefined, {}],
    ] as const) {
      const response = await rawPost(stack.proxy.url, '/v1/messages', bytes, { ...headers });
      expect(response.status).toBe(400);
      expect(expectAnthropicErrorBody(400, response.body.toString()).error.type).toBe(
        'invalid_request_error',
      );
    }
  });

  it('answers a body over MAX_BODY_MB with 413 request_too_large, declared or streamed in chunks', async () => {
    const oversized = Buffer.alloc(MAX_BODY_MB * 1024 * 1024 + 10, 0x20);
    const declared = await rawPost(stack.proxy.url, '/v1/messages', oversized, {
      'content-type': 'application/json',
      'content-length': String(oversized.byteLength),
    });
    expect(declared.status).toBe(413);
    expect(expectAnthropicErrorBody(413, declared.body.toString()).error.type).toBe('request_too_large');

    // No content-length (chunked): the limit must hold while reading, not only on the header.
    const chunked = await rawPost(stack.proxy.url, '/v1/messages/count_tokens', oversized, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    expect(chunked.status).toBe(413);
    expect(expectAnthropicErrorBody(413, chunked.body.toString()).error.type).toBe('request_too_large');

    // A JSON request just over the limit (a huge message) gets the same answer through fetch.
    const huge = JSON.stringify(messagesBody('x'.repeat(MAX_BODY_MB * 1024 * 1024)));
    const response = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    await expectAnthropicError(response, 413, 'request_too_large');
    await expectStillServing();
  });

  it('accepts a body just under MAX_BODY_MB', async () => {
    stack.upstream.enqueue(reply({ text: 'big but fine' }));
    const filler = 'y'.repeat(MAX_BODY_MB * 1024 * 1024 - 500);
    const response = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messagesBody(filler)),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });

  it('answers invalid UTF-8 in a valid request without crashing, and sends valid JSON upstream', async () => {
    stack.upstream.reset();
    stack.upstream.enqueue(reply({ text: 'decoded' }));
    const [head, tail] = JSON.stringify(messagesBody('X')).split('X') as [string, string];
    const bytes = Buffer.concat([
      Buffer.from(head),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xed, 0xa0, 0x80, 0xff]),
      Buffer.from(tail),
    ]);
    const response = await postAndCheck('/v1/messages', bytes, {
      'content-type': 'application/json',
      'content-length': String(bytes.byteLength),
    });
    expect(response.status).toBe(200);
    const sent = stack.upstream.requests.at(-1);
    expect(sent).toBeDefined();
    expect(() => JSON.parse(sent?.rawBody ?? '')).not.toThrow();
  });

  it('answers 10,000 levels of JSON nesting in an unknown field, as the body and as content with 2xx or an error', async () => {
    const deepArrays = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const bodies = [
      deepArrays,
      `{"model":"claude-opus-4-8","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"extra":${deepArrays}}`,
      `{"model":"claude-opus-4-8","max_tokens":5,"messages":[{"role":"user","content":${deepArrays}}]}`,
      `{"model":"claude-opus-4-8","max_tokens":5,"messages":${deepArrays}}`,
    ];
    for (const text of bodies) {
      const bytes = encoder.encode(text);
      await postAndCheck('/v1/messages', bytes, {
        'content-type': 'application/json',
        'content-length': String(bytes.byteLength),
      });
      await postAndCheck('/v1/messages/count_tokens', bytes, {
        'content-type': 'application/json',
        'content-length': String(bytes.byteLength),
      });
    }
    await expectStillServing();
  });

  // @ccp/convert rejects bodies nested deeper than maximumRequestNestingDepth before anything recurses.
  it('answers deeply nested tool_result blocks, tool inputs and input schemas with 400', async () => {
    let toolResults = '"x"';
    for (let level = 0; level < 10_000; level++)
      toolResults = `[{"type":"tool_result","tool_use_id":"t","content":${toolResults}}]`;
    const deepObject = `${'{"a":'.repeat(10_000)}{}${'}'.repeat(10_000)}`;
    const bodies = [
      `{"model":"claude-opus-4-8","max_tokens":5,"messages":[{"role":"user","content":${toolResults}}]}`,
      `{"model":"claude-opus-4-8","max_tokens":5,"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":${deepObject}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"ok"}]}]}`,
      `{"model":"claude-opus-4-8","max_tokens":5,"tools":[{"name":"n","input_schema":${deepObject}}],"messages":[{"role":"user","content":"hi"}]}`,
    ];
    const statuses: number[] = [];
    for (const text of bodies) {
      const response = await postAndCheck('/v1/messages', encoder.encode(text), {
        'content-type': 'application/json',
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([400, 400, 400]);
  });

  it('answers a huge tool list and huge strings without failing', async () => {
    stack.upstream.enqueue(reply({ text: 'many tools' }));
    // Both under the 1 MB limit of this stack: ~2,000 tools and a string with astral characters and lone surrogates.
    const tools = Array.from({ length: 2_000 }, (_, index) => ({
      name: `tool_${index}`,
      description: `Tool ${index}`,
      input_schema: { type: 'object', properties: { path: { type: 'string', format: 'uri' } } },
    }));
    const response = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messagesBody('🎉\uD800'.repeat(20_000), { tools })),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const counted = await fetch(`${stack.proxy.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messagesBody('z'.repeat(100_000), { tools })),
    });
    expect(counted.status).toBe(200);
    expect(((await counted.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(1_000);
  });

  it('answers unknown paths and methods with 404 not_found_error', async () => {
    for (const [method, path] of [
      ['GET', '/v1/messages'],
      ['PUT', '/v1/messages'],
      ['POST', '/v2/messages'],
      ['POST', '/v1/complete'],
      ['DELETE', '/v1/messages/count_tokens'],
    ] as const) {
      const response = await fetch(`${stack.proxy.url}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      await expectAnthropicError(response);
    }
    await expectStillServing();
  });
});
