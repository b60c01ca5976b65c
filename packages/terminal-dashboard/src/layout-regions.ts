import type { DashboardLayout } from './dashboard-options';

export type EdgeSlot = 'top' | 'bottom' | 'left' | 'right';
/** Slots filled in this order by the 1st to 4th module. */
export const edgeSlotOrder: readonly EdgeSlot[] = ['top', 'bottom', 'left', 'right'];

export interface Region {
  top: number;
  left: number;
  width: number;
  height: number;
}

export interface LayoutRegions {
  edges: Partial<Record<EdgeSlot, Region>>;
  centre: Region;
}

const edgeShare: Record<DashboardLayout, { rows: number; columns: number }> = {
  compact: { rows: 0.22, columns: 0.26 },
  default: { rows: 0.3, columns: 0.3 },
  detailed: { rows: 0.36, columns: 0.34 },
};

/**
 * Places `moduleCount` edge modules around the centre waterfall in an area of `width` × `height`
 * cells starting at row `offsetTop`. Each edge keeps a minimum size so borders and a few lines fit.
 */
export function computeLayoutRegions(
  moduleCount: number,
  layout: DashboardLayout,
  width: number,
  height: number,
  offsetTop = 0,
): LayoutRegions {
  const slots = edgeSlotOrder.slice(0, Math.max(0, Math.min(4, moduleCount)));
  const share = edgeShare[layout];
  const rows = Math.max(5, Math.round(height * share.rows));
  const columns = Math.max(24, Math.round(width * share.columns));
  const topRows = slots.includes('top') ? rows : 0;
  const bottomRows = slots.includes('bottom') ? rows : 0;
  const leftColumns = slots.includes('left') ? columns : 0;
  const rightColumns = slots.includes('right') ? columns : 0;
  const middleHeight = Math.max(3, height - topRows - bottomRows);
  const edges: Partial<Record<EdgeSlot, Region>> = {};
  if (topRows) edges.top = { top: offsetTop, left: 0, width, height: topRows };
  if (bottomRows) edges.bottom = { top: offsetTop + height - bottomRows, left: 0, width, height: bottomRows };
  if (leftColumns)
    edges.left = { top: offsetTop + topRows, left: 0, width: leftColumns, height: middleHeight };
  if (rightColumns) {
    edges.right = {
      top: offsetTop + topRows,
      left: width - rightColumns,
      width: rightColumns,
      height: middleHeight,
    };
  }
  const centre = {
    top: offsetTop + topRows,
    left: leftColumns,
    width: Math.max(10, width - leftColumns - rightColumns),
    height: middleHeight,
  };
  return { edges, centre };
}
