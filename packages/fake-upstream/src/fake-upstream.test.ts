import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatRequest, parseSse, postChat } from '../test/sse';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream';
import type { ChatCompletion } from './openai-wire';
import { hang, reply, streamText } from './scenario';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ models: ['model-a', 'model-b'] });
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => {
  upstream.reset();
  upstream.setResponder(() => reply({ text: 'from the responder' }));
});

async function contentOf(response: Response): Promise<string | null | undefined> {
  const body = (await response.json()) as ChatCompletion;
  return body.choices[0]?.message.content;
}

describe('startFakeUpstream', () => {
  it('gives an OpenAI base URL on loopback', () => {
    expect(upstream.url).toBe(`http://127.0.0.1:${upstream.port}/v1`);
    expect(upstream.origin).toBe(`http://127.0.0.1:${upstream.port}`);
  });

  it('records method, path, query, lower-case headers and the parsed body', async () => {
    await fetch(`${upstream.url}/chat/completions?trace=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Custom-Header': 'yes' },
      body: JSON.stringify(chatRequest()),
    });
    const [recorded] = upstream.requests;
    expect(recorded?.method).toBe('POST');
    expect(recorded?.path).toBe('/v1/chat/completions');
    expect(recorded?.query).toEqual({ trace: '1' });
    expect(recorded?.headers['x-custom-header']).toBe('yes');
    expect(recorded?.rawHeaders).toContainEqual(['X-Custom-Header', 'yes']);
    expect(recorded?.body).toEqual(chatRequest());
    expect(recorded?.route).toBe('chat-completions');
    expect(recorded?.status).toBe(200);
    expect(recorded?.aborted).toBe(false);
    expect(recorded?.completedAt).toBeGreaterThanOrEqual(recorded?.receivedAt ?? Number.POSITIVE_INFINITY);
  });

  it('answers queued scenarios in order, then falls back to the responder', async () => {
    upstream.enqueue(reply({ text: 'first' }), reply({ text: 'second' }));
    const answers = [];
    for (let count = 0; count < 3; count++)
      answers.push(await contentOf(await postChat(upstream.url, chatRequest())));
    expect(answers).toEqual(['first', 'second', 'from the responder']);
  });

  it('serves chat completions without the /v1 prefix', async () => {
    const response = await postChat(upstream.origin, chatRequest());
    expect(await contentOf(response)).toBe('from the responder');
    expect(upstream.requests[0]?.path).toBe('/chat/completions');
  });

  it('keeps a header sent twice in rawHeaders, which Node folds away in headers', async () => {
    await new Promise<void>((resolve, reject) => {
      const outgoing = request(`${upstream.url}/chat/completions`, { method: 'POST' }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      outgoing.on('error', reject);
      outgoing.setHeader('Authorization', ['Bearer first', 'Bearer second']);
      outgoing.setHeader('Content-Type', 'application/json');
      outgoing.end(JSON.stringify(chatRequest()));
    });
    const [recorded] = upstream.requests;
    expect(recorded?.headers.authorization).toBe('Bearer first');
    expect(recorded?.rawHeaders?.filter(([name]) => name.toLowerCase() === 'authorization')).toEqual([
      ['Authorization', 'Bearer first'],
      ['Authorization', 'Bearer second'],
    ]);
  });

  it('serves the Azure deployment path and records deployment and api-version', async () => {
    upstream.enqueue(streamText('azure says hi'));
    const response = await fetch(
      `${upstream.origin}/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': 'azure-key' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }),
      },
    );
    const { chunks } = parseSse(await response.text());
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('azure says hi');
    const [recorded] = upstream.requests;
    expect(recorded?.deployment).toBe('gpt-4o-prod');
    expect(recorded?.apiVersion).toBe('2024-10-21');
    expect(recorded?.headers['api-key']).toBe('azure-key');
  });

  it('rejects an Azure path without api-version, as Azure does', async () => {
    const response = await postChat(`${upstream.origin}/openai/deployments/gpt-4o`, chatRequest());
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('api-version');
  });

  it('lists models for OpenAI / LM Studio and for Ollama', async () => {
    const openai = (await (await fetch(`${upstream.url}/models`)).json()) as {
      object: string;
      data: { id: string }[];
    };
    expect(openai.object).toBe('list');
    expect(openai.data.map((model) => model.id)).toEqual(['model-a', 'model-b']);
    const ollama = (await (await fetch(`${upstream.origin}/api/tags`)).json()) as {
      models: { name: string }[];
    };
    expect(ollama.models.map((model) => model.name)).toEqual(['model-a:latest', 'model-b:latest']);
  });

  it('answers unknown routes with a 404 in the OpenAI error shape', async () => {
    const response = await fetch(`${upstream.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: 'Invalid URL (POST /v1/embeddings)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    expect(upstream.requests[0]?.route).toBe('not-found');
  });

  it('answers 400 to a body that is not JSON, keeping the raw text', async () => {
    const response = await fetch(`${upstream.url}/chat/completions`, { method: 'POST', body: 'not json' });
    expect(response.status).toBe(400);
    expect(upstream.requests[0]?.body).toBe('not json');
  });

  it('answers 500 in the OpenAI shape when the responder throws', async () => {
    upstream.setResponder(() => {
      throw new Error('no scenario for this test');
    });
    const response = await postChat(upstream.url, chatRequest());
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('no scenario for this test');
  });

  it('reset clears queued scenarios and recorded requests', async () => {
    upstream.enqueue(reply({ text: 'queued' }));
    await postChat(upstream.url, chatRequest()).then((response) => response.text());
    upstream.enqueue(reply({ text: 'never used' }));
    upstream.reset();
    expect(upstream.requests).toEqual([]);
    expect(await contentOf(await postChat(upstream.url, chatRequest()))).toBe('from the responder');
  });
});

describe('connections and shutdown', () => {
  it('counts open sockets and destroys them, hanging ones too, on close', async () => {
    const own = await startFakeUpstream({ record: false });
    own.enqueue(hang());
    const pending = postChat(own.url, chatRequest()).catch((error: unknown) => error);
    await own.waitFor(() => own.openConnections() === 1);
    expect(own.requests).toEqual([]);
    await own.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(own.openConnections()).toBe(0);
  });

  it('waitFor rejects with an explanation when the condition never holds', async () => {
    await expect(upstream.waitFor((requests) => requests.length > 5, 20)).rejects.toThrow(/never held/);
  });
});
