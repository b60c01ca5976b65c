/**
 * Splits text into fragments of about `size` UTF-16 code units without cutting a surrogate pair,
 * so every fragment is valid on its own (real providers never split a code point across chunks).
 *
 * @example
 * splitText('hello world', 4) // ['hell', 'o wo', 'rld']
 */
export function splitText(text: string, size: number): string[] {
  const step = Math.max(1, Math.floor(size));
  const fragments: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + step, text.length);
    const last = text.charCodeAt(end - 1);
    // A high surrogate at the end of a fragment belongs with the low surrogate after it.
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end += 1;
    fragments.push(text.slice(start, end));
    start = end;
  }
  return fragments;
}
