/**
 * Tells, reading a growing text only once, whether it holds one complete JSON object or array:
 * tracks string, escape and nesting state from where the last call stopped.
 *
 * @example
 * const scanner = new JsonCompletionScanner();
 * scanner.read('{"a":'); // false
 * scanner.read('{"a":[1]}'); // true
 */
export class JsonCompletionScanner {
  private position: number;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private complete = false;
  private invalid = false;

  /** `start`: where the JSON value begins in the text (leading whitespace allowed). */
  constructor(start = 0) {
    this.position = start;
  }

  /** True once something other than one JSON object or array was found. */
  get isInvalid(): boolean {
    return this.invalid;
  }

  /** Index just past the value, once complete. */
  get end(): number {
    return this.position;
  }

  /** `text` must extend the text of the previous call. */
  read(text: string): boolean {
    if (this.complete || this.invalid) return this.complete;
    this.position = this.scan(text, this.position);
    return this.complete;
  }

  /**
   * Reads `piece`, the text that follows everything read so far; unlike {@link read} it never
   * needs the whole text, so feeding many small pieces costs their length only.
   *
   * @example
   * const scanner = new JsonCompletionScanner();
   * scanner.extend('{"a":'); // false
   * scanner.extend('1} tail'); // true, scanner.end === 7
   */
  extend(piece: string): boolean {
    if (this.complete || this.invalid) return this.complete;
    const base = this.position;
    this.position = base + this.scan(piece, 0);
    return this.complete;
  }

  /** Scans `text` from `from`, updating the state; returns where it stopped. */
  private scan(text: string, from: number): number {
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let index = from;
    const length = text.length;
    for (; index < length; index++) {
      const code = text.charCodeAt(index);
      // The codes of \ " { [ } ] written out, as in json-scan.ts: this runs on every streamed
      // argument fragment, where a literal compares faster than an imported constant.
      if (inString) {
        if (escaped) escaped = false;
        else if (code === 92) escaped = true;
        else if (code === 34) inString = false;
        continue;
      }
      if (code === 34) {
        if (depth === 0) break;
        inString = true;
      } else if (code === 123 || code === 91) depth++;
      else if (code === 125 || code === 93) {
        depth--;
        if (depth === 0) {
          this.complete = true;
          index++;
          break;
        }
        if (depth < 0) break;
      } else if (depth === 0 && code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
    }
    if (!this.complete && index < length) this.invalid = true;
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return index;
  }
}
