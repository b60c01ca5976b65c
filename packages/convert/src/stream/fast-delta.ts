import { isRecord } from '../is-record';
import { jsonContainerEnd, jsonStringEnd } from '../json/json-scan';

const deltaKey = '"delta":{';

const guardedKeys = ['"finish_reason":', '"usage":', '"error":'];

/** In this part of a chunk, each guarded key is absent or its value starts with `null`. */
function _guardedKeysNull(part: string): boolean {
  for (const key of guardedKeys) {
    const at = part.indexOf(key);
    if (at >= 0 && part.charCodeAt(at + key.length) !== 110) return false;
  }
  return true;
}

const contentOnlyPrefixes = ['{"content":"', '{"role":"assistant","content":"'];

/** `{"content":"…"}` (optionally with the role) read without JSON.parse, the commonest delta of all. */
function _readPlainContent(text: string, open: number, close: number): Record<string, unknown> | undefined {
  for (const prefix of contentOnlyPrefixes) {
    if (!text.startsWith(prefix, open)) continue;
    const quote = open + prefix.length - 1;
    const end = jsonStringEnd(text, quote);
    if (end !== close) return undefined;
    const raw = text.slice(quote + 1, end - 1);
    const content: unknown = raw.indexOf('\\') < 0 ? raw : JSON.parse(text.slice(quote, end));
    if (typeof content !== 'string') return undefined;
    return prefix === contentOnlyPrefixes[0] ? { content } : { role: 'assistant', content };
  }
  return undefined;
}

/**
 * Reads the `delta` object of an ordinary content chunk on its own; `undefined` whenever the
 * chunk may need more than that (a finish_reason, usage, an error, several choices, odd
 * formatting), in which case the caller parses the whole chunk. One per stream.
 *
 * Most of a chunk is id, model and fingerprint repeated hundreds of times a second; parsing
 * only the delta roughly triples throughput. Looking keys up by `"name":` is safe on valid
 * JSON: inside a string every quote is escaped, so that pattern only matches real keys.
 */
export class ContentDeltaReader {
  // The text around the delta (id, model, fingerprint; finish_reason and logprobs) is the same in
  // every chunk of a stream: the last one found plain is remembered, so the next chunk compares
  // instead of searching (failed searches are most of the cost of a chunk).
  private plainPrefix = '';
  private plainTail = '';

  read(data: string): Record<string, unknown> | undefined {
    // 123 `{` and 125 `}` written out: this runs on every chunk (see json-scan.ts).
    if (data.charCodeAt(0) !== 123 || data.charCodeAt(data.length - 1) !== 125) return undefined;
    const plainPrefix = this.plainPrefix;
    let open: number;
    if (
      plainPrefix !== '' &&
      data.charCodeAt(plainPrefix.length) === 123 &&
      data.slice(0, plainPrefix.length) === plainPrefix
    ) {
      open = plainPrefix.length;
    } else {
      const at = data.indexOf(deltaKey);
      if (at < 0) return undefined;
      open = at + deltaKey.length - 1;
      const prefix = data.slice(0, open);
      // An error chunk normally has no delta or a non-null finish_reason, but may not.
      if (!_guardedKeysNull(prefix)) return undefined;
      this.plainPrefix = prefix;
    }
    const close = jsonContainerEnd(data, open) - 1;
    if (close < 0) return undefined;
    const plainTail = this.plainTail;
    if (data.length - close - 1 !== plainTail.length || data.slice(close + 1) !== plainTail) {
      const tail = data.slice(close + 1);
      if (tail.indexOf(deltaKey) >= 0 || !_guardedKeysNull(tail)) return undefined;
      this.plainTail = tail;
    }
    try {
      const plain = _readPlainContent(data, open, close);
      if (plain) return plain;
      const delta: unknown = JSON.parse(data.slice(open, close + 1));
      return isRecord(delta) ? delta : undefined;
    } catch {
      return undefined;
    }
  }
}
