import { formatDuration } from '@ccp/dashboard-modules';
import type { RequestTrends } from './request-trends';

/** Titles and series for the trends sparklines, `width` cells wide: the newest requests that fit. */
export function trendsView(trends: RequestTrends, width: number): { titles: string[]; series: number[][] } {
  const latency = trends.latencyMs.slice(-width);
  const speed = trends.tokensPerSecond.slice(-width);
  if (latency.length === 0) {
    return {
      titles: ['latency · no finished request yet', 'output tok/s · no finished request yet'],
      series: [[0], [0]],
    };
  }
  const newest = (values: number[]) => values[values.length - 1] ?? 0;
  const median = (values: number[]) => [...values].sort((left, right) => left - right)[values.length >> 1] ?? 0;
  const count = `last ${latency.length} request${latency.length === 1 ? '' : 's'}`;
  return {
    titles: [
      `latency · ${count} · newest ${formatDuration(newest(latency))} · median ${formatDuration(median(latency))} · max ${formatDuration(Math.max(...latency))}`,
      `output tok/s · ${count} · newest ${newest(speed)} · median ${median(speed)} · max ${Math.max(...speed)}`,
    ],
    series: [latency, speed],
  };
}
