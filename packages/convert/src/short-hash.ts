/**
 * A short, stable, non-cryptographic hash (two FNV-1a 32-bit rounds, base 36, 10 characters):
 * enough to tell tool names and user ids apart, with no dependency and no platform API.
 */
export function shortHash(text: string): string {
  let first = 0x811c9dc5;
  let second = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193) >>> 0;
    second = Math.imul(second ^ code ^ (first >>> 7), 0x01000193) >>> 0;
  }
  return (first.toString(36).padStart(7, '0') + second.toString(36).padStart(7, '0')).slice(0, 10);
}
