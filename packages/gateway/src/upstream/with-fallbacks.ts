import { AnthropicApiError, isAnthropicApiError } from '@ccp/convert';
import type { CircuitBreaker } from './circuit-breaker';

/** What `UpstreamClient.post` returns; a failed attempt's body is drained so its socket is reused. */
export type UpstreamResponseLike = {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: { destroy(error?: Error): unknown; dump?: (options?: { limit: number }) => Promise<void> };
};

/** One target to try: a model at an endpoint. Callers extend it with what `send` needs (endpoint settings). */
export type Attempt = {
  model: string;
  /** Breaker key and what logs show: the endpoint as `describeEndpoint` prints it, never with credentials. */
  endpointKey: string;
  /** What chose this target: `tier`, a task rule (`long-context`, …) or `explicit`. */
  rule: string;
  /** 0 for the primary target, 1… for the fallbacks in order. */
  fallbackIndex: number;
};

export type RetryPolicy = {
  /** Tries per target, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Longest wait between tries; a `Retry-After` longer than this moves on to the next target instead. */
  maxDelayMs: number;
};

export type FallbackOutcome =
  /** A 2xx head: the caller streams it and never retries. */
  | 'success'
  /** A 4xx that retrying cannot fix (400, 401, 403, 404, 413, 422…): handed to the caller as is. */
  | 'not-retryable'
  /** Failed; the same target is tried again after `delayMs`. */
  | 'retry'
  /** Failed; the next target is tried. */
  | 'next-target'
  /** Not sent: the endpoint's circuit, or this model's there, is open. */
  | 'skipped-circuit-open'
  /** Failed, and no target is left: the caller gets this failure. */
  | 'gave-up'
  /** The client went away; nothing more is tried. */
  | 'cancelled'
  /** The request's deadline passed before any target answered; nothing more is tried. */
  | 'deadline';

export type FallbackDecision = {
  /** Sends so far, this one included (a skipped target does not count). */
  attempt: number;
  target: { model: string; endpointKey: string; fallbackIndex: number };
  rule: string;
  outcome: FallbackOutcome;
  status?: number;
  /** Network failure code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`…). */
  errorCode?: string;
  delayMs?: number;
  /** One short line for the log and the feed. */
  reason: string;
};

export type SendWithFallbacksOptions = {
  breaker: CircuitBreaker;
  retry: RetryPolicy;
  /** Aborted when the client goes away: stops waiting and sending at once. */
  signal: AbortSignal;
  /**
   * Longest wait for a response head over every try and fallback, from the first send. When it
   * passes, the try in flight is torn down and a 504 `timeout_error` is thrown; a backoff that
   * would end after it is not waited for. It stops counting once a 2xx head arrives: the body
   * that follows is bounded by the upstream client's own timeout between chunks. Default none.
   */
  deadlineMs?: number;
  /**
   * The controller behind `signal`, when it belongs to this request alone: the deadline then
   * aborts it instead of a controller of its own that follows `signal` (one controller, listener
   * and closure fewer per request). After a deadline, `signal` is aborted too.
   */
  abortOnDeadline?: AbortController;
  onDecision?: (decision: FallbackDecision) => void;
  /** Injectable for tests; default an abortable `setTimeout`. */
  sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  /** Injectable for tests; default `Math.random`. */
  random?: () => number;
  /** Injectable for `Retry-After` HTTP dates; default `Date.now`. */
  now?: () => number;
};

export type FallbackResult<A extends Attempt, R extends UpstreamResponseLike> = {
  /** A 2xx head, or (when `succeeded` is false) a 4xx/5xx for the caller to map as usual. */
  response: R;
  /** The target that produced `response`. */
  attempt: A;
  succeeded: boolean;
  decisions: FallbackDecision[];
};

/** Statuses worth another try: timeout, conflict, rate limit and every 5xx (529 included). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Gets a successful response head from the first target that gives one: the primary with
 * retries (exponential backoff with jitter, at least the `Retry-After` the upstream asked for),
 * then each fallback, on 408/409/429/5xx, timeouts and refused or reset connections. Targets
 * whose endpoint or model circuit is open are skipped: an unreachable endpoint pauses it for
 * every model, a failing answer pauses only that model there (see {@link CircuitBreaker}). It only covers the time before the response head: once it
 * returns a 2xx the caller streams and must never retry. Every decision goes to `onDecision`.
 *
 * Returns the winner, or the last HTTP failure (`succeeded: false`, body unread, for the usual
 * error mapping); throws the last network error, or a 529 when every circuit was open. An
 * `AnthropicApiError` thrown by `send` (ccp refusing the request) is rethrown at once.
 *
 * @example
 * const { response, attempt } = await sendWithFallbacks(attempts, (attempt, signal) =>
 *   upstream.post(upstreamTarget(attempt.endpoint, headers), bodyFor(attempt), signal),
 *   { breaker, retry: routing.retry, signal: abort.signal, onDecision: (decision) => log('info', formatDecision(decision)) });
 */
export async function sendWithFallbacks<A extends Attempt, R extends UpstreamResponseLike>(
  attempts: readonly A[],
  send: (attempt: A, signal: AbortSignal) => Promise<R>,
  options: SendWithFallbacksOptions,
): Promise<FallbackResult<A, R>> {
  if (attempts.length === 0) throw new Error('sendWithFallbacks needs at least one attempt.');
  const { breaker, retry, signal } = options;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const decisions: FallbackDecision[] = [];
  // Every send and wait listens to this: the client's signal, and the deadline when there is one.
  const deadline = startDeadline(options.deadlineMs, signal, options.abortOnDeadline);
  const sendSignal = deadline.signal;
  let sends = 0;
  let lastFailure:
    | { kind: 'response'; response: R; attempt: A }
    | { kind: 'error'; error: unknown }
    | undefined;

  const decide = (attempt: A, decision: Omit<FallbackDecision, 'attempt' | 'target' | 'rule'>) => {
    const full: FallbackDecision = {
      attempt: sends,
      target: {
        model: attempt.model,
        endpointKey: attempt.endpointKey,
        fallbackIndex: attempt.fallbackIndex,
      },
      rule: attempt.rule,
      ...decision,
    };
    decisions.push(full);
    options.onDecision?.(full);
  };
  const discardLastFailure = async () => {
    if (lastFailure?.kind === 'response') await discardBody(lastFailure.response);
    lastFailure = undefined;
  };

  const deadlinePassed = (attempt: A): AnthropicApiError => {
    breaker.recordCancelled(attempt.endpointKey, attempt.model);
    const last = decisions.at(-1);
    decide(attempt, {
      outcome: 'deadline',
      reason: `no answer within ${formatSeconds(options.deadlineMs ?? 0)}`,
    });
    return deadlineError(options.deadlineMs ?? 0, sends, last);
  };
  /** Waits out a backoff; the deadline passing during it ends the request like a send would. */
  const backOff = async (attempt: A, delayMs: number) => {
    try {
      await sleep(delayMs, sendSignal);
    } catch (error) {
      if (!deadline.clientLeft() && deadline.passed()) throw deadlinePassed(attempt);
      throw error;
    }
  };

  try {
    for (const [targetIndex, attempt] of attempts.entries()) {
      const isLastTarget = targetIndex === attempts.length - 1;
      for (let tryNumber = 1; tryNumber <= retry.maxAttempts; tryNumber += 1) {
        if (deadline.clientLeft()) throw signal.reason ?? new Error('aborted');
        if (deadline.passed()) throw deadlinePassed(attempt);
        if (!breaker.canAttempt(attempt.endpointKey, attempt.model)) {
          const endpoint = breaker.state(attempt.endpointKey);
          const paused =
            endpoint.state === 'closed' ? breaker.state(attempt.endpointKey, attempt.model) : endpoint;
          decide(attempt, {
            outcome: 'skipped-circuit-open',
            reason: `circuit open after repeated failures ${endpoint.state === 'closed' ? 'of this model here' : 'to reach this endpoint'}; next probe in ${Math.ceil(paused.retryInMs / 1000)} s`,
          });
          break;
        }
        // Only a retry has a failure to discard: the first send goes out in this same turn.
        if (lastFailure) await discardLastFailure();
        sends += 1;
        const isLastTry = tryNumber === retry.maxAttempts;

        let response: R;
        try {
          response = await send(attempt, sendSignal);
        } catch (error) {
          if (deadline.clientLeft()) {
            breaker.recordCancelled(attempt.endpointKey, attempt.model);
            decide(attempt, { outcome: 'cancelled', reason: 'the client went away' });
            throw error;
          }
          if (deadline.passed()) throw deadlinePassed(attempt);
          if (isAnthropicApiError(error)) {
            // ccp refused the request itself (building this target's body failed): not the endpoint's fault.
            breaker.recordCancelled(attempt.endpointKey, attempt.model);
            decide(attempt, {
              outcome: 'not-retryable',
              status: error.status,
              reason: `ccp refused the request: ${error.message}`,
            });
            throw error;
          }
          const errorCode = networkErrorCode(error);
          // Only an endpoint that cannot be reached at all is paused for every model; a failure
          // after the request went out (timeout, cut connection) may be this request's doing.
          if (isUnreachableCode(errorCode)) breaker.recordFailure(attempt.endpointKey);
          else breaker.recordFailure(attempt.endpointKey, attempt.model);
          lastFailure = { kind: 'error', error };
          const delay = backoff(tryNumber, retry, random);
          const outOfTime = delay >= deadline.remainingMs();
          const plan = nextStep(isLastTry || outOfTime, isLastTarget, delay);
          decide(attempt, {
            outcome: plan.outcome,
            errorCode,
            delayMs: plan.delayMs,
            reason: `network failure (${errorCode})${outOfTime && !isLastTry ? '; no time for another try before the deadline' : ''}`,
          });
          if (plan.outcome === 'retry') {
            await backOff(attempt, plan.delayMs ?? 0);
            continue;
          }
          break;
        }

        const { status } = response;
        if (status >= 200 && status < 300) {
          deadline.stop();
          breaker.recordSuccess(attempt.endpointKey, attempt.model);
          decide(attempt, { outcome: 'success', status, reason: `HTTP ${status}` });
          return { response, attempt, succeeded: true, decisions };
        }
        if (!isRetryableStatus(status)) {
          // The endpoint answered: it is alive, and the request itself is what it refused.
          breaker.recordSuccess(attempt.endpointKey, attempt.model);
          decide(attempt, { outcome: 'not-retryable', status, reason: `HTTP ${status} is not retried` });
          return { response, attempt, succeeded: false, decisions };
        }
        // A failing status pauses this model at this endpoint only: the client picked the model and
        // the body, so its failures must not switch the endpoint off for other models.
        if (status === 408 || status >= 500) breaker.recordFailure(attempt.endpointKey, attempt.model);
        else breaker.recordSuccess(attempt.endpointKey, attempt.model);
        lastFailure = { kind: 'response', response, attempt };

        const retryAfterMs = readRetryAfterMs(response.headers, now());
        const refusesRetry = response.headers['x-should-retry']?.trim().toLowerCase() === 'false';
        const tooLong = retryAfterMs !== undefined && retryAfterMs > retry.maxDelayMs;
        const delay = Math.max(retryAfterMs ?? 0, backoff(tryNumber, retry, random));
        const outOfTime = delay >= deadline.remainingMs();
        const plan = nextStep(isLastTry || tooLong || refusesRetry || outOfTime, isLastTarget, delay);
        const why = tooLong
          ? `; Retry-After ${Math.ceil((retryAfterMs ?? 0) / 1000)} s is longer than the ${retry.maxDelayMs} ms retry limit`
          : refusesRetry
            ? '; the upstream said x-should-retry: false'
            : outOfTime && !isLastTry
              ? '; no time for another try before the deadline'
              : '';
        decide(attempt, {
          outcome: plan.outcome,
          status,
          delayMs: plan.delayMs,
          reason: `HTTP ${status}${why}`,
        });
        if (plan.outcome === 'retry') {
          await backOff(attempt, plan.delayMs ?? 0);
          continue;
        }
        break;
      }
    }
  } catch (error) {
    // Leaving early (client gone, deadline, sleep aborted): free the failed response still held for the caller.
    if (lastFailure?.kind === 'response') lastFailure.response.body.destroy();
    throw error;
  } finally {
    deadline.stop();
  }

  if (lastFailure?.kind === 'response') {
    return { response: lastFailure.response, attempt: lastFailure.attempt, succeeded: false, decisions };
  }
  if (lastFailure?.kind === 'error') throw lastFailure.error;
  throw allCircuitsOpen(attempts, breaker);
}

/** One line per decision for the log: `fallback #1 gpt-4o @ https://api.openai.com/v1 (tier): HTTP 503 → retry in 420 ms`. */
export function formatDecision(decision: FallbackDecision): string {
  const which =
    decision.target.fallbackIndex === 0 ? 'primary' : `fallback #${decision.target.fallbackIndex}`;
  const next =
    decision.outcome === 'retry'
      ? `retry in ${decision.delayMs ?? 0} ms`
      : decision.outcome === 'next-target'
        ? 'next target'
        : decision.outcome;
  return `${which} ${decision.target.model} @ ${decision.target.endpointKey} (${decision.rule}), try ${decision.attempt}: ${decision.reason} → ${next}`;
}

/**
 * Milliseconds to wait from `retry-after-ms` (OpenAI), or `retry-after` in seconds or as an
 * HTTP date; undefined when absent or unreadable.
 */
export function readRetryAfterMs(headers: Record<string, string>, now: number): number | undefined {
  const milliseconds = headers['retry-after-ms']?.trim();
  if (milliseconds && /^\d+(\.\d+)?$/.test(milliseconds)) return Math.ceil(Number(milliseconds));
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with equal jitter: half fixed, half random, capped at `maxDelayMs`. */
function backoff(tryNumber: number, retry: RetryPolicy, random: () => number): number {
  const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (tryNumber - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

function nextStep(
  noMoreTries: boolean,
  isLastTarget: boolean,
  delayMs: number,
): { outcome: 'retry' | 'next-target' | 'gave-up'; delayMs?: number } {
  if (!noMoreTries) return { outcome: 'retry', delayMs };
  return { outcome: isLastTarget ? 'gave-up' : 'next-target' };
}

async function discardBody(response: UpstreamResponseLike): Promise<void> {
  try {
    // Draining a small error body keeps the keep-alive socket for the next try; dump() destroys past the limit.
    if (response.body.dump) {
      await response.body.dump({ limit: 64 * 1024 });
      // undici hands the socket back to the pool a tick after the body ends: wait for it so the next try reuses it.
      await new Promise((resolve) => setImmediate(resolve));
    } else {
      response.body.destroy();
    }
  } catch {
    response.body.destroy();
  }
}

function networkErrorCode(error: unknown): string {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : 'unknown error';
}

/**
 * Failures that happen before the request reaches the endpoint (no connection, no name, no TLS),
 * whatever the request holds: the only ones that pause the endpoint for every model.
 */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function isUnreachableCode(code: string): boolean {
  return unreachableCodes.has(code) || code.startsWith('ERR_SSL_');
}

type Deadline = {
  /** The client's signal, also aborted when the deadline passes. */
  signal: AbortSignal;
  passed(): boolean;
  /** The client went away (the deadline aborting a shared controller is not the client leaving). */
  clientLeft(): boolean;
  /** Milliseconds left; Infinity without a deadline. */
  remainingMs(): number;
  /** Stops the clock (a head arrived, or the caller has its answer); the client's signal still aborts. */
  stop(): void;
};

function startDeadline(
  deadlineMs: number | undefined,
  clientSignal: AbortSignal,
  shared: AbortController | undefined,
): Deadline {
  if (deadlineMs === undefined) {
    return {
      signal: clientSignal,
      passed: () => false,
      clientLeft: () => clientSignal.aborted,
      remainingMs: () => Number.POSITIVE_INFINITY,
      stop() {},
    };
  }
  const endsAt = Date.now() + deadlineMs;
  let passed = false;
  // The request's own controller when the caller handed it over; else one of the deadline's own
  // that follows the client's signal (the winner's body keeps this signal: a client that leaves
  // later still tears it down).
  const isShared = shared !== undefined && shared.signal === clientSignal;
  const controller = isShared ? shared : new AbortController();
  if (!isShared) {
    if (clientSignal.aborted) controller.abort(clientSignal.reason);
    else clientSignal.addEventListener('abort', () => controller.abort(clientSignal.reason), { once: true });
  }
  const timer = setTimeout(() => {
    passed = true;
    controller.abort(new DOMException('The request deadline passed.', 'TimeoutError'));
  }, deadlineMs);
  timer.unref?.();
  return {
    signal: controller.signal,
    passed: () => passed,
    clientLeft: () => clientSignal.aborted && !(isShared && passed),
    remainingMs: () => (passed ? 0 : Math.max(0, endsAt - Date.now())),
    stop: () => clearTimeout(timer),
  };
}

function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function deadlineError(
  deadlineMs: number,
  sends: number,
  last: FallbackDecision | undefined,
): AnthropicApiError {
  const tries = `${sends} ${sends === 1 ? 'try' : 'tries'}`;
  const lastSaid = last
    ? `; before that, ${last.target.model} @ ${last.target.endpointKey}: ${last.reason}`
    : '';
  return new AnthropicApiError(
    `No upstream answered within the request deadline (REQUEST_DEADLINE, ${formatSeconds(deadlineMs)}) over ${tries}${lastSaid}. Retry, check the provider, or raise REQUEST_DEADLINE for slow models.`,
    { status: 504, errorType: 'timeout_error' },
  );
}

function abortableSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function allCircuitsOpen(attempts: readonly Attempt[], breaker: CircuitBreaker): AnthropicApiError {
  const targets = [...new Set(attempts.map((attempt) => `${attempt.model} @ ${attempt.endpointKey}`))];
  const soonest = Math.min(
    ...attempts.map((attempt) =>
      Math.max(
        breaker.state(attempt.endpointKey).retryInMs,
        breaker.state(attempt.endpointKey, attempt.model).retryInMs,
      ),
    ),
  );
  const seconds = Math.max(1, Math.ceil(soonest / 1000));
  return new AnthropicApiError(
    `Every target for this request failed repeatedly and is paused (${targets.join(', ')}); ccp probes again in ${seconds} s. Wait and retry, check the provider, or add fallbacks ({TIER}_FALLBACK_MODELS).`,
    { status: 529, errorType: 'overloaded_error', headers: { 'retry-after': String(seconds) } },
  );
}
