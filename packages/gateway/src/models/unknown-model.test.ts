import { createCatalog, loadShippedCatalog } from '@ccp/catalog';
import { resolveSettings } from '@ccp/config';
import { type FakeUpstream, reply, startFakeUpstream } from '@ccp/fake-upstream';
import type { RequestEventInput } from '@ccp/feed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type GatewayLogLevel } from '../gateway';
import { UpstreamClient } from '../upstream/upstream-client';
import { sendMessage } from '../../test/send-message';

const catalog = createCatalog((await loadShippedCatalog()).models);

let upstream: FakeUpstream;
let client: UpstreamClient;
beforeAll(async () => {
  upstream = await startFakeUpstream({ record: true });
  client = new UpstreamClient({ timeoutMs: 10_000 });
});
afterAll(async () => {
  await client.close();
  await upstream.close();
});

describe('a request routed to a model the catalog does not list', () => {
  it('is served, its cost and window are unknown, and the log says why once', async () => {
    const logs: [GatewayLogLevel, string][] = [];
    const events: RequestEventInput[] = [];
    const gateway = createGateway({
      settings: resolveSettings({
        PROVIDER_BASE_URL: upstream.url,
        PROVIDER_API_KEY: 'sk-test',
        BIG_MODEL: 'gpt-5.3',
      }),
      catalog,
      upstream: client,
      publish: (event) => events.push(event),
      log: (level, message) => logs.push([level, message]),
    });
    for (let index = 0; index < 2; index += 1) {
      upstream.enqueue(reply({ text: 'done', usage: { promptTokens: 900_000, completionTokens: 10 } }));
      const answer = await sendMessage(gateway, {
        model: 'claude-opus-4-5',
        max_tokens: 64_000,
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(answer.status).toBe(200);
    }
    // No limit is known, so the client's max_tokens goes upstream unclamped.
    expect(
      upstream.requests.map(
        (request) => (request.body as { max_completion_tokens?: number }).max_completion_tokens,
      ),
    ).toEqual([64_000, 64_000]);
    const notices = logs.filter(([, message]) => message.includes('not in the model catalog'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.[0]).toBe('warn');
    expect(notices[0]?.[1]).toMatch(/^gpt-5\.3 @openai .*family openai-reasoning.*context window unknown/);
    const start = events.find((event) => event.type === 'request-start');
    const end = events.find((event) => event.type === 'request-end');
    expect(start && 'contextWindow' in start ? start.contextWindow : 'missing').toBeNull();
    expect(end && 'costUsd' in end ? end.costUsd : 'missing').toBeNull();
  });
});
