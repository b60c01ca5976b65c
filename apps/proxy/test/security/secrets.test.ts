import {
  garbage,
  httpError,
  midStreamError,
  nonJson,
  reply,
  type Scenario,
  startFakeUpstream,
} from '@ccp/fake-upstream';
import { afterAll, describe, expect, it } from 'vitest';
import { messagesBody } from '../support/anthropic-wire';
import { startProxyProcess } from '../support/proxy-process';
import { type Stack, startStack } from '../support/start-stack';

// Keys never leave the proxy: not in logs (even at debug), not in the feed, not in the error
// bodies it sends back, even when the upstream echoes them in its own errors.

const PROXY_KEY = 'ccp-client-key-5e1d2c3b4a69';
const UPSTREAM_KEY = 'sk-upstream-secret-0123456789';
/** A provider key in no well-known format: pattern-based masking cannot recognise it. */
const PLAIN_UPSTREAM_KEY = 'correct-horse-battery-staple-42';

/** Upstream answers that repeat the key they were sent, the way real providers do. */
function echoingScenarios(key: string): Array<[string, Scenario]> {
  return [
    [
      'a 401 quoting the key',
      httpError(401, {
        error: {
          message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      }),
    ],
    [
      'a 400 echoing the Authorization header',
      httpError(400, {
        error: { message: `Bad header: Authorization: Bearer ${key}`, type: 'invalid_request_error' },
      }),
    ],
    [
      'a 403 with the key as a JSON field',
      httpError(403, {
        error: { message: 'Forbidden', api_key: key, headers: { authorization: `Bearer ${key}` } },
      }),
    ],
    ['a 502 HTML page with the key', httpError(502, `<html><body>upstream auth ${key} failed</body></html>`)],
    ['a 500 plain text with the key', httpError(500, `internal error while using key ${key}`)],
    [
      'a mid-stream error quoting the key',
      midStreamError(1, { message: `key ${key} was revoked`, code: 401 }),
    ],
    ['a garbage stream line with the key', garbage([`Authorization: Bearer ${key}`, `api_key=${key}`])],
    ['a 200 HTML page with the key', nonJson(`<html>${key}</html>`)],
  ];
}

type Exposure = { where: string; text: string };

function findLeaks(exposures: Exposure[], secrets: string[]): string[] {
  const leaks: string[] = [];
  for (const { where, text } of exposures) {
    for (const secret of secrets) {
      // A long enough piece of a key is as bad as the whole key.
      const pieces = [secret, secret.slice(0, 16), secret.slice(-16)];
      if (pieces.some((piece) => text.includes(piece))) leaks.push(`${where}: ${text.slice(0, 300)}`);
    }
  }
  return leaks;
}

async function exercise(stack: Stack, key: string, clientKey: string): Promise<Exposure[]> {
  const exposures: Exposure[] = [];
  const send = async (label: string, body: Record<string, unknown>, headers: Record<string, string>) => {
    const response = await fetch(`${stack.proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    exposures.push({ where: `${label} → ${response.status} body`, text });
    exposures.push({ where: `${label} → headers`, text: JSON.stringify([...response.headers]) });
  };
  for (const streamed of [false, true]) {
    stack.upstream.enqueue(reply({ text: 'fine' }));
    await send(`success (stream ${streamed})`, messagesBody('ok', { stream: streamed }), {
      'x-api-key': clientKey,
    });
    for (const [label, scenario] of echoingScenarios(key)) {
      stack.upstream.enqueue(scenario);
      await send(`${label} (stream ${streamed})`, messagesBody('echo', { stream: streamed }), {
        authorization: `Bearer ${clientKey}`,
      });
    }
    // A client presenting a wrong key that happens to be the upstream key.
    await send('wrong client key', messagesBody('wrong', { stream: streamed }), { 'x-api-key': key });
  }
  return exposures;
}

describe('keys never reach logs, the feed or error bodies', { timeout: 30_000 }, () => {
  const stacks: Stack[] = [];
  afterAll(async () => {
    for (const stack of stacks) await stack.close();
  }, 30_000);

  async function checkNoLeaks(key: string) {
    const stack = await startStack({ PROXY_AUTH_KEY: PROXY_KEY, PROVIDER_API_KEY: key, LOG_LEVEL: 'debug' });
    stacks.push(stack);
    const feedEvents: unknown[] = [];
    const unsubscribe = stack.proxy.feed.subscribe((event) => feedEvents.push(event));
    const exposures = await exercise(stack, key, PROXY_KEY);
    unsubscribe();
    // The upstream did get the key: the test is meaningful only if the proxy had it to leak.
    expect(stack.upstream.requests.some((request) => request.headers.authorization === `Bearer ${key}`)).toBe(
      true,
    );
    expect(feedEvents.length).toBeGreaterThan(10);
    exposures.push({ where: 'logs', text: stack.logs.join('\n') });
    exposures.push({ where: 'feed', text: JSON.stringify(feedEvents) });
    expect(findLeaks(exposures, [key, PROXY_KEY])).toEqual([]);
  }

  it('with an sk- upstream key', async () => {
    await checkNoLeaks(UPSTREAM_KEY);
  });

  // KNOWN BUG (reported to the lead): masking is by pattern (redactSecrets), so a provider key in
  // no well-known format that the upstream echoes in its error ("Incorrect API key provided: …")
  // reaches the client's error body and the feed's request-error event (401/500/502 bodies and
  // mid-stream errors). Fix: also mask the configured key values themselves (every endpoint's
  // apiKey, PROXY_AUTH_KEY, ADMIN_KEY) wherever upstream text is quoted. Drop `.fails` once fixed.
  it('with an upstream key in no known format', async () => {
    await checkNoLeaks(PLAIN_UPSTREAM_KEY);
  });
});

describe('the proxy process at LOG_LEVEL=debug', { timeout: 30_000 }, () => {
  it('writes no key to stdout or stderr across successes, echoed upstream errors and network failures', async () => {
    const upstream = await startFakeUpstream();
    const proxy = await startProxyProcess({
      PROVIDER_BASE_URL: upstream.url,
      PROVIDER_API_KEY: UPSTREAM_KEY,
      PROXY_AUTH_KEY: PROXY_KEY,
      BIG_MODEL: 'big-model',
      MIDDLE_MODEL: 'middle-model',
      SMALL_MODEL: 'small-model',
      LOG_LEVEL: 'debug',
    });
    try {
      const bodies: Exposure[] = [];
      const send = async (label: string, body: Record<string, unknown>, headers: Record<string, string>) => {
        const response = await fetch(`${proxy.url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
        bodies.push({ where: `${label} → ${response.status}`, text: await response.text() });
      };
      for (const streamed of [false, true]) {
        upstream.enqueue(reply({ text: 'fine' }));
        await send('success', messagesBody('ok', { stream: streamed }), { 'x-api-key': PROXY_KEY });
        for (const [label, scenario] of echoingScenarios(UPSTREAM_KEY)) {
          upstream.enqueue(scenario);
          await send(label, messagesBody('echo', { stream: streamed }), { 'x-api-key': PROXY_KEY });
        }
        await send('wrong key', messagesBody('wrong', { stream: streamed }), { 'x-api-key': UPSTREAM_KEY });
      }
      // Network failure: the upstream goes away, and the proxy reports it.
      await upstream.close();
      await send('network error', messagesBody('down'), { 'x-api-key': PROXY_KEY });
      expect(bodies.at(-1)?.where).toMatch(/→ 5\d\d$/);
      expect(await proxy.stop()).toBe(0);
      const output = proxy.lines().join('\n');
      // Debug logging is on and it did log the requests: the check below is not vacuous.
      expect(output.length).toBeGreaterThan(200);
      expect(
        findLeaks([...bodies, { where: 'process output', text: output }], [UPSTREAM_KEY, PROXY_KEY]),
      ).toEqual([]);
    } finally {
      await proxy.stop();
      await upstream.close().catch(() => undefined);
    }
  }, 60_000);
});
