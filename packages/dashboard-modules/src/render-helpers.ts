import { type TagColor, escapeTags, fitLine, paint } from './color-tags';
import type { RenderOptions } from './dashboard-module';
import type { RequestRecord } from './request-ledger';
import { sessionColor, sessionLabel } from './session-colors';

/** Fits every line to the width and keeps at most `height` lines. */
export function finishLines(lines: string[], options: RenderOptions): string[] {
  return lines.slice(0, Math.max(0, options.height)).map((line) => fitLine(line, Math.max(0, options.width)));
}

/** Outside text made safe for tags and painted. */
export function text(value: string, color: TagColor | null, options: RenderOptions): string {
  const escaped = escapeTags(value, options.color);
  return color ? paint(escaped, color, options.color) : escaped;
}

/** `● 5f0c1d` in the session's colour. */
export function sessionBadge(sessionId: string | null, options: RenderOptions): string {
  return paint(`● ${sessionLabel(sessionId)}`, sessionColor(sessionId), options.color);
}

/** The status glyph: ▶ live, ✓ succeeded, ✗ failed, coloured. */
export function statusGlyph(record: RequestRecord, options: RenderOptions): string {
  if (record.status === 'active') return paint('▶', 'cyan', options.color);
  if (record.status === 'succeeded') return paint('✓', 'green', options.color);
  return paint('✗', 'red', options.color);
}

export function renderNow(latestAt: number, options: RenderOptions): number {
  return options.now ?? latestAt;
}

/** Colour for a fill ratio: green, then yellow past 70%, red past 90%. */
export function loadColor(ratio: number): TagColor {
  if (ratio >= 0.9) return 'red';
  if (ratio >= 0.7) return 'yellow';
  return 'green';
}

export function emptyMessage(options: RenderOptions): string[] {
  return finishLines([paint('Waiting for requests…', 'gray', options.color)], options);
}
