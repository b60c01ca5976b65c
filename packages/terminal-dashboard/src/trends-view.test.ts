import { describe, expect, it } from 'vitest';
import type { RequestTrends } from './request-trends';
import { trendLineCharts, trendXAxisTitle } from './trends-view';

/** Requests ending one a minute from 09:30:05 local time. */
function trendsOf(latencyMs: number[], tokensPerSecond: number[]): RequestTrends {
  const start = new Date(2026, 0, 1, 9, 30, 5).getTime();
  return { latencyMs, tokensPerSecond, endedAt: latencyMs.map((_, index) => start + index * 60_000) };
}

/** The y labels the widget writes for a chart: from 0 up in equal steps, below the top of the axis. */
const yLabels = (chart: { maxY: number; yLabelCount: number }) =>
  Array.from({ length: chart.yLabelCount }, (_, index) => (index * chart.maxY) / chart.yLabelCount);

describe('trendLineCharts', () => {
  it('charts latency in ms above output tok/s, a point per request, labelled by its end time', () => {
    const trends = trendsOf([650, 1900, 3900, 1200], [40, 55, 0, 80]);
    // The charts of a 160 × 45 terminal: the 43 rows between the title and help lines, halved.
    const { latency, speed, axisWidth } = trendLineCharts(trends, {
      width: 160,
      latencyHeight: 22,
      speedHeight: 21,
    });

    expect(latency.label).toBe('latency · last 4 requests · newest 1.2s · median 1.9s · max 3.9s');
    expect(speed.label).toBe('output tok/s · last 4 requests · newest 80 · median 55 · max 80');
    expect(latency.unit).toBe('ms');
    expect(speed.unit).toBe('tok/s');
    expect(latency.y).toEqual([650, 1900, 3900, 1200]);
    expect(speed.y).toEqual([40, 55, 0, 80]);
    expect(latency.x).toEqual(['09:30:05', '09:31:05', '09:32:05', '09:33:05']);
    expect(speed.x).toEqual(latency.x);

    // y: a round top above the largest value, labelled in round steps.
    expect(latency.maxY).toBe(5000);
    expect(yLabels(latency)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500]);
    expect(speed.maxY).toBe(100);
    expect(yLabels(speed)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    // Both y axes stand after the widest label or unit ("tok/s") and a space, so the points line up.
    expect(axisWidth).toBe(6);

    // The unit above the y labels; what the x axis counts in each canvas' last row (the chart's
    // height less its borders and the x labels' row), ending before the margin.
    expect(latency.captions[0]).toEqual({ text: 'ms', x: 0, y: 0 });
    expect(speed.captions[0]).toEqual({ text: 'tok/s', x: 0, y: 0 });
    const canvasWidth = 160 * 2 - 12;
    const xTitleAt = (height: number) => ({
      text: trendXAxisTitle,
      x: canvasWidth - trendXAxisTitle.length * 2,
      y: (height - 3) * 4,
    });
    expect(latency.captions[1]).toEqual(xTitleAt(22));
    expect(speed.captions[1]).toEqual(xTitleAt(21));
    expect(trendXAxisTitle).toContain('oldest → newest');
  });

  it('labels fewer y values on a lower chart, always in whole steps', () => {
    // A chart of a 100 × 30 terminal: 14 rows.
    const { latency, speed } = trendLineCharts(trendsOf([2200, 900], [22, 13]), {
      width: 100,
      latencyHeight: 14,
      speedHeight: 14,
    });
    expect(latency.maxY).toBe(2500);
    expect(yLabels(latency)).toEqual([0, 500, 1000, 1500, 2000]);
    // 25 in ten steps would be 2.5 each, which the widget writes without decimals.
    expect(speed.maxY).toBe(25);
    expect(yLabels(speed)).toEqual([0, 5, 10, 15, 20]);
    for (const chart of [latency, speed])
      for (const value of yLabels(chart)) expect(Number.isInteger(value)).toBe(true);
  });

  it('keeps the newest requests that fit, one pixel column each at least', () => {
    const latencyMs = Array.from({ length: 100 }, (_, index) => 100 + index);
    const trends = trendsOf(
      latencyMs,
      latencyMs.map(() => 50),
    );
    const { latency, speed, axisWidth } = trendLineCharts(trends, {
      width: 40,
      latencyHeight: 14,
      speedHeight: 14,
    });
    const plotPixels = 40 * 2 - 12 - axisWidth * 2;
    expect(latency.y).toEqual(latencyMs.slice(-plotPixels));
    expect(speed.y).toHaveLength(plotPixels);
    expect(latency.x[latency.x.length - 1]).toBe('11:09:05');
    expect(latency.label).toContain(`last ${plotPixels} requests · newest 199ms`);
    // No room for the x axis title on so narrow a chart.
    expect(latency.captions.map((caption) => caption.text)).toEqual(['ms']);
  });

  it('draws a lone request as a level line, and waits for the first one', () => {
    const one = trendLineCharts(trendsOf([800], [80]), { width: 100, latencyHeight: 14, speedHeight: 14 });
    expect(one.latency.y).toEqual([800, 800]);
    expect(one.latency.x).toEqual(['09:30:05', ' ']);
    expect(one.latency.label).toBe('latency · last 1 request · newest 800ms · median 800ms · max 800ms');

    const none = trendLineCharts(trendsOf([], []), { width: 100, latencyHeight: 14, speedHeight: 14 });
    expect(none.latency.label).toBe('latency · no finished request yet');
    expect(none.speed.label).toBe('output tok/s · no finished request yet');
    expect(none.latency.y).toEqual([]);
    expect(none.latency.maxY).toBe(10);
  });
});
