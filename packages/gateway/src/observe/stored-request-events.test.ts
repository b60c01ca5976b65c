import { resolveSettings } from '@ccp/config';
import {
  activityFeed,
  analyticsPanel,
  createRequestLedger,
  reduceRequestLedger,
} from '@ccp/dashboard-modules';
import { httpError, reply, streamText, type FakeUpstream, startFakeUpstream } from '@ccp/fake-upstream';
import { type FeedEvent, type RequestEvent, type RequestEventInput, parseFeedEvent } from '@ccp/feed';
import { type Meter, openMeter } from '@ccp/metering';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../gateway';
import { UpstreamClient } from '../upstream/upstream-client';
import { storedRequestEvents } from './stored-request-events';
import { sendMessage } from '../../test/send-message';

let upstream: FakeUpstream;
let meter: Meter;
let client: UpstreamClient;
let gateway: Gateway;
const published: RequestEventInput[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream();
  meter = await openMeter({ url: ':memory:', flushIntervalMs: 60_000 });
  client = new UpstreamClient({ timeoutMs: 10_000 });
  gateway = createGateway({
    settings: resolveSettings({ PROVIDER_BASE_URL: upstream.url, PROVIDER_API_KEY: 'sk-upstream-test' }),
    upstream: client,
    meter,
    publish: (event) => published.push(event),
  });
});
afterAll(async () => {
  await client.close();
  await meter.close();
  await upstream.close();
});

async function send(model: string, stream: boolean, session: string): Promise<number> {
  const body = { model, max_tokens: 50, stream, messages: [{ role: 'user', content: 'hello' }] };
  return (await sendMessage(gateway, body, { headers: { 'x-claude-code-session-id': session } })).status;
}

const numbered = (events: RequestEventInput[]): RequestEvent[] =>
  events.map((event, index) => {
    const parsed = parseFeedEvent({ ...event, seq: index + 1 });
    if (!parsed || parsed.type === 'stats-snapshot')
      throw new Error(`Not a feed event: ${JSON.stringify(event)}`);
    return parsed;
  });

const fold = <State>(
  module: { initialState(): State; reduce(state: State, event: FeedEvent): State },
  events: FeedEvent[],
) => events.reduce(module.reduce, module.initialState());

describe('storedRequestEvents', () => {
  it('turns stored requests back into the events the dashboards showed when they were live', async () => {
    upstream.enqueue(
      streamText('A streamed answer.', {
        fragmentSize: 4,
        delayMs: 2,
        usage: { promptTokens: 900, completionTokens: 40 },
      }),
    );
    expect(await send('claude-opus-4-8', true, 'aaaa1111-stored')).toBe(200);
    upstream.enqueue(reply({ text: 'A whole answer.', usage: { promptTokens: 300, completionTokens: 12 } }));
    expect(await send('claude-haiku-4-5', false, 'bbbb2222-stored')).toBe(200);
    upstream.enqueue(httpError(429, undefined, { 'retry-after': '1' }));
    expect(await send('claude-sonnet-4-6', false, 'aaaa1111-stored')).toBe(429);
    // The non-streamed answer is recorded just after it is sent.
    await new Promise((resolve) => setImmediate(resolve));
    await meter.flush();

    const rows = await meter.recentRequests({ since: 0, limit: 200 });
    expect(rows).toHaveLength(3);
    const stored = numbered(rows.flatMap(storedRequestEvents));
    const live = numbered(published);

    const liveTotals = fold(analyticsPanel, live).totals;
    expect(liveTotals).toMatchObject({ requests: 3, succeeded: 2, failed: 1, active: 0 });
    expect(fold(analyticsPanel, stored).totals).toEqual(liveTotals);

    // Each request as the ledger holds it: same outcome, duration, tokens and models.
    const ledgerOf = (events: FeedEvent[]) => events.reduce(reduceRequestLedger, createRequestLedger(10));
    const [fromStore, fromLive] = [ledgerOf(stored), ledgerOf(live)];
    expect(fromStore.order).toEqual(fromLive.order);
    for (const requestId of fromLive.order) {
      const was = fromLive.records.get(requestId);
      const is = fromStore.records.get(requestId);
      expect(is?.status).toBe(was?.status);
      expect(is?.start).toMatchObject({
        sessionId: was?.start.sessionId,
        claudeModel: was?.start.claudeModel,
        routedModel: was?.start.routedModel,
        startedAt: was?.start.startedAt,
      });
      expect(is?.end ?? null).toEqual(
        was?.end ? { ...was.end, stopReason: null, seq: is?.end?.seq, at: is?.end?.at } : null,
      );
      expect(is?.error?.message ?? 'none').toMatch(was?.error ? /message not stored/ : /none/);
      expect(is?.error ? [is.error.status, is.error.errorType, is.error.durationMs] : null).toEqual(
        was?.error ? [was.error.status, was.error.errorType, was.error.durationMs] : null,
      );
      // Phases begin in order, within the request's time.
      const times = is?.phases.map((phase) => phase.at) ?? [];
      expect(times).toEqual([...times].sort((left, right) => left - right));
      const finishedAt = (is?.start.startedAt ?? 0) + (is?.end?.durationMs ?? is?.error?.durationMs ?? 0);
      for (const at of times) expect(at).toBeLessThanOrEqual(finishedAt);
      expect(is?.phases.map((phase) => phase.phase).slice(0, 3)).toEqual(['parse', 'route', 'send']);
    }

    const now = Math.max(...rows.map((row) => row.startedAt + row.totalMs)) + 1000;
    const render = (events: FeedEvent[]) =>
      activityFeed.renderDense(fold(activityFeed, events), { width: 120, height: 20, color: false, now });
    expect(render(stored)).toEqual(render(live));
  });
});
