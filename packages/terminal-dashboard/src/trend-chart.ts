import { type TagColor, paint } from '@ccp/dashboard-modules';

export interface TrendChartOptions {
  /** The first line, above the plot, given the values drawn (the newest that fit). */
  title: (shown: readonly number[]) => string;
  /** One value per request, oldest first; the newest that fit are drawn. */
  values: readonly number[];
  /** Unit of the y axis, written beside its values (`ms`, `tok/s`). */
  unit: string;
  /** Cells the chart may use, title and axes included. */
  width: number;
  height: number;
  /** Cells kept for the y axis values at least, so charts drawn one above the other line up. */
  labelWidth?: number;
  color: boolean;
  barColor: TagColor;
}

const eighths = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/** A single request does not need the whole width. */
const MAXIMUM_BAR_WIDTH = 16;

/**
 * A bar chart of per-request values in text, filling `width` × `height` cells: the title, a y
 * axis labelled in `unit` from 0 to a round maximum, one bar per request (as wide as the room
 * allows, drawn in eighths of a cell), and an x axis of the recent requests, oldest to newest.
 *
 * @example
 * renderTrendChart({ title: () => 'latency', values: [120, 900], unit: 'ms', width: 60, height: 12, color: false, barColor: 'cyan' });
 */
export function renderTrendChart(options: TrendChartOptions): string[] {
  const { width, color, unit } = options;
  const height = Math.max(1, options.height);
  const gray = (text: string) => paint(text, 'gray', color);
  const labelAt = (value: number) => `${_formatTick(value)} ${unit}`;
  const top = _roundMaximum(Math.max(0, ...options.values));
  const labelWidth = Math.max(options.labelWidth ?? 0, labelAt(top).length, labelAt(top / 2).length);
  const plotWidth = Math.max(1, width - labelWidth - 2);
  const values = options.values.slice(-plotWidth);
  const lines = [_fit(options.title(values), width)];
  if (height === 1) return lines;
  if (values.length === 0) return [...lines, gray('Waiting for finished requests…')];
  // Room for the x axis and its labels when there is some to spare.
  const withXAxis = height >= 5;
  const plotRows = height - 1 - (withXAxis ? 2 : 0);
  // The top row reaches the round maximum; half of it is in (or at the top of) the middle row.
  const labelledRows = new Map<number, number>([[0, top]]);
  if (plotRows >= 4) labelledRows.set(Math.floor(plotRows / 2), top / 2);
  const barWidth = Math.min(MAXIMUM_BAR_WIDTH, Math.max(1, Math.floor(plotWidth / values.length)));
  // Wide bars keep a one-cell gap so neighbours stay apart.
  const filledWidth = barWidth >= 3 ? barWidth - 1 : barWidth;

  for (let row = 0; row < plotRows; row += 1) {
    const fromBottom = plotRows - 1 - row;
    let bars = '';
    for (const value of values) {
      const cells = (value / top) * plotRows;
      let level = Math.round(Math.min(1, Math.max(0, cells - fromBottom)) * 8);
      // Any request above zero shows at least a sliver on the bottom row.
      if (fromBottom === 0 && value > 0 && level === 0) level = 1;
      bars += (eighths[level] ?? ' ').repeat(filledWidth) + ' '.repeat(barWidth - filledWidth);
    }
    const labelled = labelledRows.get(row);
    const axis =
      labelled === undefined ? `${' '.repeat(labelWidth)} │` : `${labelAt(labelled).padStart(labelWidth)} ┤`;
    lines.push(`${gray(axis)}${paint(bars.trimEnd(), options.barColor, color)}`);
  }
  if (!withXAxis) return lines;
  lines.push(gray(`${labelAt(0).padStart(labelWidth)} └${'─'.repeat(plotWidth)}`));
  lines.push(
    gray(`${' '.repeat(labelWidth + 2)}${_xAxisLabels(values.length, values.length * barWidth, plotWidth)}`),
  );
  return lines;
}

/** `oldest`, what the axis counts and `newest`, spread under the bars. */
function _xAxisLabels(count: number, barsWidth: number, plotWidth: number): string {
  const middle = count === 0 ? 'recent requests' : `← last ${count} request${count === 1 ? '' : 's'} →`;
  const span = Math.max(barsWidth, Math.min(plotWidth, middle.length + 16));
  if (count < 2 || span < middle.length + 14) return _fit(middle, plotWidth);
  const left = 'oldest';
  const right = 'newest';
  const free = span - left.length - right.length - middle.length;
  const before = Math.floor(free / 2);
  return `${left}${' '.repeat(before)}${middle}${' '.repeat(free - before)}${right}`;
}

/** A round number at or above `value` (1, 2, 2.5 or 5 times a power of ten), so the ticks read well. */
function _roundMaximum(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function _formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 1 : 0);
}

function _fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
