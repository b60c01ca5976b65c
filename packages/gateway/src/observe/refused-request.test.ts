import { type CatalogModel, createCatalog } from '@ccp/catalog';
import { resolveSettings } from '@ccp/config';
import { AnthropicApiError } from '@ccp/convert';
import { afterAll, describe, expect, it } from 'vitest';
import { createGateway } from '../gateway';
import { UpstreamClient } from '../upstream/upstream-client';
import type { RequestEnd, RequestObserver, RequestStart } from './request-observer';
import { messagesCall } from '../../test/send-message';

type Observed = { start: RequestStart; ends: RequestEnd[] };

const observed: Observed[] = [];
const recorder: RequestObserver = {
  begin(start) {
    const entry: Observed = { start, ends: [] };
    observed.push(entry);
    return { phase() {}, usage() {}, end: (result) => entry.ends.push(result) };
  },
};
const smallWindow: CatalogModel = {
  id: 'test/small-window',
  name: 'Small window',
  provider: 'test',
  source: 'openrouter',
  pricing: { inputPerMillion: 1, outputPerMillion: 1, cacheReadPerMillion: null, cacheWritePerMillion: null },
  contextWindow: 4096,
  maxOutput: 1024,
  reasoning: false,
  vision: false,
  tools: true,
  free: false,
  local: false,
  endpoint: 'https://example.invalid/v1',
};
// Nothing listens there: every test here ends before the upstream would be called.
const upstream = new UpstreamClient({ timeoutMs: 1000 });
const gateway = createGateway({
  settings: resolveSettings({
    PROVIDER_BASE_URL: 'http://127.0.0.1:9/v1',
    PROVIDER_API_KEY: 'sk-test-refusals',
    SMALL_MODEL: smallWindow.id,
  }),
  // The context guard knows the small model's window, and refuses a prompt larger than it.
  catalog: createCatalog([smallWindow]),
  upstream,
  observers: [recorder],
});
afterAll(() => upstream.close());

function call(body: string, requestId: string) {
  return messagesCall(body, { headers: { 'x-claude-code-session-id': 'session-7' }, userId: 'usr_1', requestId });
}

async function refusedBy(body: string, requestId: string) {
  const error = await gateway.handle(call(body, requestId)).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(AnthropicApiError);
  const entry = observed.find((candidate) => candidate.start.requestId === requestId);
  if (!entry) throw new Error(`${requestId} was not observed`);
  return { error: error as AnthropicApiError, entry };
}

describe('requests refused before they are routed', () => {
  it('are observed by handle as a start and an end with the error, once', async () => {
    const { error, entry } = await refusedBy(
      JSON.stringify({ model: 'claude-sonnet-4-5', messages: [] }),
      'req_a',
    );
    expect(error.status).toBe(400);
    expect(entry.start).toMatchObject({
      requestId: 'req_a',
      userId: 'usr_1',
      sessionId: 'session-7',
      claudeModel: 'unknown',
      endpoint: '',
      route: null,
    });
    expect(entry.ends).toHaveLength(1);
    expect(entry.ends[0]).toMatchObject({
      status: 400,
      errorType: 'invalid_request_error',
      errorMessage: error.message,
      refused: true,
      inputTokens: 0,
      costUsd: null,
    });
  });

  it('name the model and the stream flag when the body was read that far', async () => {
    const { error, entry } = await refusedBy(
      JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'word '.repeat(8000) }],
      }),
      'req_b',
    );
    expect(error.message).toMatch(/^prompt is too long: \d+ tokens > \d+ maximum$/);
    expect(entry.start).toMatchObject({ claudeModel: 'claude-haiku-4-5', streamed: true, endpoint: '' });
    expect(entry.ends).toEqual([expect.objectContaining({ status: 400, refused: true })]);
  });

  it('are told apart from a body that is not JSON, which names no model', async () => {
    const { entry } = await refusedBy('not json', 'req_b2');
    expect(entry.start).toMatchObject({ claudeModel: 'unknown', streamed: false });
    expect(entry.ends[0]).toMatchObject({ status: 400, errorType: 'invalid_request_error', refused: true });
  });

  it('are recorded through reject for refusals made in front of the gateway, any failure as a 500', () => {
    const refusal = gateway.reject(
      { requestId: 'req_c', userId: null, startedAt: Date.now() - 5, header: () => null },
      AnthropicApiError.fromStatus(401, 'Invalid API key.'),
    );
    expect(refusal.status).toBe(401);
    const unexpected = gateway.reject(
      { requestId: 'req_d', userId: 'usr_2', startedAt: Date.now(), header: () => null },
      new Error('database is locked'),
    );
    expect(unexpected).toMatchObject({ status: 500, errorType: 'api_error' });
    expect(unexpected.message).not.toContain('database');
    const [first, second] = ['req_c', 'req_d'].map((id) =>
      observed.find((entry) => entry.start.requestId === id),
    );
    expect(first?.ends).toEqual([
      expect.objectContaining({ status: 401, errorType: 'authentication_error', refused: true }),
    ]);
    expect(first?.ends[0]?.totalMs).toBeGreaterThanOrEqual(5);
    expect(second?.start.userId).toBe('usr_2');
    expect(second?.ends[0]).toMatchObject({ status: 500, errorType: 'api_error' });
  });

  it('are not observed twice when they fail after routing', async () => {
    // A valid request goes upstream, finds nothing listening and ends once, not refused.
    const before = observed.length;
    await gateway
      .handle(
        call(
          JSON.stringify({
            model: 'claude-sonnet-4-5',
            max_tokens: 5,
            messages: [{ role: 'user', content: 'x' }],
          }),
          'req_e',
        ),
      )
      .catch(() => undefined);
    const mine = observed.slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.ends).toHaveLength(1);
    expect(mine[0]?.ends[0]?.refused).toBeUndefined();
    expect(mine[0]?.start.endpoint).not.toBe('');
  });
});
