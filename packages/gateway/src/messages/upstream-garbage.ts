import { AnthropicApiError, redactSecrets } from '@ccp/convert';

/** An upstream answer that could not be read: overloaded (529), which Claude Code retries. */
export function upstreamGarbage(error: unknown, secrets: readonly string[] = []): AnthropicApiError {
  const reason = error instanceof Error ? redactSecrets(error.message, { secrets }) : 'unreadable answer';
  return AnthropicApiError.fromStatus(529, `Upstream provider sent an answer ccp could not read: ${reason}.`);
}
