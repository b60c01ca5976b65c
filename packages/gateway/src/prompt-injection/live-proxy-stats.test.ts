import { resolveSettings } from '@ccp/config';
import { estimateTextTokens } from '@ccp/convert';
import { promptInjectionBudgets, promptInjectionHeaderBudget } from '@ccp/dashboard-modules';
import { createFeedRecorder, type FeedEvent, parseFeedEvent, type RequestEvent } from '@ccp/feed';
import { describe, expect, it } from 'vitest';
import recording from './__fixtures__/busy-session.events.json';
import { createLiveProxyStats, promptInjectionProxyInfo } from './live-proxy-stats';

const events = recording
  .map((raw) => parseFeedEvent(raw))
  .filter((event): event is FeedEvent => event !== null);
const proxy = {
  provider: 'openrouter',
  models: { big: 'openai/gpt-5.1', middle: 'anthropic/claude-sonnet-4', small: 'openai/gpt-4.1-mini' },
  reasoning: { effort: 'high', maxTokens: null, exclude: false },
};

function replayed(now = 1_000_000 + 3_725_000) {
  const stats = createLiveProxyStats({ proxy, startedAt: 1_000_000, now: () => now, version: '9.9.9' });
  for (const event of events) stats.observe(event);
  return stats;
}

describe('createLiveProxyStats', () => {
  it('folds the feed into the status snapshot', () => {
    expect(events).toHaveLength(recording.length);
    const snapshot = replayed().statusSnapshot();
    const started = events.filter((event) => event.type === 'request-start').length;
    const failed = events.filter((event) => event.type === 'request-error').length;
    const ended = events.filter((event) => event.type === 'request-end').length;
    expect(snapshot).toMatchObject({
      up: true,
      version: '9.9.9',
      provider: 'openrouter',
      models: proxy.models,
      requests: started,
      failed,
      succeeded: ended,
      active: started - failed - ended,
      uptimeSeconds: 3725,
    });
    expect(snapshot.successRate).toBeCloseTo(ended / (ended + failed));
    expect(snapshot.tokensPerSecond).toBeGreaterThan(0);
    expect(snapshot.averageLatencyMs).toBeGreaterThan(0);
  });

  it('subscribes to its source only when first read, and then counts what the source sends', () => {
    const listeners: Array<(event: FeedEvent) => void> = [];
    const stats = createLiveProxyStats({
      proxy,
      startedAt: 1_000_000,
      subscribe: (listener) => {
        listeners.push(listener);
        return true;
      },
    });
    expect(listeners).toHaveLength(0);
    expect(stats.statusSnapshot().requests).toBe(0);
    expect(listeners).toHaveLength(1);
    for (const event of events) listeners[0]?.(event);
    expect(stats.statusSnapshot().requests).toBe(replayed().statusSnapshot().requests);
    expect(listeners).toHaveLength(1);
  });

  it('renders each size within its budget, and the header', () => {
    const stats = replayed();
    for (const size of ['large', 'medium', 'small'] as const) {
      const text = stats.render({
        format: 'full',
        modules: ['status', 'performance', 'errors', 'models'],
        size,
      });
      expect(estimateTextTokens(text)).toBeLessThanOrEqual(promptInjectionBudgets[size].max);
      expect(text).toContain('openrouter');
    }
    expect(stats.render({ format: 'full', modules: ['status'], size: 'large' })).toContain('up 1h 02m');
    const header = stats.render({ format: 'header', modules: ['status', 'performance'], size: 'large' });
    expect(header).not.toContain('\n');
    expect(estimateTextTokens(header)).toBeLessThanOrEqual(promptInjectionHeaderBudget.max);
  });

  it('counts only this process: requests replayed from the store for the dashboards are left out', () => {
    const requestEvents = events.filter((event): event is RequestEvent => event.type !== 'stats-snapshot');
    const half = Math.floor(requestEvents.length / 2);
    // The first half were stored before a restart; the second half happen after it.
    const firstIds = new Set(requestEvents.slice(0, half).map((event) => event.requestId));
    const before = requestEvents.filter((event) => firstIds.has(event.requestId));
    const after = requestEvents.filter((event) => !firstIds.has(event.requestId));
    const recorder = createFeedRecorder({ recentRequestLimit: 500, history: before });
    for (const event of after) recorder.record(event);
    const snapshot: FeedEvent = { ...recorder.snapshot(), type: 'stats-snapshot', seq: 9999 };
    const stats = createLiveProxyStats({ proxy, startedAt: 1_000_000, now: () => 2_000_000 });
    stats.observe(snapshot);
    const onlyAfter = createLiveProxyStats({ proxy, startedAt: 1_000_000, now: () => 2_000_000 });
    for (const event of after) onlyAfter.observe(event);
    expect(stats.statusSnapshot()).toEqual(onlyAfter.statusSnapshot());
    expect(stats.statusSnapshot().requests).toBe(
      after.filter((event) => event.type === 'request-start').length,
    );
    expect(stats.statusSnapshot().requests).toBeLessThan(replayed().statusSnapshot().requests);
  });

  it('starts empty', () => {
    const stats = createLiveProxyStats({ proxy, startedAt: 0, now: () => 0 });
    expect(stats.statusSnapshot()).toMatchObject({
      requests: 0,
      successRate: null,
      tokensPerSecond: null,
      costUsd: 0,
    });
  });
});

describe('promptInjectionProxyInfo', () => {
  it('shows the provider dialect, routed models and reasoning settings, never the key', () => {
    const settings = resolveSettings({
      OPENAI_API_KEY: 'sk-or-secret-value',
      OPENAI_BASE_URL: 'https://openrouter.ai/api/v1',
      BIG_MODEL: 'openai/gpt-5.1',
      MIDDLE_MODEL: 'anthropic/claude-sonnet-4',
      SMALL_MODEL: 'openai/gpt-4.1-mini',
      REASONING_EFFORT: 'high',
    });
    const info = promptInjectionProxyInfo(settings);
    expect(info).toEqual({
      provider: 'openrouter',
      models: { big: 'openai/gpt-5.1', middle: 'anthropic/claude-sonnet-4', small: 'openai/gpt-4.1-mini' },
      reasoning: { effort: 'high', maxTokens: null, exclude: false },
    });
    expect(JSON.stringify(info)).not.toContain('secret');
  });
});
