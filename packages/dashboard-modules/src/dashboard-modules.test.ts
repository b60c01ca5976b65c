import type { FeedEvent, RequestEvent, StatsSnapshotEvent } from '@ccp/feed';
import { parseFeedEvent } from '@ccp/feed';
import { beforeAll, describe, expect, it } from 'vitest';
import recorded from './__fixtures__/two-sessions.events.json';
import { analyticsPanel } from './analytics-panel';
import { stripTags, visibleLength } from './color-tags';
import { type DashboardModule, dashboardModuleIds, type RenderOptions } from './dashboard-module';
import { createModuleInstance, dashboardModules, ModuleSpecError, parseModuleSpecs } from './module-registry';
import { phaseSpans } from './request-waterfall';

const events = recorded.map((event) => {
  const parsed = parseFeedEvent(event);
  if (!parsed || parsed.type === 'stats-snapshot') throw new Error(`Fixture event ${event.seq} is invalid`);
  return parsed;
}) as RequestEvent[];
const lastEvent = events.at(-1);
const now = (lastEvent && 'at' in lastEvent ? lastEvent.at : 0) + 300;
const plain: RenderOptions = { width: 78, height: 14, color: false, now };

beforeAll(() => {
  // Clock columns use local time; fix the zone so snapshots match everywhere.
  process.env.TZ = 'UTC';
});

function fold<State>(module: DashboardModule<State>, input: FeedEvent[]): State {
  return input.reduce((state, event) => module.reduce(state, event), module.initialState());
}

describe.each(dashboardModuleIds)('%s module on a recorded two-session sequence', (id) => {
  const module = dashboardModules[id] as DashboardModule<unknown>;

  it.each(['dense', 'sparse'] as const)('renders %s output that fits and matches the snapshot', (mode) => {
    const state = fold(module, events);
    const render = mode === 'dense' ? module.renderDense : module.renderSparse;
    for (const options of [plain, { ...plain, width: 40, height: 5 }, { ...plain, color: true }]) {
      const lines = render(state, options);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThanOrEqual(options.height);
      for (const line of lines) expect(visibleLength(line)).toBeLessThanOrEqual(options.width);
      if (!options.color) for (const line of lines) expect(line).not.toMatch(/\{\/?[a-z-]+\}/);
    }
    expect(render(state, plain).join('\n')).toMatchSnapshot();
  });

  it('shows the same text with and without colour tags', () => {
    if (id === 'waterfall') return; // the waterfall draws coloured blocks instead of letters
    const state = fold(module, events);
    const colored = module.renderDense(state, { ...plain, color: true }).map(stripTags);
    expect(colored).toEqual(module.renderDense(state, plain));
  });

  it('renders the same from a stats-snapshot as from the live events', () => {
    const live = fold(module, events);
    const snapshot: StatsSnapshotEvent = {
      type: 'stats-snapshot',
      seq: events.length,
      protocolVersion: 1,
      at: now,
      totals: fold(analyticsPanel, events).totals,
      recentEvents: events,
    };
    const fromSnapshot = fold(module, [snapshot]);
    expect(module.renderDense(fromSnapshot, plain)).toEqual(module.renderDense(live, plain));
  });

  it('counts requests replayed from before a restart like live ones', () => {
    const live = fold(module, events);
    const { totals } = fold(analyticsPanel, events);
    const replayed: StatsSnapshotEvent = {
      type: 'stats-snapshot',
      seq: events.length,
      protocolVersion: 1,
      at: now,
      totals: { ...totals, requests: 0, succeeded: 0, failed: 0, inputTokens: 0, outputTokens: 0 },
      recentEvents: events,
      history: {
        totals: { ...totals, active: 0, thinkingTokens: 0, cacheReadTokens: 0, costUsd: 0 },
        lastSeq: events.at(-1)?.seq ?? 0,
      },
    };
    const fromSnapshot = fold(module, [replayed]);
    expect(module.renderDense(fromSnapshot, plain)).toEqual(module.renderDense(live, plain));
  });

  it('has a waiting message before any request', () => {
    const lines = module.renderDense(module.initialState(), plain);
    expect(lines.join(' ')).toMatch(/Waiting for requests|Requests 0/);
  });
});

describe('module behaviour', () => {
  it('pairs starts with their end or error per session in the activity feed', () => {
    const lines = dashboardModules.activity.renderDense(fold(dashboardModules.activity, events), plain);
    const sessionA = lines.findIndex((line) => line.includes('5f0c1d'));
    const sessionB = lines.findIndex((line) => line.includes('9b8a7c'));
    expect(sessionA).toBeGreaterThanOrEqual(0);
    expect(sessionB).toBeGreaterThanOrEqual(0);
    const sessionALines = lines.slice(sessionA + 1, sessionB > sessionA ? sessionB : undefined);
    expect(sessionALines.some((line) => line.includes('✗') && line.includes('529 overloaded_error'))).toBe(
      true,
    );
    expect(sessionALines.some((line) => line.includes('✓') && line.includes('gpt-5.1'))).toBe(true);
  });

  it('adds up analytics totals from the ended requests', () => {
    const state = fold(analyticsPanel, events);
    const ended = events.filter((event) => event.type === 'request-end');
    expect(state.totals.requests).toBe(events.filter((event) => event.type === 'request-start').length);
    expect(state.totals.costUsd).toBeCloseTo(ended.reduce((sum, event) => sum + (event.costUsd ?? 0), 0));
    expect(state.totals).toMatchObject({ succeeded: 2, failed: 1, active: 1 });
    expect(state.fastest?.model).toBe('gpt-4.1-mini');
    expect(state.slowest?.model).toBe('gpt-5.1');
  });

  it('times each waterfall phase until the next one, and a live phase until now', () => {
    const state = fold(dashboardModules.waterfall, events);
    const finished = state.records.get('req_01');
    const live = state.records.get('req_04');
    if (!finished || !live) throw new Error('fixture requests missing');
    const spans = phaseSpans(finished, now);
    expect(spans.map((span) => span.phase)).toEqual(['parse', 'route', 'think', 'send', 'wait', 'receive']);
    expect(spans.find((span) => span.phase === 'wait')?.durationMs).toBe(811);
    expect(phaseSpans(live, now).at(-1)).toMatchObject({
      phase: 'receive',
      durationMs: now - 1_764_160_007_600,
    });
  });

  it('keeps a module instance stateful across events', () => {
    const instance = createModuleInstance('routing', 'sparse');
    expect(instance.render(plain).join('')).toContain('Waiting');
    for (const event of events) instance.apply(event);
    expect(instance.render(plain).join('\n')).toContain('opus-4-8 → gpt-5.1');
    expect(instance.render(plain, 'dense').join('\n')).toContain('──▶');
  });
});

describe('parseModuleSpecs', () => {
  it('reads modules with modes, dense by default', () => {
    expect(parseModuleSpecs('performance:dense, activity:sparse,routing')).toEqual([
      { id: 'performance', mode: 'dense' },
      { id: 'activity', mode: 'sparse' },
      { id: 'routing', mode: 'dense' },
    ]);
  });

  it('explains what is wrong', () => {
    expect(() => parseModuleSpecs('perf')).toThrow(ModuleSpecError);
    expect(() => parseModuleSpecs('perf')).toThrow(/Use one of: performance/);
    expect(() => parseModuleSpecs('routing:big')).toThrow(/routing:dense/);
    expect(() => parseModuleSpecs('routing,routing')).toThrow(/twice/);
    expect(() => parseModuleSpecs('performance,activity,routing,analytics,waterfall')).toThrow(/at most 4/);
  });
});
