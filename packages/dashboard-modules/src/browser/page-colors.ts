import type { TagColor } from '../color-tags';

/**
 * The module colours as the page paints them, matched to its dark theme. White is a soft gray:
 * on the page it marks the short parse phase, which should not outshine the others.
 */
export const pageColors: Readonly<Record<TagColor, string>> = {
  red: '#f85149',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#58a6ff',
  magenta: '#bc8cff',
  cyan: '#39c5cf',
  white: '#8b949e',
  gray: '#7d8896',
};

/** Grid lines of the charts. */
export const chartLineColor = '#262c35';
