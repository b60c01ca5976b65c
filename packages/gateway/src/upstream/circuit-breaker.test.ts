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
