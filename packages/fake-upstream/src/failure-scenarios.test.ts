import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatRequest, parseSse, postChat } from '../test/sse';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream';
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
  stallAfter,
  streamText,
  streamToolCalls,
} from './scenario';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

/** Reads SSE data lines one network read at a time until `count` have arrived. */
async function readDataLines(response: Response, count: number): Promise<string[]> {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('response has no body');
  const decoder = new TextDecoder();
  let text = '';
  while ((text.match(/^data: /gm) ?? []).length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return parseSse(text).data;
}

describe('HTTP errors', () => {
  it('answers 429 with an OpenAI error body and the given retry-after', async () => {
    upstream.enqueue(httpError(429, undefined, { 'retry-after': '3' }));
    const response = await postChat(upstream.url, chatRequest({ stream: true }));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    const body = (await response.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error.code).toBe('rate_limit_exceeded');
    expect(body.error.message).toMatch(/rate limit/i);
    expect(upstream.requests[0]?.status).toBe(429);
  });

  it('passes a custom 401 body through as JSON', async () => {
    const error = { error: { message: 'No auth credentials found', type: 'auth_error', code: 401 } };
    upstream.enqueue(httpError(401, error));
    const response = await postChat(upstream.url, chatRequest());
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(error);
  });

  it('serves an HTML 502 page and an empty 500 body', async () => {
    upstream.enqueue(httpError(502, htmlErrorPage(502)), httpError(500, ''));
    const html = await postChat(upstream.url, chatRequest());
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(await html.text()).toContain('<h1>502 Bad Gateway</h1>');
    const empty = await postChat(upstream.url, chatRequest());
    expect(empty.status).toBe(500);
    expect(await empty.text()).toBe('');
  });

  it('uses a default OpenAI error body for 503', async () => {
    upstream.enqueue(httpError(503));
    const response = await postChat(upstream.url, chatRequest());
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { type: string } };
    expect(body.error.type).toBe('server_error');
  });
});

describe('broken streams', () => {
  it('midStreamError streams some chunks, then an error line, without [DONE]', async () => {
    upstream.enqueue(midStreamError(2, { message: 'Upstream overloaded', code: 502 }));
    const response = await postChat(upstream.url, chatRequest({ stream: true }));
    expect(response.status).toBe(200);
    const parsed = parseSse(await response.text());
    expect(parsed.data).toHaveLength(3);
    expect(JSON.parse(parsed.data[2] ?? '')).toEqual({
      error: { message: 'Upstream overloaded', code: 502 },
    });
    expect(parsed.data).not.toContain('[DONE]');
    expect(parsed.chunks[0]?.choices[0]?.delta.role).toBe('assistant');
  });

  it('dropMidStream destroys the socket after N chunks, so the body read fails', async () => {
    upstream.enqueue(
      dropMidStream(3, streamToolCalls([{ name: 'Bash', arguments: { command: 'ls -la /tmp' } }])),
    );
    const response = await postChat(upstream.url, chatRequest({ stream: true }));
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const failure = await (async () => {
      try {
        for (;;) {
          const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
          if (done) return undefined;
          text += decoder.decode(value, { stream: true });
        }
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(Error);
    expect(parseSse(text).data).toHaveLength(3);
    expect(text).not.toContain('[DONE]');
    expect(upstream.requests[0]?.aborted).toBe(false);
  });

  it('endWithoutFinish ends cleanly with no finish_reason and no [DONE]', async () => {
    upstream.enqueue(endWithoutFinish(streamText('cut short', { fragmentSize: 3 })));
    const response = await postChat(
      upstream.url,
      chatRequest({ stream: true, stream_options: { include_usage: true } }),
    );
    const parsed = parseSse(await response.text());
    expect(parsed.chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('cut short');
    expect(parsed.chunks.every((chunk) => chunk.choices[0]?.finish_reason === null)).toBe(true);
    expect(parsed.data).not.toContain('[DONE]');
    expect(parsed.chunks.some((chunk) => chunk.usage)).toBe(false);
  });

  it('garbage sends non-JSON data lines on a 200 event stream', async () => {
    upstream.enqueue(garbage());
    const response = await postChat(upstream.url, chatRequest({ stream: true }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { data } = parseSse(await response.text());
    const payloads = data.filter((line) => line !== '[DONE]');
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) expect(() => JSON.parse(payload)).toThrow();
  });

  it('nonJson answers 200 application/json with an HTML body', async () => {
    upstream.enqueue(nonJson());
    const response = await postChat(upstream.url, chatRequest());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    await expect(response.json()).rejects.toThrow();
  });

  it('raw replays fixture lines, adding data: framing where missing', async () => {
    upstream.enqueue(
      raw([': keep-alive', '{"id":"x","object":"chat.completion.chunk","choices":[]}', 'data: [DONE]']),
    );
    const response = await postChat(upstream.url, chatRequest({ stream: true }));
    const text = await response.text();
    expect(text).toBe(
      ': keep-alive\n\ndata: {"id":"x","object":"chat.completion.chunk","choices":[]}\n\ndata: [DONE]\n\n',
    );
  });

  it('raw verbatim writes the pieces exactly, so one event can span several network writes', async () => {
    upstream.enqueue(
      raw(['data: {"id":"spl', 'it"}\n\n', 'data: [DONE]\n\n'], { verbatim: true, delayMs: 5 }),
    );
    const response = await postChat(upstream.url, chatRequest({ stream: true }));
    expect(await response.text()).toBe('data: {"id":"split"}\n\ndata: [DONE]\n\n');
  });
});

describe('client aborts', () => {
  it('records an abort on a hanging request', async () => {
    upstream.enqueue(hang());
    const controller = new AbortController();
    const pending = postChat(upstream.url, chatRequest({ stream: true }), { signal: controller.signal });
    await upstream.waitFor((requests) => requests.length === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await upstream.waitFor((requests) => requests[0]?.aborted === true);
    expect(upstream.requests[0]?.abortedAt).toBeGreaterThanOrEqual(upstream.requests[0]?.receivedAt ?? 0);
    expect(upstream.requests[0]?.completedAt).toBeUndefined();
  });

  it('stops writing a slow stream once the client disconnects', async () => {
    upstream.enqueue(streamText('a'.repeat(200), { fragmentSize: 1, delayMs: 5 }));
    const controller = new AbortController();
    const response = await postChat(upstream.url, chatRequest({ stream: true }), {
      signal: controller.signal,
    });
    const received = await readDataLines(response, 3);
    expect(received.length).toBeGreaterThanOrEqual(3);
    controller.abort();
    await upstream.waitFor((requests) => requests[0]?.aborted === true);
    const written = upstream.requests[0]?.chunksWritten ?? 0;
    // Give the stream several more chunk intervals: nothing more may be written after the abort.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(upstream.requests[0]?.chunksWritten).toBe(written);
    expect(written).toBeLessThan(203);
    expect(upstream.requests[0]?.completedAt).toBeUndefined();
  });

  it('stallAfter sends N chunks then waits until the client leaves', async () => {
    upstream.enqueue(stallAfter(2));
    const controller = new AbortController();
    const response = await postChat(upstream.url, chatRequest({ stream: true }), {
      signal: controller.signal,
    });
    const lines = await readDataLines(response, 2);
    expect(lines).toHaveLength(2);
    expect(upstream.requests[0]?.completedAt).toBeUndefined();
    controller.abort();
    await upstream.waitFor((requests) => requests[0]?.aborted === true);
    expect(upstream.requests[0]?.chunksWritten).toBe(2);
  });

  it('stallAfter(0) sends the stream headers and nothing else', async () => {
    upstream.enqueue(stallAfter(0));
    const controller = new AbortController();
    const response = await postChat(upstream.url, chatRequest({ stream: true }), {
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
    await upstream.waitFor((requests) => requests[0]?.aborted === true);
    expect(upstream.requests[0]?.chunksWritten).toBe(0);
  });
});
