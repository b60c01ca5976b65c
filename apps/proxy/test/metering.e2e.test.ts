import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { completion, httpError, reply, streamText } from '@ccp/fake-upstream';
import { type Meter, openMeter } from '@ccp/metering';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/start-stack';

const ADMIN = 'admin-key-for-tests';
let directory: string;
let meter: Meter;
let stack: Stack;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ccp-metering-e2e-'));
  meter = await openMeter({ url: `file:${join(directory, 'ccp.db')}`, flushIntervalMs: 50 });
  stack = await startStack({ ADMIN_KEY: ADMIN, BIG_MODEL: 'openai/gpt-4o' }, { meter });
});
afterAll(async () => {
  await stack.close();
  await meter.close();
  rmSync(directory, { recursive: true, force: true });
});

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.proxy.url}/api${path}`, { ...init, headers: { 'x-api-key': ADMIN, 'content-type': 'application/json', ...init.headers } });

describe('metering through the proxy', () => {
  it('records streamed, non-streamed and failed requests with tokens, cost and timings', async () => {
    const client = new Anthropic({ baseURL: stack.proxy.url, apiKey: 'anything', maxRetries: 0 });
    stack.upstream.enqueue(reply({ text: 'one', usage: { promptTokens: 1000, completionTokens: 10, cachedTokens: 200 } }));
    await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 20, messages: [{ role: 'user', content: 'a' }] });
    stack.upstream.enqueue(streamText('two', { usage: { promptTokens: 500, completionTokens: 5 } }));
    await client.messages
      .stream({ model: 'claude-opus-4-8', max_tokens: 20, messages: [{ role: 'user', content: 'b' }] }, { headers: { 'x-claude-code-session-id': 'session-1' } })
      .finalMessage();
    stack.upstream.enqueue(httpError(503));
    await client.messages
      .create({ model: 'claude-opus-4-8', max_tokens: 20, messages: [{ role: 'user', content: 'c' }] })
      .catch(() => undefined);
    await meter.flush();

    const rows: Array<Record<string, unknown>> = [];
    for await (const row of meter.exportRows(1)) rows.push(row as unknown as Record<string, unknown>);
    expect(rows).toHaveLength(3);
    const byStatus = (status: number) => rows.filter((row) => row.status === status);
    expect(byStatus(200)).toHaveLength(2);
    const streamed = rows.find((row) => row.streamed === true || row.streamed === 1);
    expect(streamed).toMatchObject({ sessionId: 'session-1', claudeModel: 'claude-opus-4-8', routedModel: 'openai/gpt-4o', outputTokens: 5 });
    const plain = rows.find((row) => row.inputTokens === 800);
    expect(plain).toMatchObject({ cacheReadTokens: 200, outputTokens: 10 });
    // gpt-4o has a catalog price, so the cost is estimated.
    expect(Number(plain?.costUsd)).toBeGreaterThan(0);
    expect(byStatus(529)[0]).toMatchObject({ errorType: 'overloaded_error' });

    const summary = (await (await admin('/analytics/summary?days=1')).json()) as Record<string, unknown>;
    expect(JSON.stringify(summary)).toContain('3');
    const csv = await (await admin('/analytics/export?days=1&format=csv')).text();
    expect(csv.trim().split('\n')).toHaveLength(4);
  });

  it('meters a streaming request whose upstream ignored stream: true and answered JSON', async () => {
    const client = new Anthropic({ baseURL: stack.proxy.url, apiKey: 'anything', maxRetries: 0 });
    stack.upstream.enqueue(completion({ text: 'whole answer', usage: { promptTokens: 321, completionTokens: 7 } }));
    const message = await client.messages
      .stream(
        { model: 'claude-opus-4-8', max_tokens: 20, messages: [{ role: 'user', content: 'd' }] },
        { headers: { 'x-claude-code-session-id': 'session-json-stream' } },
      )
      .finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'whole answer' });
    await meter.flush();
    const rows: Array<Record<string, unknown>> = [];
    for await (const row of meter.exportRows(1)) rows.push(row as unknown as Record<string, unknown>);
    expect(rows.find((row) => row.sessionId === 'session-json-stream')).toMatchObject({
      status: 200,
      inputTokens: 321,
      outputTokens: 7,
    });
  });

  it('refuses analytics without the admin key', async () => {
    const response = await fetch(`${stack.proxy.url}/api/analytics/summary?days=1`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { type: string; error: { type: string } };
    expect(body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('accepts user keys once users exist, and enforces their daily request quota', async () => {
    const created = await admin('/users', {
      method: 'POST',
      body: JSON.stringify({ username: 'ada', email: 'ada@example.com', quota_requests: 2 }),
    });
    expect(created.status).toBe(201);
    const { api_key: apiKey } = (await created.json()) as { api_key: string };
    expect(apiKey).toBeTruthy();

    const user = new Anthropic({ baseURL: stack.proxy.url, apiKey, maxRetries: 0 });
    for (let index = 0; index < 2; index++) {
      stack.upstream.enqueue(reply({ text: `ok ${index}` }));
      const message = await user.messages.create({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      expect(message.content[0]).toMatchObject({ text: `ok ${index}` });
    }
    const over = await user.messages
      .create({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect((over as InstanceType<typeof Anthropic.APIError>).status).toBe(429);
    expect((over as InstanceType<typeof Anthropic.APIError>).type).toBe('rate_limit_error');
    expect((over as Error).message).toMatch(/request/i);

    const stranger = new Anthropic({ baseURL: stack.proxy.url, apiKey: 'not-a-user-key', maxRetries: 0 });
    const refused = await stranger.messages
      .create({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect((refused as InstanceType<typeof Anthropic.APIError>).status).toBe(401);

    const me = await fetch(`${stack.proxy.url}/api/users/me/usage?days=1`, { headers: { 'x-api-key': apiKey } });
    expect(me.status).toBe(200);
  });
  it('gives a user the request back when the upstream fails, but not when the request was theirs to fix', async () => {
    const created = await admin('/users', {
      method: 'POST',
      body: JSON.stringify({ username: 'grace', quota_requests: 2 }),
    });
    expect(created.status).toBe(201);
    const { api_key: apiKey } = (await created.json()) as { api_key: string };
    const user = new Anthropic({ baseURL: stack.proxy.url, apiKey, maxRetries: 0 });
    const ask = () =>
      user.messages
        .create({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
        .catch((error: unknown) => error as InstanceType<typeof Anthropic.APIError>);
    const requests = async () => {
      await meter.flush();
      const response = await fetch(`${stack.proxy.url}/api/users/me/quota`, { headers: { 'x-api-key': apiKey } });
      return ((await response.json()) as { requests: { used: number; remaining: number } }).requests;
    };

    stack.upstream.enqueue(httpError(500));
    expect(await ask()).toMatchObject({ status: 500 });
    stack.upstream.enqueue(httpError(401, { error: { message: 'Incorrect API key provided' } }));
    expect(await ask()).toMatchObject({ status: 401 });
    expect(await requests()).toMatchObject({ used: 0, remaining: 2 });

    stack.upstream.enqueue(
      httpError(400, {
        error: { message: "This model's maximum context length is 128000 tokens", code: 'context_length_exceeded' },
      }),
    );
    expect(await ask()).toMatchObject({ status: 400 });
    expect(await requests()).toMatchObject({ used: 1, remaining: 1 });
  });
});
