import { describe, expect, it } from 'vitest';
import { resolveDashboardDisplay } from './dashboard-options';

describe('resolveDashboardDisplay', () => {
  it('fills in the defaults, which follow the layout', () => {
    expect(resolveDashboardDisplay({})).toEqual({
      modules: [
        { id: 'performance', mode: 'dense' },
        { id: 'activity', mode: 'sparse' },
      ],
      waterfallMode: 'dense',
      layout: 'default',
      refreshMs: 250,
      waterfallSize: 10,
      plain: false,
    });
    expect(resolveDashboardDisplay({ layout: 'compact' }).waterfallMode).toBe('sparse');
    expect(resolveDashboardDisplay({ layout: 'detailed' }).waterfallSize).toBe(20);
    expect(resolveDashboardDisplay({ layout: 'detailed', waterfallSize: 3, refreshMs: 90 })).toMatchObject({
      waterfallSize: 3,
      refreshMs: 90,
    });
  });

  it('refuses more than four edge modules, or the waterfall among them', () => {
    const five = (['performance', 'activity', 'routing', 'analytics', 'performance'] as const).map((id) => ({
      id,
      mode: 'dense' as const,
    }));
    expect(() => resolveDashboardDisplay({ modules: five })).toThrow(/at most 4 edge modules/);
    expect(() => resolveDashboardDisplay({ modules: [{ id: 'waterfall', mode: 'sparse' }] })).toThrow(
      /waterfallMode/,
    );
  });
});
