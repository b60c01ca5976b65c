// blessed-contrib's own types cover its index, which loads every widget (maps, pictures, markdown);
// the dashboard loads the line chart alone, so this declares just that widget.
declare module 'blessed-contrib/lib/widget/charts/line.js' {
  import type { Widgets } from 'blessed';

  /** One line: its y values and the x labels under them (the first series' labels are drawn). */
  interface LineSeries {
    title: string;
    x: string[];
    y: number[];
    style?: { line?: string };
  }

  interface LineChartOptions extends Widgets.BoxOptions {
    /** `line`, `text` (the labels) and `baseline` (the axes) are colour names of the canvas. */
    style?: {
      line?: string;
      text?: string;
      baseline?: string;
      border?: { fg?: string };
      label?: { fg?: string };
    };
    /** Top of the y axis; without it, 20% above the largest value. */
    maxY?: number;
    minY?: number;
    /** How many y labels, from `minY` up in equal steps (the top of the axis is not labelled). */
    numYLabels?: number;
    /** Pixels (half cells) left of the y axis, and kept for its labels. */
    xPadding?: number;
    xLabelPadding?: number;
    wholeNumbersOnly?: boolean;
    showLegend?: boolean;
  }

  /** The braille canvas the chart draws on, in pixels: two across and four down per cell. */
  interface LineChartContext {
    fillStyle: string;
    fillText(text: string, x: number, y: number): void;
  }

  interface LineChartElement extends Widgets.BoxElement {
    /** Read on every `setData`, so changes apply to the next drawing. */
    options: LineChartOptions;
    /** Exists once the chart is attached to a screen; sized to the chart at that moment. */
    ctx?: LineChartContext;
    /** Redraws the canvas; the chart must be attached to a screen first. */
    setData(series: LineSeries[]): void;
  }

  const Line: (options: LineChartOptions) => LineChartElement;
  export default Line;
}
