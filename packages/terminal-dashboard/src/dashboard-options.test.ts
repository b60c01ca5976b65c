import { describe, expect, it } from 'vitest';
import { defaultModulesFor, resolveDashboardDisplay } from './dashboard-options';

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

  it('shows all four edge modules by default on a terminal of at least 160 × 45', () => {
    const ids = (terminal: { columns?: number; rows?: number }) =>
      resolveDashboardDisplay({}, terminal).modules.map((spec) => spec.id);
    expect(ids({ columns: 160, rows: 45 })).toEqual(['performance', 'activity', 'routing', 'analytics']);
    expect(ids({ columns: 240, rows: 70 })).toHaveLength(4);
    expect(ids({ columns: 159, rows: 60 })).toEqual(['performance', 'activity']);
    expect(ids({ columns: 200, rows: 44 })).toEqual(['performance', 'activity']);
    expect(ids({})).toEqual(['performance', 'activity']);
    // Modules that were chosen stay as chosen, whatever the size.
    const chosen = resolveDashboardDisplay(
      { modules: [{ id: 'routing', mode: 'sparse' }] },
      { columns: 300, rows: 90 },
    );
    expect(chosen.modules).toEqual([{ id: 'routing', mode: 'sparse' }]);
    // Each call gets its own list.
    defaultModulesFor({ columns: 300, rows: 90 }).pop();
    expect(defaultModulesFor({ columns: 300, rows: 90 })).toHaveLength(4);
  });
});
