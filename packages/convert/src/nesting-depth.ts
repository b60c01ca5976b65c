/** Deepest nesting of arrays and objects a request may have (the body object is level 1). */
export const maximumRequestNestingDepth = 512;

type Frame = {
  container: unknown[] | Record<string, unknown>;
  /** Keys of an object; undefined for an array. */
  keys: string[] | undefined;
  /** Position of the next child to visit. */
  next: number;
};

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
  if (typeof value !== 'object' || value === null) return undefined;
  const frames: Frame[] = [_frameOf(value)];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as Frame;
    const { container, keys } = frame;
    const size = keys ? keys.length : (container as unknown[]).length;
    if (frame.next >= size) {
      frames.pop();
      continue;
    }
    const position = frame.next++;
    const child = keys
      ? (container as Record<string, unknown>)[keys[position] as string]
      : (container as unknown[])[position];
    if (typeof child !== 'object' || child === null) continue;
    if (frames.length >= limit) return _pathOf(frames);
    frames.push(_frameOf(child));
  }
  return undefined;
}

function _frameOf(container: object): Frame {
  return Array.isArray(container)
    ? { container, keys: undefined, next: 0 }
    : { container: container as Record<string, unknown>, keys: Object.keys(container), next: 0 };
}

/** The keys leading to the child each frame is visiting; long paths keep their two ends. */
function _pathOf(frames: Frame[]): string {
  const segments = frames.map((frame) => {
    const position = frame.next - 1;
    return frame.keys ? (frame.keys[position] as string) : String(position);
  });
  if (segments.length <= leadingSegments + trailingSegments) return segments.join('.');
  return `${segments.slice(0, leadingSegments).join('.')}.….${segments.slice(-trailingSegments).join('.')}`;
}
