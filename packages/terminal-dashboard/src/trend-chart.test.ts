import { describe, expect, it } from 'vitest';
import { renderTrendChart } from './trend-chart';
import { renderTrendsView } from './trends-view';

const chart = (values: number[], width = 60, height = 12) =>
  renderTrendChart({
    title: (shown) => `latency of ${shown.length}`,
    values,
    unit: 'ms',
    width,
    height,
    color: false,
    barColor: 'cyan',
  });

/** The height, in rows, of the bar over `column` of the plot. */
function barRows(lines: string[], column: number): number {
  return lines.filter((line) => /[▁▂▃▄▅▆▇█]/.test(line.charAt(column))).length;
}

describe('renderTrendChart', () => {
  it('fills its box: title, y axis in ms, one bar per request, x axis of the recent requests', () => {
    const lines = chart([400, 1600, 800, 3200]);
    expect(lines).toHaveLength(12);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines[0]).toBe('latency of 4');
    // y: a round maximum above the largest value at the top, half of it in the middle, 0 at the axis.
    expect(lines[1]).toMatch(/^ *5000 ms ┤/);
    expect(lines.some((line) => /^ *2500 ms ┤/.test(line))).toBe(true);
    expect(lines[10]).toMatch(/^ *0 ms └─+$/);
    // x: the requests, oldest to newest.
    expect(lines[11]).toContain('← last 4 requests →');
    expect(lines[11]?.indexOf('oldest')).toBeLessThan(lines[11]?.indexOf('newest') ?? 0);

    const plot = lines.slice(1, 10);
    const axisColumn = (lines[1] ?? '').indexOf('┤') + 1;
    const barWidth = Math.floor((60 - axisColumn) / 4);
    const heights = [0, 1, 2, 3].map((index) => barRows(plot, axisColumn + index * barWidth));
    // 9 rows up to 5000 ms: 3200 ms fills 5.76 of them, 1600 ms 2.88, 800 ms 1.44, 400 ms 0.72.
    expect(heights).toEqual([1, 3, 2, 6]);
    expect(plot[3]?.charAt(axisColumn + 3 * barWidth)).toBe('▆');
    expect(plot[8]?.charAt(axisColumn)).toBe('▆');
  });

  it('draws the newest requests that fit, one cell each, when there are more than columns', () => {
    const values = Array.from({ length: 300 }, (_, index) => (index === 299 ? 900 : 100));
    const lines = chart(values, 60, 8);
    const bottom = lines[5] ?? '';
    const drawn = bottom.slice(bottom.indexOf('│') + 1);
    expect(lines[0]).toBe(`latency of ${drawn.length}`);
    expect(drawn).toMatch(/^[▁▂▃▄▅▆▇█]+$/);
    // The newest, tallest request is the last column.
    expect(barRows(lines.slice(1, 6), bottom.length - 1)).toBe(5);
  });

  it('waits for a finished request, and keeps to a small box', () => {
    expect(chart([])).toEqual(['latency of 0', 'Waiting for finished requests…']);
    const small = chart([100, 200], 40, 3);
    expect(small).toHaveLength(3);
    expect(small[1]).toContain('200 ms ┤');
  });
});

describe('renderTrendsView', () => {
  it('stacks latency over output speed with the same bars, filling the whole box', () => {
    const trends = { latencyMs: [650, 1900, 3900, 1200], tokensPerSecond: [40, 55, 0, 80], endedAt: [1, 2, 3, 4] };
    const lines = renderTrendsView(trends, 100, 31, false);
    expect(lines).toHaveLength(31);
    const speedTitle = lines.findIndex((line) => line.startsWith('output tok/s'));
    expect(speedTitle).toBe(16);
    expect(lines[0]).toBe('latency · last 4 requests · newest 1.2s · median 1.9s · max 3.9s');
    expect(lines[speedTitle]).toBe('output tok/s · last 4 requests · newest 80 · median 55 · max 80');
    expect(lines.some((line) => /ms ┤/.test(line))).toBe(true);
    expect(lines.some((line) => /tok\/s ┤/.test(line))).toBe(true);
    // Both y axes stand in the same column, so each request's two bars line up.
    const axes = lines.filter((line) => line.includes('┤')).map((line) => line.indexOf('┤'));
    expect(new Set(axes).size).toBe(1);
  });
});
