const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Characters of randomness in a generated id. */
const randomLength = 24;

/**
 * Makes new Anthropic-style ids (`msg_…`, `toolu_…`: a prefix and 24 random base62 characters).
 * Random bytes are drawn `idsPerDraw` ids at a time, on first use: a conversion of its own makes
 * one for a few ids; a caller that converts many answers keeps one with a larger pool, since each
 * draw from the system's random source costs about as much as hundreds of ids.
 */
export class AnthropicIdGenerator {
  private pool: Uint8Array | undefined;
  private readonly poolSize: number;
  private poolIndex: number;

  constructor(idsPerDraw = 4) {
    this.poolSize = Math.max(1, Math.floor(idsPerDraw)) * randomLength;
    this.poolIndex = this.poolSize;
  }

  /** A new message id: `msg_` and 24 random base62 characters. */
  messageId(): string {
    return `msg_${this.randomBase62()}`;
  }

  /** A new tool use id: `toolu_` and 24 random base62 characters. */
  toolUseId(): string {
    return `toolu_${this.randomBase62()}`;
  }

  private randomBase62(): string {
    let pool = this.pool;
    if (pool === undefined || this.poolIndex + randomLength > this.poolSize) {
      pool ??= this.pool = new Uint8Array(this.poolSize);
      globalThis.crypto.getRandomValues(pool);
      this.poolIndex = 0;
    }
    let result = '';
    for (let index = 0; index < randomLength; index++) result += base62[pool[this.poolIndex++]! % 62];
    return result;
  }
}

function _isIdCharacter(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 45
  );
}

/** `id` with every character outside `[a-zA-Z0-9_-]` replaced by `_`. */
function _withIdCharactersOnly(id: string): string {
  let clean = true;
  for (let index = 0; index < id.length && clean; index++) clean = _isIdCharacter(id.charCodeAt(index));
  if (clean) return id;
  let result = '';
  for (let index = 0; index < id.length; index++) {
    result += _isIdCharacter(id.charCodeAt(index)) ? id[index] : '_';
  }
  return result;
}

/**
 * Makes an upstream tool call id acceptable to Anthropic clients (`^[a-zA-Z0-9_-]+$`): other
 * characters become `_`; a missing or empty id gets a new `toolu_` id from `ids`.
 *
 * @example sanitizeToolUseId('call:abc.1', ids) // 'call_abc_1'
 */
export function sanitizeToolUseId(id: string | null | undefined, ids: AnthropicIdGenerator): string {
  if (typeof id !== 'string' || id === '') return ids.toolUseId();
  return _withIdCharactersOnly(id);
}

/**
 * The id of the `position`-th tool call recovered from a message's text: derived from the message
 * id, so it is unique per message yet the same in the streamed and the non-streamed conversion.
 *
 * @example recoveredToolUseId('msg_abc', 1) // 'toolu_abc_1'
 */
export function recoveredToolUseId(messageId: string, position: number): string {
  return _withIdCharactersOnly(
    `toolu_${messageId.startsWith('msg_') ? messageId.slice(4) : messageId}_${position}`,
  );
}
