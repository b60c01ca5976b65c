import { formatClock, formatDuration } from '@ccp/dashboard-modules';
import type { RequestTrends } from './request-trends';

/** What one line chart of the trends view draws, in the terms of blessed-contrib's `line` widget. */
export interface TrendLineChart {
  /** The chart's label: what it charts, how many requests, and the newest, median and largest value. */
  label: string;
  /** The unit of the y values, written at the top of the y axis. */
  unit: string;
  /** Under each point, oldest first: the time its request ended (HH:MM:SS). */
  x: string[];
  /** One value per request, oldest first, in `unit`. */
  y: number[];
  /** Top of the y axis: a round number (1, 2, 2.5 or 5 times a power of ten, 10 at least) at or above every value. */
  maxY: number;
  /** How many y labels, from 0 up in whole steps of `maxY / yLabelCount`. */
  yLabelCount: number;
  /**
   * Text the widget does not write, at canvas pixels (two across and four down per cell): the unit
   * above the y labels, and what the x axis counts in the free row under its labels.
   */
  captions: TrendChartCaption[];
}

export interface TrendChartCaption {
  text: string;
  x: number;
  y: number;
}

export interface TrendLineCharts {
  latency: TrendLineChart;
  speed: TrendLineChart;
  /**
   * Cells left of the y axis in both charts: the widest y label or unit and a space. Shared, so each
   * request's latency point stands above its output speed point.
   */
  axisWidth: number;
}

/** Sizes in cells of the two charts, their borders included. */
export interface TrendChartSizes {
  width: number;
  latencyHeight: number;
  speedHeight: number;
}

/**
 * Pixels of the `line` widget's braille canvas (two across and four down per cell) that its own
 * border, right margin and x labels take: the plot is `width * 2 - 12` pixels wide (less the y
 * labels) and `height * 4 - 8 - 11` high.
 */
const canvasMarginX = 12;
const canvasMarginY = 8 + 11;
/** Under the x labels: what they are, and which way time runs. */
export const trendXAxisTitle = 'request end time · oldest → newest';
/** Pixels between two y labels at least, so each gets its own row and the top one stays below the unit. */
const minimumYLabelSpacing = 6;

/**
 * The two charts of the trends view, `sizes` cells, one above the other: the latency of the recent successful
 * requests (ms) above their output speed (tok/s), one point per request from oldest to newest, as
 * many of the newest as the plot has pixel columns.
 *
 * @example
 * const { latency, speed, axisWidth } = trendLineCharts(model.trends, { width: 160, latencyHeight: 22, speedHeight: 21 });
 * chart.options.maxY = latency.maxY;
 * chart.setData([{ title: 'latency', x: latency.x, y: latency.y }]);
 */
export function trendLineCharts(trends: RequestTrends, sizes: TrendChartSizes): TrendLineCharts {
  // Wide enough for the top of the axis over every kept request (the widget keeps room for it even
  // unlabelled), so the axis does not move as older requests scroll out.
  const widest = (values: readonly number[]) => String(_roundMaximum(Math.max(...values))).length;
  const axisWidth = Math.max('tok/s'.length, widest(trends.latencyMs), widest(trends.tokensPerSecond)) + 1;
  const canvasWidth = sizes.width * 2 - canvasMarginX;
  const shown = Math.max(1, canvasWidth - axisWidth * 2);
  const x = trends.endedAt.slice(-shown).map(formatClock);
  const xTitleLeft = canvasWidth - trendXAxisTitle.length * 2;
  const chartOf = (
    name: string,
    unit: string,
    values: readonly number[],
    format: (value: number) => string,
    height: number,
  ): TrendLineChart => {
    const plotHeight = Math.max(0, height * 4 - canvasMarginY);
    // The last row of the canvas, under the x labels.
    const xTitle = { text: trendXAxisTitle, x: xTitleLeft, y: (height - 3) * 4 };
    const y = values.slice(-shown);
    const maxY = _roundMaximum(Math.max(...y));
    return {
      label: _chartLabel(name, y, format),
      unit,
      // The widget strokes from point to point: a lone request is drawn as a level line to the next
      // slot, whose label is a space (the widget writes an empty one as `null`).
      ...(y.length === 1 ? { x: [...x, ' '], y: [...y, ...y] } : { x, y }),
      maxY,
      yLabelCount: _yLabelCount(maxY, plotHeight),
      captions: [{ text: unit, x: 0, y: 0 }, ...(xTitleLeft >= axisWidth * 2 ? [xTitle] : [])],
    };
  };
  return {
    latency: chartOf('latency', 'ms', trends.latencyMs, formatDuration, sizes.latencyHeight),
    speed: chartOf('output tok/s', 'tok/s', trends.tokensPerSecond, String, sizes.speedHeight),
    axisWidth,
  };
}

/** What a chart shows: how many requests, and the newest, median and largest value. */
function _chartLabel(name: string, shown: readonly number[], format: (value: number) => string): string {
  if (shown.length === 0) return `${name} · no finished request yet`;
  const sorted = [...shown].sort((left, right) => left - right);
  const count = `last ${shown.length} request${shown.length === 1 ? '' : 's'}`;
  const newest = format(shown[shown.length - 1] ?? 0);
  const median = format(sorted[shown.length >> 1] ?? 0);
  return `${name} · ${count} · newest ${newest} · median ${median} · max ${format(sorted[sorted.length - 1] ?? 0)}`;
}

/**
 * As many y labels as the plot's height leaves room for, in whole steps of `top` (10 at least): the
 * widget writes a label without decimals when its step is 1 or more, so 2.5 would show as 3.
 */
function _yLabelCount(top: number, plotHeight: number): number {
  for (const count of [10, 5, 4, 2]) {
    if (plotHeight / count >= minimumYLabelSpacing && Number.isInteger(top / count)) return count;
  }
  return 1;
}

/**
 * A round number at or above `value` (1, 2, 2.5 or 5 times a power of ten, 10 at least), so the y
 * labels fall on round values.
 */
function _roundMaximum(value: number): number {
  if (!(value > 10)) return 10;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
