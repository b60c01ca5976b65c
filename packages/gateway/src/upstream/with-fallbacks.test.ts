import { AnthropicApiError, isAnthropicApiError } from '@ccp/convert';
import {
  dropMidStream,
  type FakeUpstream,
  hang,
  httpError,
  reply,
  startFakeUpstream,
  streamText,
} from '@ccp/fake-upstream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import { UpstreamClient } from './upstream-client';
import { upstreamTarget } from './upstream-target';
import {
  type Attempt,
  type FallbackDecision,
  formatDecision,
  isRetryableStatus,
  readRetryAfterMs,
  type SendWithFallbacksOptions,
  sendWithFallbacks,
} from './with-fallbacks';

type TestAttempt = Attempt & { baseUrl: string };

let primary: FakeUpstream;
let fallback: FakeUpstream;
let client: UpstreamClient;
const clients: UpstreamClient[] = [];

beforeEach(async () => {
  primary = await startFakeUpstream();
  fallback = await startFakeUpstream();
  client = new UpstreamClient({ timeoutMs: 10_000 });
  clients.push(client);
});

afterEach(async () => {
  for (const each of clients.splice(0)) await each.destroy();
  await primary.close();
  await fallback.close();
});

function attempt(
  upstream: { url: string },
  fallbackIndex: number,
  model = `model-${fallbackIndex}`,
): TestAttempt {
  return {
    model,
    endpointKey: upstream.url,
    rule: fallbackIndex === 0 ? 'tier' : 'fallback',
    fallbackIndex,
    baseUrl: upstream.url,
  };
}

function sender(using: UpstreamClient = client) {
  return (target: TestAttempt, signal: AbortSignal) =>
    using.post(
      upstreamTarget(
        { baseUrl: target.baseUrl, apiKey: 'sk-test', azureApiVersion: undefined, provider: undefined },
        {},
      ),
      JSON.stringify({ model: target.model, messages: [{ role: 'user', content: 'hi' }], stream: false }),
      signal,
    );
}

function harness(overrides: Partial<SendWithFallbacksOptions> = {}) {
  const decisions: FallbackDecision[] = [];
  const sleeps: number[] = [];
  const options: SendWithFallbacksOptions = {
    breaker: new CircuitBreaker({ failureThreshold: 100, openMs: 30_000 }),
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 5_000 },
    signal: new AbortController().signal,
    onDecision: (decision) => decisions.push(decision),
    sleep: async (milliseconds) => {
      sleeps.push(milliseconds);
    },
    random: () => 0.5,
    ...overrides,
  };
  return { options, decisions, sleeps };
}

const outcomes = (decisions: FallbackDecision[]) =>
  decisions.map((decision) => `${decision.target.fallbackIndex}:${decision.outcome}`);

describe('sendWithFallbacks against fake upstreams', () => {
  it('retries a 503 on the same target with growing jittered backoff, draining each failed body', async () => {
    primary.enqueue(httpError(503), httpError(503), reply({ text: 'third time' }));
    const { options, decisions, sleeps } = harness();
    const result = await sendWithFallbacks([attempt(primary, 0), attempt(fallback, 1)], sender(), options);
    expect(result.succeeded).toBe(true);
    expect(result.attempt.fallbackIndex).toBe(0);
    expect(await result.response.body.text()).toContain('third time');
    expect(outcomes(decisions)).toEqual(['0:retry', '0:retry', '0:success']);
    expect(sleeps).toEqual([75, 150]);
    expect(decisions.map((decision) => decision.status)).toEqual([503, 503, 200]);
    expect(fallback.requests).toHaveLength(0);
    // Drained bodies free their keep-alive socket, so all three tries shared one connection.
    expect(primary.openConnections()).toBe(1);
  });

  it('does not leave a socket behind for a failed try with a large error page', async () => {
    const page = `<html><body>${'gateway trouble '.repeat(40_000)}</body></html>`;
    primary.enqueue(httpError(502, page), httpError(502, page), reply({ text: 'recovered' }));
    const { options, decisions } = harness();
    const result = await sendWithFallbacks([attempt(primary, 0)], sender(), options);
    expect(outcomes(decisions)).toEqual(['0:retry', '0:retry', '0:success']);
    expect(await result.response.body.text()).toContain('recovered');
    // An undrained 640 KB body keeps its socket busy forever; drained or destroyed, at most the winner's stays.
    await vi.waitFor(() => expect(primary.openConnections()).toBeLessThanOrEqual(1), { timeout: 4_000 });
  });

  it('waits at least Retry-After seconds on a 429', async () => {
    primary.enqueue(httpError(429, undefined, { 'retry-after': '2' }), reply({ text: 'ok' }));
    const { options, decisions, sleeps } = harness();
    const result = await sendWithFallbacks([attempt(primary, 0)], sender(), options);
    expect(result.succeeded).toBe(true);
    expect(sleeps).toEqual([2000]);
    expect(decisions[0]).toMatchObject({ outcome: 'retry', status: 429, delayMs: 2000 });
  });

  it('moves to the fallback at once when Retry-After is longer than the retry limit', async () => {
    primary.enqueue(httpError(429, undefined, { 'retry-after': '120' }));
    fallback.enqueue(reply({ text: 'from the fallback' }));
    const { options, decisions, sleeps } = harness();
    const result = await sendWithFallbacks([attempt(primary, 0), attempt(fallback, 1)], sender(), options);
    expect(result.attempt.fallbackIndex).toBe(1);
    expect(await result.response.body.text()).toContain('from the fallback');
    expect(sleeps).toEqual([]);
    expect(outcomes(decisions)).toEqual(['0:next-target', '1:success']);
    expect(decisions[0]?.reason).toContain('Retry-After 120 s');
    expect(primary.requests).toHaveLength(1);
  });

  it('falls back when the connection is refused', async () => {
    const dead = await startFakeUpstream();
    const deadUrl = dead.url;
    await dead.close();
    fallback.enqueue(reply({ text: 'alive' }));
    const { options, decisions } = harness({ retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100 } });
    const result = await sendWithFallbacks(
      [attempt({ url: deadUrl }, 0), attempt(fallback, 1)],
      sender(),
      options,
    );
    expect(result.succeeded).toBe(true);
    expect(result.attempt.fallbackIndex).toBe(1);
    expect(outcomes(decisions)).toEqual(['0:retry', '0:next-target', '1:success']);
    expect(decisions[0]?.errorCode).toBe('ECONNREFUSED');
    await result.response.body.dump();
  });

  it('falls back when the upstream never answers within the timeout', async () => {
    const impatient = new UpstreamClient({ timeoutMs: 300 });
    clients.push(impatient);
    primary.enqueue(hang());
    fallback.enqueue(reply({ text: 'in time' }));
    const { options, decisions } = harness({ retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 100 } });
    const result = await sendWithFallbacks(
      [attempt(primary, 0), attempt(fallback, 1)],
      sender(impatient),
      options,
    );
    expect(result.attempt.fallbackIndex).toBe(1);
    expect(outcomes(decisions)).toEqual(['0:next-target', '1:success']);
    expect(decisions[0]?.errorCode).toBe('UND_ERR_HEADERS_TIMEOUT');
    await result.response.body.dump();
  });

  it('does not retry or fall back on a 400, and hands the unread error to the caller', async () => {
    primary.enqueue(httpError(400, { error: { message: 'bad tool schema', type: 'invalid_request_error' } }));
    const { options, decisions } = harness();
    const result = await sendWithFallbacks([attempt(primary, 0), attempt(fallback, 1)], sender(), options);
    expect(result.succeeded).toBe(false);
    expect(result.response.status).toBe(400);
    expect(await result.response.body.text()).toContain('bad tool schema');
    expect(outcomes(decisions)).toEqual(['0:not-retryable']);
    expect(fallback.requests).toHaveLength(0);
  });

  it('treats 408 and 409 as retryable and other 4xx as final', () => {
    expect([408, 409, 429, 500, 502, 503, 504, 529].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 413, 422].some(isRetryableStatus)).toBe(false);
  });

  it('returns the last failure, readable, when every target fails', async () => {
    primary.enqueue(httpError(500), httpError(500));
    fallback.enqueue(
      httpError(502, { error: { message: 'fallback gateway down' } }),
      httpError(502, { error: { message: 'fallback gateway down' } }),
    );
    const { options, decisions } = harness({ retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100 } });
    const result = await sendWithFallbacks([attempt(primary, 0), attempt(fallback, 1)], sender(), options);
    expect(result.succeeded).toBe(false);
    expect(result.attempt.fallbackIndex).toBe(1);
    expect(result.response.status).toBe(502);
    expect(await result.response.body.text()).toContain('fallback gateway down');
    expect(outcomes(decisions)).toEqual(['0:retry', '0:next-target', '1:retry', '1:gave-up']);
    expect(primary.openConnections()).toBeLessThanOrEqual(1);
  });

  it('throws the last network error when the last target cannot be reached', async () => {
    const dead = await startFakeUpstream();
    const deadUrl = dead.url;
    await dead.close();
    const { options } = harness({ retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 100 } });
    await expect(sendWithFallbacks([attempt({ url: deadUrl }, 0)], sender(), options)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('honours x-should-retry: false by moving on', async () => {
    primary.enqueue(httpError(503, undefined, { 'x-should-retry': 'false' }));
    const { options, decisions } = harness();
    const result = await sendWithFallbacks([attempt(primary, 0), attempt(fallback, 1)], sender(), options);
    expect(result.attempt.fallbackIndex).toBe(1);
    expect(outcomes(decisions)).toEqual(['0:next-target', '1:success']);
    await result.response.body.dump();
  });

  it('never retries once a 2xx head arrived, even if the stream then breaks', async () => {
    primary.enqueue(dropMidStream(2));
    const { options, decisions } = harness();
    const result = await sendWithFallbacks([attempt(primary, 0), attempt(fallback, 1)], sender(), options);
    expect(outcomes(decisions)).toEqual(['0:success']);
    await expect(result.response.body.text()).rejects.toThrow();
    expect(fallback.requests).toHaveLength(0);
  });

  it('does not retry or fall back when ccp itself refuses the request while building it', async () => {
    const { options, decisions } = harness();
    const refusing = async (): Promise<never> => {
      throw AnthropicApiError.fromStatus(400, 'tools.3.input_schema: unsupported for this provider');
    };
    await expect(
      sendWithFallbacks([attempt(primary, 0), attempt(fallback, 1)], refusing, options),
    ).rejects.toMatchObject({
      status: 400,
    });
    expect(outcomes(decisions)).toEqual(['0:not-retryable']);
    expect(options.breaker.state(primary.url).consecutiveFailures).toBe(0);
  });

  it('stops waiting and sending when the client goes away during a backoff, freeing the held socket', async () => {
    primary.enqueue(httpError(503, `<html><body>${'overloaded '.repeat(60_000)}</body></html>`));
    const abort = new AbortController();
    let backingOff: () => void = () => {};
    const firstRetry = new Promise<void>((resolve) => {
      backingOff = resolve;
    });
    const { options, decisions } = harness({
      signal: abort.signal,
      retry: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      sleep: undefined,
      onDecision: (decision) => {
        decisions.push(decision);
        if (decision.outcome === 'retry') backingOff();
      },
    });
    const running = sendWithFallbacks([attempt(primary, 0), attempt(fallback, 1)], sender(), options);
    await firstRetry;
    abort.abort(new Error('client disconnected'));
    await expect(running).rejects.toThrow('client disconnected');
    expect(outcomes(decisions)).toEqual(['0:retry']);
    expect(primary.requests).toHaveLength(1);
    expect(fallback.requests).toHaveLength(0);
    // The 600 KB error page held for the caller is destroyed, so its socket closes.
    await vi.waitFor(() => expect(primary.openConnections()).toBe(0), { timeout: 4_000 });
  });
});

describe('sendWithFallbacks with the circuit breaker', () => {
  it('opens on a failing model, skips it, probes it after openMs and closes again', async () => {
    const clock = { now: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 30_000, now: () => clock.now });
    const first = harness({ breaker, now: () => clock.now });
    primary.enqueue(httpError(500), httpError(500));
    const result = await sendWithFallbacks(
      [attempt(primary, 0), attempt(fallback, 1)],
      sender(),
      first.options,
    );
    expect(result.attempt.fallbackIndex).toBe(1);
    expect(outcomes(first.decisions)).toEqual(['0:retry', '0:retry', '0:skipped-circuit-open', '1:success']);
    expect(breaker.state(primary.url, 'model-0').state).toBe('open');
    // The endpoint answered: only the model that failed there is paused.
    expect(breaker.state(primary.url).state).toBe('closed');
    await result.response.body.dump();

    const second = harness({ breaker, now: () => clock.now });
    const skipped = await sendWithFallbacks(
      [attempt(primary, 0), attempt(fallback, 1)],
      sender(),
      second.options,
    );
    expect(outcomes(second.decisions)).toEqual(['0:skipped-circuit-open', '1:success']);
    expect(primary.requests).toHaveLength(2);
    await skipped.response.body.dump();

    clock.now += 30_000;
    const third = harness({ breaker, now: () => clock.now });
    primary.enqueue(reply({ text: 'back up' }));
    const probed = await sendWithFallbacks(
      [attempt(primary, 0), attempt(fallback, 1)],
      sender(),
      third.options,
    );
    expect(outcomes(third.decisions)).toEqual(['0:success']);
    expect(await probed.response.body.text()).toContain('back up');
    expect(breaker.state(primary.url, 'model-0')).toEqual({
      state: 'closed',
      consecutiveFailures: 0,
      retryInMs: 0,
    });
  });

  it('opens an unreachable endpoint for every model, and names the paused targets', async () => {
    const dead = await startFakeUpstream();
    const deadUrl = dead.url;
    await dead.close();
    const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 30_000 });
    const first = harness({ breaker, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 10 } });
    await expect(
      sendWithFallbacks([attempt({ url: deadUrl }, 0, 'one')], sender(), first.options),
    ).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(breaker.state(deadUrl).state).toBe('open');
    const other = harness({ breaker });
    const error = await sendWithFallbacks(
      [attempt({ url: deadUrl }, 0, 'another')],
      sender(),
      other.options,
    ).catch((caught: unknown) => caught);
    expect(outcomes(other.decisions)).toEqual(['0:skipped-circuit-open']);
    expect(other.decisions[0]?.reason).toContain('to reach this endpoint');
    expect(isAnthropicApiError(error) && error.status).toBe(529);
    expect(isAnthropicApiError(error) && error.message).toContain(`another @ ${deadUrl}`);
  });

  it('does not let a client hammering a broken model pause a working model on the same endpoint', async () => {
    // The upstream fails every request for one model name (the client picks it) and serves the others.
    primary.setResponder((request) =>
      (request.body as { model?: string }).model === 'no-such-model'
        ? httpError(500, { error: { message: 'model crashed' } })
        : reply({ text: `served ${(request.body as { model?: string }).model}` }),
    );
    const breaker = new CircuitBreaker({ failureThreshold: 5, openMs: 30_000 });
    const broken = () => harness({ breaker, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 } });
    const hammering = await Promise.all(
      [broken(), broken(), broken()].map((each) =>
        sendWithFallbacks([attempt(primary, 0, 'no-such-model')], sender(), each.options),
      ),
    );
    for (const result of hammering) {
      expect(result.succeeded).toBe(false);
      await result.response.body.dump();
    }
    expect(breaker.state(primary.url, 'no-such-model').state).toBe('open');
    expect(breaker.state(primary.url).state).toBe('closed');

    const good = harness({ breaker });
    const served = await sendWithFallbacks([attempt(primary, 0, 'good-model')], sender(), good.options);
    expect(outcomes(good.decisions)).toEqual(['0:success']);
    expect(await served.response.body.text()).toContain('served good-model');

    // The broken model itself is paused, without reaching the upstream again.
    const sent = primary.requests.length;
    const again = harness({ breaker });
    await expect(
      sendWithFallbacks([attempt(primary, 0, 'no-such-model')], sender(), again.options),
    ).rejects.toMatchObject({ status: 529 });
    expect(outcomes(again.decisions)).toEqual(['0:skipped-circuit-open']);
    expect(again.decisions[0]?.reason).toContain('of this model here');
    expect(primary.requests).toHaveLength(sent);
  });

  it('counts no 4xx answer against anyone, and a timeout waiting for the answer against that model only', async () => {
    const impatient = new UpstreamClient({ timeoutMs: 200 });
    clients.push(impatient);
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 30_000 });
    for (const status of [400, 404, 422]) {
      primary.enqueue(httpError(status));
      const each = harness({ breaker });
      const result = await sendWithFallbacks([attempt(primary, 0, 'unknown-model')], sender(), each.options);
      expect(result.response.status).toBe(status);
      await result.response.body.dump();
    }
    expect(breaker.state(primary.url, 'unknown-model').state).toBe('closed');
    primary.enqueue(hang());
    const slow = harness({ breaker, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 10 } });
    await expect(
      sendWithFallbacks([attempt(primary, 0, 'slow-model')], sender(impatient), slow.options),
    ).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(breaker.state(primary.url, 'slow-model').state).toBe('open');
    expect(breaker.state(primary.url).state).toBe('closed');
    expect(breaker.canAttempt(primary.url, 'fast-model')).toBe(true);
  });

  it('answers 529 with retry-after when every endpoint is paused', async () => {
    const clock = { now: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 10_000, now: () => clock.now });
    breaker.recordFailure(primary.url);
    breaker.recordFailure(fallback.url);
    clock.now += 2_500;
    const { options, decisions } = harness({ breaker });
    const error = await sendWithFallbacks(
      [attempt(primary, 0), attempt(fallback, 1)],
      sender(),
      options,
    ).catch((caught: unknown) => caught);
    expect(isAnthropicApiError(error)).toBe(true);
    if (!isAnthropicApiError(error)) return;
    expect(error.status).toBe(529);
    expect(error.errorType).toBe('overloaded_error');
    expect(error.headers).toEqual({ 'retry-after': '8' });
    expect(error.message).toContain(primary.url);
    expect(outcomes(decisions)).toEqual(['0:skipped-circuit-open', '1:skipped-circuit-open']);
    expect(primary.requests).toHaveLength(0);
  });
});

describe('sendWithFallbacks with a deadline', () => {
  it('gives up on hung upstreams at the deadline, across retries and fallbacks, tearing the try down', async () => {
    const impatient = new UpstreamClient({ timeoutMs: 500 });
    clients.push(impatient);
    primary.setResponder(() => hang());
    fallback.setResponder(() => hang());
    // Without a deadline: 3 tries of at least 0.5 s on each target, over 3 s.
    const { options, decisions } = harness({
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 },
      sleep: undefined,
      deadlineMs: 2_500,
    });
    const startedAt = Date.now();
    const error = await sendWithFallbacks(
      [attempt(primary, 0), attempt(fallback, 1)],
      sender(impatient),
      options,
    ).catch((caught: unknown) => caught);
    const elapsed = Date.now() - startedAt;
    expect(isAnthropicApiError(error) && { status: error.status, type: error.errorType }).toEqual({
      status: 504,
      type: 'timeout_error',
    });
    expect((error as Error).message).toContain('REQUEST_DEADLINE, 2.5 s');
    expect((error as Error).message).toContain('UND_ERR_HEADERS_TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(2_400);
    expect(elapsed).toBeLessThan(4_500);
    expect(decisions.at(-1)?.outcome).toBe('deadline');
    expect(decisions[0]).toMatchObject({ outcome: 'retry', errorCode: 'UND_ERR_HEADERS_TIMEOUT' });
    // The try in flight at the deadline is torn down, not left hanging.
    await primary.waitFor((requests) => requests.every((request) => request.aborted));
    await fallback.waitFor((requests) => requests.every((request) => request.aborted));
  });

  it('does not wait out a backoff that would end after the deadline, and hands back the real failure', async () => {
    primary.enqueue(httpError(503, undefined, { 'retry-after': '2' }));
    const { options, decisions, sleeps } = harness({ deadlineMs: 1_000 });
    const result = await sendWithFallbacks([attempt(primary, 0)], sender(), options);
    expect(result.succeeded).toBe(false);
    expect(result.response.status).toBe(503);
    await result.response.body.dump();
    expect(sleeps).toEqual([]);
    expect(outcomes(decisions)).toEqual(['0:gave-up']);
    expect(decisions[0]?.reason).toContain('no time for another try before the deadline');
  });

  it('stops counting once a head arrives: a body that streams for longer than the deadline is read whole', async () => {
    primary.enqueue(streamText('word '.repeat(40), { fragmentSize: 5, delayMs: 25 }));
    const { options } = harness({ deadlineMs: 300 });
    const startedAt = Date.now();
    const result = await sendWithFallbacks(
      [attempt(primary, 0)],
      (target, signal) =>
        client.post(
          upstreamTarget(
            { baseUrl: target.baseUrl, apiKey: 'sk-test', azureApiVersion: undefined, provider: undefined },
            {},
          ),
          JSON.stringify({ model: target.model, messages: [{ role: 'user', content: 'hi' }], stream: true }),
          signal,
        ),
      options,
    );
    const body = await result.response.body.text();
    expect(Date.now() - startedAt).toBeGreaterThan(600);
    expect(body).toContain('[DONE]');
  });
});

describe('sendWithFallbacks with a deadline on the request’s own controller', () => {
  it('aborts that controller at the deadline and answers the 504, not a cancellation', async () => {
    primary.setResponder(() => hang());
    const request = new AbortController();
    const { options, decisions } = harness({
      signal: request.signal,
      abortOnDeadline: request,
      deadlineMs: 300,
      sleep: undefined,
    });
    const error = await sendWithFallbacks([attempt(primary, 0)], sender(), options).catch(
      (caught: unknown) => caught,
    );
    expect(isAnthropicApiError(error) && error.status).toBe(504);
    expect(decisions.at(-1)?.outcome).toBe('deadline');
    expect(decisions.some((decision) => decision.outcome === 'cancelled')).toBe(false);
    expect(request.signal.aborted).toBe(true);
    expect((request.signal.reason as Error).name).toBe('TimeoutError');
    await primary.waitFor((requests) => requests.length > 0 && requests.every((each) => each.aborted));
  });

  it('still tells a client that left before the deadline from the deadline', async () => {
    primary.setResponder(() => hang());
    const request = new AbortController();
    const { options, decisions } = harness({
      signal: request.signal,
      abortOnDeadline: request,
      deadlineMs: 5_000,
      sleep: undefined,
    });
    setTimeout(() => request.abort(new Error('client disconnected')), 100);
    const error = await sendWithFallbacks([attempt(primary, 0)], sender(), options).catch(
      (caught: unknown) => caught,
    );
    expect(isAnthropicApiError(error)).toBe(false);
    expect(decisions.map((decision) => decision.outcome)).toEqual(['cancelled']);
    await primary.waitFor((requests) => requests.length > 0 && requests.every((each) => each.aborted));
  });
});

describe('readRetryAfterMs and formatDecision', () => {
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(readRetryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(readRetryAfterMs({ 'retry-after': '0.5' }, now)).toBe(500);
    expect(readRetryAfterMs({ 'retry-after': 'Thu, 26 Nov 2026 12:00:07 GMT' }, now)).toBe(7000);
    expect(readRetryAfterMs({ 'retry-after': 'Thu, 26 Nov 2026 11:00:00 GMT' }, now)).toBe(0);
    expect(readRetryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(readRetryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(readRetryAfterMs({}, now)).toBeUndefined();
  });

  it('formats a decision as one log line', () => {
    expect(
      formatDecision({
        attempt: 2,
        target: { model: 'gpt-4o', endpointKey: 'https://api.openai.com/v1', fallbackIndex: 1 },
        rule: 'fallback',
        outcome: 'retry',
        status: 503,
        delayMs: 420,
        reason: 'HTTP 503',
      }),
    ).toBe('fallback #1 gpt-4o @ https://api.openai.com/v1 (fallback), try 2: HTTP 503 → retry in 420 ms');
  });
});
