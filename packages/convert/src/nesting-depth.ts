import { isRecord } from './is-record';

/** Deepest nesting of arrays and objects a request may have (the body object is level 1). */
export const maximumRequestNestingDepth = 512;

/** An array, or an object with its keys, being walked; `next` is the position of the next child to visit. */
type Frame =
  | { container: readonly unknown[]; keys: undefined; next: number }
  | { container: Record<string, unknown>; keys: string[]; next: number };

/** Segments shown at the start and at the end of a path too long to print whole. */
const leadingSegments = 10;
const trailingSegments = 4;

/**
 * The path (`messages.0.content.0.input.a.a…`) of the first array or object nested deeper than
 * `limit` levels in `value`, or `undefined` when it is shallow enough. Walks with an explicit
 * stack, never recursion, so it cannot overflow the call stack itself — the point of checking
 * before validation, conversion and `JSON.stringify`, which all recurse.
 *
 * @example findTooDeepPath({ a: [[[]]] }, 3) // 'a.0.0'
 */
export function findTooDeepPath(
  value: unknown,
  limit: number = maximumRequestNestingDepth,
): string | undefined {
  const root = _frameOf(value);
  if (root === undefined) return undefined;
  const frames: Frame[] = [root];
  for (let frame = frames.at(-1); frame !== undefined; frame = frames.at(-1)) {
    const size = frame.keys ? frame.keys.length : frame.container.length;
    if (frame.next >= size) {
      frames.pop();
      continue;
    }
    const position = frame.next++;
    const child = frame.keys ? frame.container[frame.keys[position]!] : frame.container[position];
    const childFrame = _frameOf(child);
    if (childFrame === undefined) continue;
    if (frames.length >= limit) return _pathOf(frames);
    frames.push(childFrame);
  }
  return undefined;
}

/** A frame to walk `value`, or nothing when it holds no children (a string, number, null...). */
function _frameOf(value: unknown): Frame | undefined {
  if (Array.isArray(value)) return { container: value, keys: undefined, next: 0 };
  if (isRecord(value)) return { container: value, keys: Object.keys(value), next: 0 };
  return undefined;
}

/** The keys leading to the child each frame is visiting; long paths keep their two ends. */
function _pathOf(frames: Frame[]): string {
  const segments = frames.map((frame) => {
    const position = frame.next - 1;
    return frame.keys ? frame.keys[position]! : String(position);
  });
  if (segments.length <= leadingSegments + trailingSegments) return segments.join('.');
  return `${segments.slice(0, leadingSegments).join('.')}.….${segments.slice(-trailingSegments).join('.')}`;
}
