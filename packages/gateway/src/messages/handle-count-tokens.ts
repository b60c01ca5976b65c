import { countAnthropicRequestTokens, parseAnthropicCountTokensRequest } from '@ccp/convert';
import type { MessagesAnswer, MessagesCall } from './messages-answer';
import { bodyText, parseJsonText } from './read-json-body';

/**
 * `POST /v1/messages/count_tokens`: a local estimate (upstreams have no such endpoint, and a 404
 * makes Claude Code retry). The `x-ccp-token-count` header says it is an estimate.
 */
export async function handleCountTokens(call: MessagesCall, maxBodyBytes: number): Promise<MessagesAnswer> {
  const body = parseJsonText(bodyText(await call.readBody(maxBodyBytes)));
  const inputTokens = countAnthropicRequestTokens(parseAnthropicCountTokensRequest(body));
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-ccp-token-count': 'estimate' },
    json: JSON.stringify({ input_tokens: inputTokens }),
  };
}
