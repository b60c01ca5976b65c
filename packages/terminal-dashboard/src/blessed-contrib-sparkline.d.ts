// blessed-contrib ships no types; this is the one widget the dashboard uses.
declare module 'blessed-contrib/lib/widget/sparkline.js' {
  import type { Widgets } from 'blessed';

  interface SparklineElement extends Widgets.BoxElement {
    /** One titled sparkline per series; each series is drawn from its first value on. */
    setData(titles: string[], series: number[][]): void;
  }

  const Sparkline: (
    options: Widgets.BoxOptions & { style?: Widgets.Types.TStyle & { titleFg?: string } },
  ) => SparklineElement;
  export default Sparkline;
}
