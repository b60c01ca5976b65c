import { redactSecrets } from '@ccp/convert';

/**
 * A safety net for log lines: replaces anything that looks like an API key or credential,
 * including long unbroken letter-and-digit runs. Feed events carry no secrets; this catches
 * mistakes before they reach a terminal. One implementation with the error redaction in
 * `@ccp/convert`.
 *
 * @example redactKeyLikeStrings('key sk-or-v1-abcdef123456') // no key left in the result
 */
export function redactKeyLikeStrings(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text, { keyLikeRuns: true, secrets });
}
