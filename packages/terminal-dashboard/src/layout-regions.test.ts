import { describe, expect, it } from 'vitest';
import { type Region, computeLayoutRegions } from './layout-regions';

function overlaps(left: Region, right: Region): boolean {
  return (
    left.left < right.left + right.width &&
    right.left < left.left + left.width &&
    left.top < right.top + right.height &&
    right.top < left.top + left.height
  );
}

describe('computeLayoutRegions', () => {
  it.each([0, 1, 2, 3, 4])(
    'places %i edge modules around the centre without overlap, filling the area',
    (count) => {
      const width = 160;
      const height = 48;
      const { edges, centre } = computeLayoutRegions(count, 'default', width, height, 1);
      const regions = [centre, ...Object.values(edges)];
      expect(Object.keys(edges)).toEqual(['top', 'bottom', 'left', 'right'].slice(0, count));
      for (const [index, region] of regions.entries()) {
        expect(region.left).toBeGreaterThanOrEqual(0);
        expect(region.top).toBeGreaterThanOrEqual(1);
        expect(region.left + region.width).toBeLessThanOrEqual(width);
        expect(region.top + region.height).toBeLessThanOrEqual(height + 1);
        for (const other of regions.slice(index + 1)) expect(overlaps(region, other)).toBe(false);
      }
      const area = regions.reduce((sum, region) => sum + region.width * region.height, 0);
      expect(area).toBe(width * height);
    },
  );

  it('gives edges more room in the detailed layout than in the compact one', () => {
    const compact = computeLayoutRegions(4, 'compact', 160, 48);
    const detailed = computeLayoutRegions(4, 'detailed', 160, 48);
    expect(detailed.edges.top!.height).toBeGreaterThan(compact.edges.top!.height);
    expect(detailed.centre.width).toBeLessThan(compact.centre.width);
  });
});
