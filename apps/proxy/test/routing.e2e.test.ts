import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CatalogModel, createCatalog } from '@ccp/catalog';
import { type Environment, resolveRoutingSettings, resolveSettings } from '@ccp/config';
import { type FakeUpstream, httpError, reply, startFakeUpstream } from '@ccp/fake-upstream';
import { type Meter, openMeter, type RequestRow } from '@ccp/metering';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from '../src/server';
import { CircuitBreaker } from '@ccp/gateway';

const capture = JSON.parse(
  readFileSync(new URL('../bench/__fixtures__/claude-code-first-turn.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function model(id: string, contextWindow: number, maxOutput: number, vision: boolean): CatalogModel {
  return {
    id,
    name: id,
    provider: 'test',
    source: 'openrouter',
    pricing: { inputPerMillion: null, outputPerMillion: null, cacheReadPerMillion: null, cacheWritePerMillion: null },
    contextWindow,
    maxOutput,
    reasoning: false,
    vision,
    tools: true,
    free: false,
    local: false,
    endpoint: 'https://example.invalid/v1',
  };
}

const catalog = createCatalog([
  model('tiny-model', 8_192, 2_048, false),
  model('big-model', 200_000, 32_000, false),
  model('vision-model', 128_000, 8_000, true),
]);

type Stack = { primary: FakeUpstream; backup: FakeUpstream; proxy: RunningProxy; logs: string[]; meter: Meter };
const stacks: Stack[] = [];
const folders: string[] = [];

afterEach(async () => {
  for (const stack of stacks.splice(0)) {
    await stack.proxy.close();
    await stack.primary.close();
    await stack.backup.close();
    await stack.meter.close();
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function startStack(env: Environment = {}): Promise<Stack> {
  const primary = await startFakeUpstream();
  const backup = await startFakeUpstream();
  const environment: Environment = {
    PROVIDER_BASE_URL: primary.url,
    PROVIDER_API_KEY: 'sk-primary',
    BIG_MODEL: 'big-model',
    MIDDLE_MODEL: 'big-model',
    SMALL_MODEL: 'tiny-model',
    ENDPOINT_BACKUP_URL: backup.url,
    ENDPOINT_BACKUP_API_KEY: 'sk-backup',
    RETRY_BASE_DELAY_MS: '1',
    RETRY_MAX_DELAY_MS: '50',
    PORT: '0',
    ...env,
  };
  const settings = resolveSettings(environment);
  // Throws a SettingsError on any problem.
  const routing = resolveRoutingSettings(environment);
  const logs: string[] = [];
  const breaker = new CircuitBreaker(routing.breaker);
  const folder = mkdtempSync(join(tmpdir(), 'ccp-routing-'));
  folders.push(folder);
  const meter = await openMeter({ url: `file:${join(folder, 'metering.db')}` });
  const proxy = await startProxy({
    settings,
    catalog,
    routing,
    breaker,
    meter,
    log: (level, message) => logs.push(`${level} ${message}`),
  });
  const stack = { primary, backup, proxy, logs, meter };
  stacks.push(stack);
  return stack;
}

async function post(stack: Stack, body: Record<string, unknown>) {
  const response = await fetch(`${stack.proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const small = (overrides: Record<string, unknown> = {}) => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'hello' }],
  ...overrides,
});

const upstreamModels = (upstream: FakeUpstream) =>
  upstream.requests.map((request) => (request.body as { model?: string }).model);

describe('routing, wired into the proxy', () => {
  it('falls back to the next endpoint when the tier endpoint keeps failing', async () => {
    const stack = await startStack({ RETRY_MAX_ATTEMPTS: '2', MIDDLE_FALLBACK_MODELS: 'backup,rescue-model' });
    stack.primary.enqueue(httpError(503), httpError(503));
    stack.backup.enqueue(reply({ text: 'rescued' }));
    const answer = await post(stack, small());
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).content[0].text).toBe('rescued');
    expect(upstreamModels(stack.primary)).toEqual(['big-model', 'big-model']);
    expect(upstreamModels(stack.backup)).toEqual(['rescue-model']);
    expect(stack.backup.requests[0]?.headers.authorization).toBe('Bearer sk-backup');
    expect(stack.logs.join('\n')).toContain('fallback #1 rescue-model');

    await stack.meter.flush();
    const rows: RequestRow[] = [];
    for await (const row of stack.meter.exportRows(1)) rows.push(row);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      claudeModel: 'claude-sonnet-4-5',
      routedModel: 'rescue-model',
      endpoint: stack.backup.url,
      route: 'middle+fallback#1',
      status: 200,
    });
  });

  it('streams the real Claude Code turn after a 429 with Retry-After', async () => {
    const stack = await startStack();
    stack.primary.enqueue(httpError(429, undefined, { 'retry-after': '0' }), reply({ text: 'streamed' }));
    const answer = await post(stack, { ...capture, max_tokens: 16_000 });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('event: message_stop');
    expect(stack.primary.requests).toHaveLength(2);
  });

  it('answers the context overflow in the words Claude Code compacts on', async () => {
    const stack = await startStack();
    const answer = await post(stack, { ...capture, model: 'claude-haiku-4-5' });
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text);
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^prompt is too long: \d+ tokens > 7168 maximum$/);
    expect(stack.primary.requests).toHaveLength(0);
  });

  it('clamps max_tokens to the routed model max output', async () => {
    const stack = await startStack();
    const answer = await post(stack, small({ max_tokens: 128_000 }));
    expect(answer.status).toBe(200);
    const sent = stack.primary.requests[0]?.body as { max_tokens?: number; max_completion_tokens?: number };
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(32_000);
  });

  it('sends a long prompt to LONG_CONTEXT_MODEL', async () => {
    const stack = await startStack({ LONG_CONTEXT_MODEL: 'backup,long-model', LONG_CONTEXT_THRESHOLD: '5000' });
    const answer = await post(stack, { ...capture, model: 'claude-haiku-4-5', stream: false });
    expect(answer.status).toBe(200);
    expect(upstreamModels(stack.backup)).toEqual(['long-model']);
    expect(stack.primary.requests).toHaveLength(0);
  });

  it('sends images to IMAGE_MODEL when the tier model has no vision', async () => {
    const stack = await startStack({ IMAGE_MODEL: 'backup,vision-model' });
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } };
    const answer = await post(stack, small({ messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, image] }] }));
    expect(answer.status).toBe(200);
    expect(upstreamModels(stack.backup)).toEqual(['vision-model']);
  });

  it('honours an explicit endpoint,model and explains an unknown endpoint', async () => {
    const stack = await startStack();
    expect((await post(stack, small({ model: 'backup,explicit-model' }))).status).toBe(200);
    expect(upstreamModels(stack.backup)).toEqual(['explicit-model']);
    const unknown = await post(stack, small({ model: 'nowhere,some-model' }));
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).error.message).toContain('ENDPOINT_NOWHERE_URL');
  });

  it('skips a dead endpoint once its circuit is open', async () => {
    const stack = await startStack({
      RETRY_MAX_ATTEMPTS: '1',
      CIRCUIT_BREAKER_THRESHOLD: '1',
      MIDDLE_FALLBACK_MODELS: 'backup,rescue-model',
    });
    stack.primary.enqueue(httpError(500));
    expect((await post(stack, small())).status).toBe(200);
    expect((await post(stack, small())).status).toBe(200);
    expect(stack.primary.requests).toHaveLength(1);
    expect(upstreamModels(stack.backup)).toEqual(['rescue-model', 'rescue-model']);
    expect(stack.logs.join('\n')).toContain('skipped-circuit-open');
  });

  it('does not let a client hammering a broken model name deny a working model on the same endpoint', async () => {
    // Default retries (3 tries) and breaker (opens after 5 failures in a row).
    const stack = await startStack();
    const modelOf = (request: { body: unknown }) => (request.body as { model?: string }).model;
    stack.primary.setResponder((request) =>
      modelOf(request) === 'broken-model'
        ? httpError(500, { error: { message: 'this model crashed' } })
        : reply({ text: `served by ${modelOf(request)}` }),
    );
    const hammering = await Promise.all([
      post(stack, small({ model: 'broken-model' })),
      post(stack, small({ model: 'broken-model' })),
    ]);
    expect(hammering.map((answer) => answer.status)).toEqual([500, 500]);
    const broken = () => upstreamModels(stack.primary).filter((model) => model === 'broken-model').length;
    expect(broken()).toBeGreaterThanOrEqual(5);
    // Every tier still works on the same endpoint.
    for (const claudeModel of ['claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5']) {
      const answer = await post(stack, small({ model: claudeModel }));
      expect(answer.status, claudeModel).toBe(200);
      expect(answer.text).toContain('served by');
    }
    // The broken model alone is paused: refused at once, without reaching the upstream.
    const sent = broken();
    const paused = await post(stack, small({ model: 'broken-model' }));
    expect(paused.status).toBe(529);
    expect(JSON.parse(paused.text).error.message).toContain('broken-model @');
    expect(broken()).toBe(sent);
    expect(stack.logs.join('\n')).toContain('skipped-circuit-open');
  });

  it('passes the last upstream error on when every target fails', async () => {
    const stack = await startStack({ RETRY_MAX_ATTEMPTS: '1', MIDDLE_FALLBACK_MODELS: 'backup,rescue-model' });
    stack.primary.enqueue(httpError(503));
    stack.backup.enqueue(httpError(429, undefined, { 'retry-after': '30' }));
    const answer = await post(stack, small());
    expect(answer.status).toBe(429);
    expect(JSON.parse(answer.text).error.type).toBe('rate_limit_error');
  });
});
