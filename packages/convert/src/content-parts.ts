import { isRecord } from './is-record';

/**
 * Text and thinking carried by a `content` field. Most providers send a string; Mistral's
 * reasoning models send parts (`{type:"text", text}` and `{type:"thinking", thinking:[{type:"text", text}]}`).
 */
export function readContentParts(content: unknown): { text: string; thinking: string } {
  if (typeof content === 'string') return { text: content, thinking: '' };
  let text = '';
  let thinking = '';
  if (!Array.isArray(content)) return { text, thinking };
  for (const part of content) {
    if (!isRecord(part)) continue;
    if (part.type === 'text' && typeof part.text === 'string') text += part.text;
    else if (part.type === 'thinking') {
      if (typeof part.thinking === 'string') thinking += part.thinking;
      else if (Array.isArray(part.thinking)) thinking += readContentParts(part.thinking).text;
    }
  }
  return { text, thinking };
}

/** True when `text` has no characters other than spaces, tabs and line breaks. */
export function isBlankText(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) return false;
  }
  return true;
}
