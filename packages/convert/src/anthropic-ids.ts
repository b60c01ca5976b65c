const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Random bytes drawn 4 KB at a time: one call into the system's generator per ~170 ids.
const _pool = new Uint8Array(4096);
let _poolIndex = _pool.length;

function _randomBase62(length: number): string {
  if (_poolIndex + length > _pool.length) {
    globalThis.crypto.getRandomValues(_pool);
    _poolIndex = 0;
  }
  let result = '';
  for (let index = 0; index < length; index++) result += base62[(_pool[_poolIndex++] as number) % 62];
  return result;
}

/** A new Anthropic-style message id: `msg_` and 24 random base62 characters. */
export function generateMessageId(): string {
  return `msg_${_randomBase62(24)}`;
}

/** A new Anthropic-style tool use id: `toolu_` and 24 random base62 characters. */
export function generateToolUseId(): string {
  return `toolu_${_randomBase62(24)}`;
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

/**
 * Makes an upstream tool call id acceptable to Anthropic clients (`^[a-zA-Z0-9_-]+$`): other
 * characters become `_`; a missing or empty id gets a generated `toolu_` id.
 *
 * @example sanitizeToolUseId('call:abc.1') // 'call_abc_1'
 */
export function sanitizeToolUseId(id: string | null | undefined): string {
  if (typeof id !== 'string' || id === '') return generateToolUseId();
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
 * The id of the `position`-th tool call recovered from a message's text: derived from the message
 * id, so it is unique per message yet the same in the streamed and the non-streamed conversion.
 *
 * @example recoveredToolUseId('msg_abc', 1) // 'toolu_abc_1'
 */
export function recoveredToolUseId(messageId: string, position: number): string {
  return sanitizeToolUseId(
    `toolu_${messageId.startsWith('msg_') ? messageId.slice(4) : messageId}_${position}`,
  );
}
