import { formatDuration } from '@ccp/dashboard-modules';
import type { RequestTrends } from './request-trends';
import { renderTrendChart } from './trend-chart';

/** Cells for the y axis values of both charts, so their bars line up. */
const LABEL_WIDTH = 10;

/**
 * The trends view filling `width` × `height` cells: the latency of the recent successful
 * requests (ms) above their output speed (tok/s), one bar per request, newest on the right.
 */
export function renderTrendsView(
  trends: RequestTrends,
  width: number,
  height: number,
  color: boolean,
): string[] {
  const latencyHeight = Math.ceil(height / 2);
  const common = { width, color, labelWidth: LABEL_WIDTH };
  return [
    ...renderTrendChart({
      ...common,
      title: (shown) => trendTitle('latency', shown, formatDuration),
      values: trends.latencyMs,
      unit: 'ms',
      height: latencyHeight,
      barColor: 'cyan',
    }),
    ...renderTrendChart({
      ...common,
      title: (shown) => trendTitle('output tok/s', shown, String),
      values: trends.tokensPerSecond,
      unit: 'tok/s',
      height: height - latencyHeight,
      barColor: 'green',
    }),
  ];
}

/** What a chart shows: how many requests, and the newest, median and largest value. */
function trendTitle(name: string, shown: readonly number[], format: (value: number) => string): string {
  if (shown.length === 0) return `${name} · no finished request yet`;
  const sorted = [...shown].sort((left, right) => left - right);
  const count = `last ${shown.length} request${shown.length === 1 ? '' : 's'}`;
  const newest = format(shown[shown.length - 1] ?? 0);
  const median = format(sorted[shown.length >> 1] ?? 0);
  return `${name} · ${count} · newest ${newest} · median ${median} · max ${format(sorted[sorted.length - 1] ?? 0)}`;
}
