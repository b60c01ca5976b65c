import type { ProviderDialect } from './provider-dialect';
import { isProviderDialect } from './provider-dialect';

/** Prefix of ccp's own thinking signatures; anything else (Anthropic's real ones) is foreign. */
export const thinkingSignaturePrefix = 'ccp1.';

export type ThinkingSignatureContent = {
  dialect: ProviderDialect;
  /** The upstream model that produced the reasoning. */
  model: string;
  /** OpenRouter `reasoning_details`, kept so they can be sent back verbatim. */
  details?: unknown[] | undefined;
};

type _Wire = { d: string; m: string; r?: unknown[] };

/**
 * ccp's signature for a thinking block it produced: `ccp1.` + base64url(JSON). It names the dialect
 * and model so a later turn can tell its own reasoning from a foreign one, and carries OpenRouter's
 * `reasoning_details`.
 *
 * @example
 * const signature = encodeThinkingSignature({ dialect: 'deepseek', model: 'deepseek-chat' });
 * decodeThinkingSignature(signature); // { dialect: 'deepseek', model: 'deepseek-chat' }
 */
export function encodeThinkingSignature(content: ThinkingSignatureContent): string {
  const wire: _Wire = { d: content.dialect, m: content.model };
  if (content.details !== undefined && content.details.length > 0) wire.r = content.details;
  return thinkingSignaturePrefix + Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
}

/**
 * Reads a signature made by {@link encodeThinkingSignature}; undefined for anything else
 * (Anthropic's own signatures, other proxies', damaged ones).
 */
export function decodeThinkingSignature(signature: unknown): ThinkingSignatureContent | undefined {
  if (typeof signature !== 'string' || !signature.startsWith(thinkingSignaturePrefix)) return undefined;
  let wire: unknown;
  try {
    wire = JSON.parse(
      Buffer.from(signature.slice(thinkingSignaturePrefix.length), 'base64url').toString('utf8'),
    );
  } catch {
    return undefined;
  }
  if (typeof wire !== 'object' || wire === null) return undefined;
  const { d, m, r } = wire as Partial<Record<keyof _Wire, unknown>>;
  if (typeof d !== 'string' || !isProviderDialect(d) || typeof m !== 'string') return undefined;
  const content: ThinkingSignatureContent = { dialect: d, model: m };
  if (Array.isArray(r)) content.details = r;
  return content;
}

/**
 * The `thinkingSignature` hook of `@ccp/convert`'s response and stream conversion: signs each
 * thinking block with this dialect and model, and keeps OpenRouter's `reasoning_details`.
 *
 * @example
 * convertOpenAIResponseToAnthropic(body, { model, thinkingSignature: createThinkingSignature({ dialect, model: upstreamModel }) });
 */
export function createThinkingSignature(options: {
  dialect: ProviderDialect;
  model: string;
}): (thinking: { text: string; details: readonly unknown[] }) => string {
  return (thinking) =>
    encodeThinkingSignature({
      dialect: options.dialect,
      model: options.model,
      // Only OpenRouter takes the details back; elsewhere they would only grow the signature.
      details: options.dialect === 'openrouter' ? [...thinking.details] : undefined,
    });
}
