import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitStateChange } from './circuit-breaker';

function breakerWithClock(failureThreshold = 3, openMs = 1000) {
  const clock = { now: 10_000 };
  const changes: CircuitStateChange[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold,
    openMs,
    now: () => clock.now,
    onStateChange: (change) => changes.push(change),
  });
  return { breaker, clock, changes };
}

const key = 'https://api.example.com/v1';

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and resets the count on success', () => {
    const { breaker } = breakerWithClock(3);
    breaker.recordFailure(key);
    breaker.recordFailure(key);
    expect(breaker.state(key)).toEqual({ state: 'closed', consecutiveFailures: 2, retryInMs: 0 });
    breaker.recordSuccess(key);
    breaker.recordFailure(key);
    breaker.recordFailure(key);
    expect(breaker.canAttempt(key)).toBe(true);
    expect(breaker.state(key).state).toBe('closed');
  });

  it('opens after N consecutive failures and refuses until openMs has passed', () => {
    const { breaker, clock, changes } = breakerWithClock(3, 1000);
    for (let index = 0; index < 3; index += 1) breaker.recordFailure(key);
    expect(breaker.state(key)).toEqual({ state: 'open', consecutiveFailures: 3, retryInMs: 1000 });
    expect(breaker.canAttempt(key)).toBe(false);
    clock.now += 999;
    expect(breaker.canAttempt(key)).toBe(false);
    expect(breaker.state(key).retryInMs).toBe(1);
    expect(changes).toEqual([{ endpointKey: key, from: 'closed', to: 'open', consecutiveFailures: 3 }]);
  });

  it('lets exactly one probe through when half-open, and closes when it succeeds', () => {
    const { breaker, clock, changes } = breakerWithClock(2, 1000);
    breaker.recordFailure(key);
    breaker.recordFailure(key);
    clock.now += 1000;
    expect(breaker.canAttempt(key)).toBe(true);
    expect(breaker.state(key).state).toBe('half-open');
    expect(breaker.canAttempt(key)).toBe(false);
    breaker.recordSuccess(key);
    expect(breaker.state(key)).toEqual({ state: 'closed', consecutiveFailures: 0, retryInMs: 0 });
    expect(breaker.canAttempt(key)).toBe(true);
    expect(changes.map((change) => change.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again for a full period when the probe fails', () => {
    const { breaker, clock } = breakerWithClock(2, 1000);
    breaker.recordFailure(key);
    breaker.recordFailure(key);
    clock.now += 1500;
    expect(breaker.canAttempt(key)).toBe(true);
    breaker.recordFailure(key);
    expect(breaker.state(key)).toEqual({ state: 'open', consecutiveFailures: 3, retryInMs: 1000 });
    expect(breaker.canAttempt(key)).toBe(false);
    clock.now += 1000;
    expect(breaker.canAttempt(key)).toBe(true);
  });

  it('frees the probe when its request was cancelled, and after openMs when it never reports', () => {
    const { breaker, clock } = breakerWithClock(1, 1000);
    breaker.recordFailure(key);
    clock.now += 1000;
    expect(breaker.canAttempt(key)).toBe(true);
    expect(breaker.canAttempt(key)).toBe(false);
    breaker.recordCancelled(key);
    expect(breaker.canAttempt(key)).toBe(true);
    expect(breaker.canAttempt(key)).toBe(false);
    clock.now += 1000;
    expect(breaker.canAttempt(key)).toBe(true);
  });

  it('keeps endpoints apart', () => {
    const { breaker } = breakerWithClock(1);
    breaker.recordFailure(key);
    expect(breaker.canAttempt(key)).toBe(false);
    expect(breaker.canAttempt('http://127.0.0.1:11434/v1')).toBe(true);
    expect(Object.keys(breaker.snapshot())).toEqual([key]);
  });

  it('never opens when the threshold is 0', () => {
    const { breaker, changes } = breakerWithClock(0);
    for (let index = 0; index < 50; index += 1) breaker.recordFailure(key);
    expect(breaker.canAttempt(key)).toBe(true);
    expect(breaker.state(key).state).toBe('closed');
    expect(changes).toEqual([]);
  });
});

describe('CircuitBreaker with models', () => {
  it('pauses a failing model at an endpoint and leaves the endpoint and its other models open', () => {
    const { breaker, changes } = breakerWithClock(2, 1000);
    breaker.recordFailure(key, 'broken');
    breaker.recordFailure(key, 'broken');
    expect(breaker.canAttempt(key, 'broken')).toBe(false);
    expect(breaker.canAttempt(key, 'working')).toBe(true);
    expect(breaker.canAttempt(key)).toBe(true);
    expect(breaker.state(key).state).toBe('closed');
    expect(breaker.canAttempt('http://other.example/v1', 'broken')).toBe(true);
    expect(changes).toEqual([
      { endpointKey: key, model: 'broken', from: 'closed', to: 'open', consecutiveFailures: 2 },
    ]);
  });

  it('pauses every model at an endpoint that cannot be reached', () => {
    const { breaker } = breakerWithClock(2, 1000);
    breaker.recordFailure(key);
    breaker.recordFailure(key);
    expect(breaker.canAttempt(key, 'any')).toBe(false);
    expect(breaker.canAttempt(key, 'other')).toBe(false);
  });

  it("counts a model's failure as the endpoint being reached, closing the endpoint's probe", () => {
    const { breaker, clock } = breakerWithClock(1, 1000);
    breaker.recordFailure(key);
    clock.now += 1000;
    expect(breaker.canAttempt(key, 'probe-model')).toBe(true);
    expect(breaker.state(key).state).toBe('half-open');
    breaker.recordFailure(key, 'probe-model');
    expect(breaker.state(key).state).toBe('closed');
    expect(breaker.state(key, 'probe-model').state).toBe('open');
  });

  it('claims no probe when the other level refuses', () => {
    const { breaker, clock } = breakerWithClock(1, 1000);
    breaker.recordFailure(key, 'paused');
    clock.now += 600;
    breaker.recordFailure(key);
    clock.now += 400;
    // The model may be probed now, but its endpoint is still open: the model's probe stays unclaimed.
    expect(breaker.canAttempt(key, 'paused')).toBe(false);
    expect(breaker.state(key, 'paused').state).toBe('open');
    clock.now += 600;
    expect(breaker.canAttempt(key, 'paused')).toBe(true);
    expect(breaker.state(key).state).toBe('half-open');
    expect(breaker.state(key, 'paused').state).toBe('half-open');
    expect(breaker.canAttempt(key, 'other')).toBe(false);
    breaker.recordCancelled(key, 'paused');
    expect(breaker.canAttempt(key, 'other')).toBe(true);
  });
});
