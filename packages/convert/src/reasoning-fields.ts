import { isRecord } from './is-record';
import type { OpenAIReasoningDetail } from './openai-api';

/** The reasoning fields that providers put on a message or a stream delta. */
export type ReasoningFields = {
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_details?: OpenAIReasoningDetail[] | null;
};

function isReasoningDetail(value: unknown): value is OpenAIReasoningDetail {
  return isRecord(value) && typeof value.type === 'string';
}

/** The valid detail objects of a `reasoning_details` field (anything else is ignored). */
export function readReasoningDetails(value: unknown): OpenAIReasoningDetail[] {
  if (!Array.isArray(value)) return [];
  const details: OpenAIReasoningDetail[] = [];
  for (const item of value) {
    if (isReasoningDetail(item)) details.push(item);
  }
  return details;
}

/** The readable text of one reasoning detail (`reasoning.text` text or `reasoning.summary` summary). */
export function reasoningDetailText(detail: OpenAIReasoningDetail): string {
  if (detail.type === 'reasoning.text' && typeof detail.text === 'string') return detail.text;
  if (detail.type === 'reasoning.summary' && typeof detail.summary === 'string') return detail.summary;
  return '';
}

/**
 * The reasoning text of a message or delta. Providers that send several fields repeat the same
 * text in each (OpenRouter fills both `reasoning` and `reasoning_details`), so the first present
 * one wins: `reasoning_content` (DeepSeek, older vLLM), `reasoning` (Ollama, newer vLLM,
 * OpenRouter), then the text of `reasoning_details`.
 */
export function readReasoningText(fields: ReasoningFields, details: OpenAIReasoningDetail[]): string {
  if (typeof fields.reasoning_content === 'string' && fields.reasoning_content !== '') {
    return fields.reasoning_content;
  }
  if (typeof fields.reasoning === 'string' && fields.reasoning !== '') return fields.reasoning;
  let text = '';
  for (const detail of details) text += reasoningDetailText(detail);
  return text;
}

/** The last non-empty signature carried by reasoning details, or `''`. */
export function findReasoningSignature(details: OpenAIReasoningDetail[]): string {
  let signature = '';
  for (const detail of details) {
    if (
      detail.type !== 'reasoning.encrypted' &&
      typeof detail.signature === 'string' &&
      detail.signature !== ''
    ) {
      signature = detail.signature;
    }
  }
  return signature;
}

/**
 * Adds a streamed reasoning detail to `merged`, joining fragments of the same detail (same
 * `type` and `index`) the way OpenRouter streams them: text appended, signature kept when set.
 */
export function mergeReasoningDetail(merged: OpenAIReasoningDetail[], detail: OpenAIReasoningDetail): void {
  const last = merged[merged.length - 1];
  if (
    last &&
    last.type === detail.type &&
    last.index === detail.index &&
    detail.type !== 'reasoning.encrypted'
  ) {
    if (typeof detail.text === 'string') last.text = (last.text ?? '') + detail.text;
    if (typeof detail.summary === 'string') last.summary = (last.summary ?? '') + detail.summary;
    if (typeof detail.signature === 'string' && detail.signature !== '') last.signature = detail.signature;
    for (const key of Object.keys(detail)) {
      if (!(key in last)) last[key] = detail[key];
    }
    return;
  }
  merged.push({ ...detail });
}
