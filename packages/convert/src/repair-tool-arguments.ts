import { isRecord } from './is-record';
import {
  backslashCode,
  closeObjectCode,
  colonCode,
  commaCode,
  isClosingBracket,
  isJsonWhitespace,
  isOpeningBracket,
  openObjectCode,
  quoteCode,
} from './json/json-characters';

/** Result of reading tool-call arguments sent by an upstream model. */
export type ParsedToolArguments = {
  /** Always a plain object: Anthropic's `tool_use.input` must be one. */
  value: Record<string, unknown>;
  /** True when the text was not valid JSON as sent and had to be fixed (or given up on). */
  repaired: boolean;
  /** The text as sent, kept only when it could not be read at all and `value` fell back to `{}`. */
  rawText?: string;
};

type Frame = {
  kind: 'object' | 'array';
  expect: 'key' | 'colon' | 'value' | 'comma';
  /** A comma was just written, so a closer here means a trailing comma to drop. */
  afterComma: boolean;
};

const hexDigits = '0123456789abcdefABCDEF';
const simpleEscapes = '"\\/bfnrt';
const literalCompletions = ['true', 'false', 'null'];
const pythonLiterals: Record<string, string> = { True: 'true', False: 'false', None: 'null' };

function _isTokenChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 43 || // +
    code === 45 || // -
    code === 46 || // .
    code === 95 // _
  );
}

function _escapeControl(code: number): string {
  if (code === 10) return '\\n';
  if (code === 13) return '\\r';
  if (code === 9) return '\\t';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Completes a bare token (literal or number) cut at the end of the text, or rejects it. */
function _completeToken(token: string, atEnd: boolean): string | undefined {
  if (token === 'true' || token === 'false' || token === 'null') return token;
  const python = pythonLiterals[token];
  if (python) return python;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token)) return token;
  if (!atEnd) return undefined;
  for (const literal of literalCompletions) if (literal.startsWith(token)) return literal;
  // A number cut after '-', '.', 'e' or 'e+' becomes valid by appending a digit.
  if (/^-?(\d+(\.\d*)?([eE][+-]?\d*)?)?$/.test(token)) {
    const last = token.charCodeAt(token.length - 1);
    return last >= 48 && last <= 57 ? token : `${token}0`;
  }
  return undefined;
}

/**
 * Rewrites broken JSON object text into valid JSON: closes an unterminated string, object or
 * array, completes a cut literal or number, drops trailing commas, escapes raw control
 * characters inside strings, fills a key left without a value with `null`, and ignores text
 * after the first complete value. Returns `undefined` when the text is not repairable.
 *
 * @example repairJsonText('{"path": "/tmp/a.txt", "lines": [1, 2,') // '{"path": "/tmp/a.txt", "lines": [1, 2]}'
 */
export function repairJsonText(text: string): string | undefined {
  return _repairJson(text, false);
}

/**
 * The text that finishes an escape cut at the very end of a string, so that appending alone
 * makes it valid: a dangling backslash becomes an escaped backslash (`C:\` → `C:\\`, the
 * literal `C:\` the model was writing), a partial `\u` escape is padded to four hex digits
 * (towards U+FFFD, the replacement character, where its digits allow, else with zeros).
 */
function _escapeCompletion(digitsSoFar: string | undefined): string {
  if (digitsSoFar === undefined) return '\\';
  const replacement = 'FFFD';
  if (replacement.startsWith(digitsSoFar.toUpperCase())) return replacement.slice(digitsSoFar.length);
  return '0'.repeat(4 - digitsSoFar.length);
}

function _isHexRun(text: string): boolean {
  for (let position = 0; position < text.length; position++)
    if (!hexDigits.includes(text[position]!)) return false;
  return true;
}

/** `completeCutEscapes`: finish an escape cut at the end instead of dropping it (append-only repair). */
function _repairJson(text: string, completeCutEscapes: boolean): string | undefined {
  const length = text.length;
  const stack: Frame[] = [];
  let out = '';
  let lastCommaAt = -1;
  let rootDone = false;
  let sawValue = false;
  let index = 0;

  const dropTrailingComma = () => {
    if (lastCommaAt >= 0) out = out.slice(0, lastCommaAt) + out.slice(lastCommaAt + 1);
    lastCommaAt = -1;
  };
  const valueEnded = () => {
    sawValue = true;
    const top = stack[stack.length - 1];
    if (!top) rootDone = true;
    else {
      top.expect = 'comma';
      top.afterComma = false;
    }
  };
  const expectingValue = () => {
    const top = stack[stack.length - 1];
    return top ? top.expect === 'value' : !rootDone;
  };

  while (index < length && !rootDone) {
    const code = text.charCodeAt(index);
    if (isJsonWhitespace(code)) {
      out += text[index];
      index++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (code === quoteCode) {
      // copy the string, fixing escapes and control characters.
      let cursor = index + 1;
      let value = '"';
      let closed = false;
      while (cursor < length) {
        const inner = text.charCodeAt(cursor);
        if (inner === backslashCode) {
          if (cursor + 1 >= length) {
            // Escape cut at the end: drop the lone backslash, or finish it when only appending is allowed.
            if (completeCutEscapes) value += `\\${_escapeCompletion(undefined)}`;
            cursor = length;
            break;
          }
          const next = text[cursor + 1]!;
          if (next === 'u') {
            const hex = text.slice(cursor + 2, cursor + 6);
            let valid = hex.length === 4;
            for (let h = 0; valid && h < hex.length; h++) valid = hexDigits.includes(hex[h]!);
            if (valid) {
              value += text.slice(cursor, cursor + 6);
              cursor += 6;
              continue;
            }
            if (cursor + 6 > length && (!completeCutEscapes || _isHexRun(hex))) {
              // \u escape cut at the end: drop it, or pad it when only appending is allowed.
              if (completeCutEscapes) value += text.slice(cursor, length) + _escapeCompletion(hex);
              cursor = length;
              break;
            }
          } else if (simpleEscapes.includes(next)) {
            value += '\\' + next;
            cursor += 2;
            continue;
          }
          value += '\\\\'; // an invalid escape becomes a literal backslash
          cursor++;
          continue;
        }
        if (inner === quoteCode) {
          value += '"';
          closed = true;
          cursor++;
          break;
        }
        value += inner < 32 ? _escapeControl(inner) : text[cursor];
        cursor++;
      }
      if (!closed) value += '"';
      index = cursor;
      if (top?.kind === 'object' && top.expect === 'key') {
        out += value;
        top.expect = 'colon';
        top.afterComma = false;
        if (!closed) {
          out += ':null';
          top.expect = 'comma';
        }
        continue;
      }
      if (!expectingValue()) return undefined;
      out += value;
      valueEnded();
      continue;
    }
    if (isOpeningBracket(code)) {
      if (!expectingValue()) return undefined;
      stack.push({
        kind: code === openObjectCode ? 'object' : 'array',
        expect: code === openObjectCode ? 'key' : 'value',
        afterComma: false,
      });
      out += text[index];
      index++;
      continue;
    }
    if (isClosingBracket(code)) {
      const kind = code === closeObjectCode ? 'object' : 'array';
      if (!top || top.kind !== kind) return undefined;
      if (top.afterComma) dropTrailingComma();
      else if (top.expect === 'colon') out += ':null';
      else if (top.expect === 'value' && kind === 'object') out += 'null';
      stack.pop();
      out += text[index];
      index++;
      valueEnded();
      continue;
    }
    if (code === commaCode) {
      if (!top) return undefined;
      if (top.expect === 'comma') {
        out += ',';
        lastCommaAt = out.length - 1;
        top.expect = top.kind === 'object' ? 'key' : 'value';
        top.afterComma = true;
      } else if (!top.afterComma) return undefined; // a doubled comma is dropped, anything else is hopeless
      index++;
      continue;
    }
    if (code === colonCode) {
      if (top?.kind !== 'object' || top.expect !== 'colon') return undefined;
      out += ':';
      top.expect = 'value';
      index++;
      continue;
    }
    if (!_isTokenChar(code) || !expectingValue()) return undefined;
    let end = index + 1;
    while (end < length && _isTokenChar(text.charCodeAt(end))) end++;
    const token = _completeToken(text.slice(index, end), end >= length);
    if (token === undefined) return undefined;
    out += token;
    index = end;
    valueEnded();
  }

  if (!sawValue && stack.length === 0) return undefined;
  for (let level = stack.length - 1; level >= 0; level--) {
    const frame = stack[level]!;
    // Only the innermost frame can be waiting for something; the others hold the inner one as their value.
    if (level === stack.length - 1) {
      if (frame.afterComma) dropTrailingComma();
      else if (frame.expect === 'colon') out += ':null';
      else if (frame.expect === 'value' && frame.kind === 'object') out += 'null';
    }
    out += frame.kind === 'object' ? '}' : ']';
  }
  return out;
}

function _stripCodeFence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('```')) return trimmed;
  const firstLineEnd = trimmed.indexOf('\n');
  if (firstLineEnd < 0) return trimmed;
  const body = trimmed.slice(firstLineEnd + 1);
  const fenceEnd = body.lastIndexOf('```');
  return (fenceEnd >= 0 ? body.slice(0, fenceEnd) : body).trim();
}

function _tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads a tool call's `arguments` text into an object, repairing it when broken; never throws.
 * Empty text is `{}` (the usual way to call a tool without parameters). Arguments that were
 * JSON-encoded twice are unwrapped. When nothing can be read the value is `{}` and `rawText`
 * keeps the text as sent, so the caller can report it.
 *
 * @example
 * parseToolArguments('{"command": "ls -la')  // { value: { command: 'ls -la' }, repaired: true }
 * parseToolArguments('')                     // { value: {}, repaired: false }
 */
export function parseToolArguments(text: string): ParsedToolArguments {
  if (text.trim() === '') return { value: {}, repaired: false };
  const direct = _tryParse(text);
  if (direct.ok) {
    if (isRecord(direct.value)) return { value: direct.value, repaired: false };
    if (typeof direct.value === 'string') {
      const inner = _tryParse(direct.value);
      if (inner.ok && isRecord(inner.value)) return { value: inner.value, repaired: true };
    }
    return { value: {}, repaired: true, rawText: text };
  }
  let candidate = _stripCodeFence(text);
  const objectStart = candidate.indexOf('{');
  if (objectStart < 0) return { value: {}, repaired: true, rawText: text };
  candidate = candidate.slice(objectStart);
  const repairedText = repairJsonText(candidate);
  if (repairedText !== undefined) {
    const repaired = _tryParse(repairedText);
    if (repaired.ok && isRecord(repaired.value)) return { value: repaired.value, repaired: true };
  }
  return { value: {}, repaired: true, rawText: text };
}

/**
 * For tool arguments already streamed to the client: the text to append so that the whole
 * becomes a valid JSON object, or `''` when it already is one or when appending cannot fix it
 * (for example a trailing comma). Used to close arguments cut by the token limit, also in the
 * middle of an escape.
 *
 * @example completeToolArgumentsSuffix('{"a": "b') // '"}'
 * @example completeToolArgumentsSuffix('{"path": "C:\\') // '\\"}' (the value is `C:\`)
 */
export function completeToolArgumentsSuffix(text: string): string {
  if (text === '' || _tryParse(text).ok) return '';
  const repairedText = _repairJson(text, true);
  if (repairedText === undefined || !repairedText.startsWith(text)) return '';
  const parsed = _tryParse(repairedText);
  return parsed.ok && isRecord(parsed.value) ? repairedText.slice(text.length) : '';
}
