import type { TagColor } from './color-tags';

const sessionPalette: readonly TagColor[] = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'];

/**
 * A stable colour for a Claude Code session (the same id always gets the same colour, in every
 * process). Requests without a session are gray.
 *
 * @example sessionColor('5f0c1d2e-…') // 'magenta'
 */
export function sessionColor(sessionId: string | null): TagColor {
  if (!sessionId) return 'gray';
  let hash = 2166136261;
  for (let index = 0; index < sessionId.length; index += 1) {
    hash ^= sessionId.charCodeAt(index);
    hash = Math.imul(hash, 16777619);
  }
  return sessionPalette[(hash >>> 0) % sessionPalette.length] ?? 'cyan';
}

/** A short label for a session: its first 6 characters, or `—` without one. */
export function sessionLabel(sessionId: string | null): string {
  return sessionId ? sessionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 6) || sessionId.slice(0, 6) : '—';
}
