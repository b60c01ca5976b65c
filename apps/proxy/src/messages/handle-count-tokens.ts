import { countAnthropicRequestTokens, parseAnthropicCountTokensRequest } from '@ccp/convert';
import { readJsonBody } from './read-json-body';

/**
 * `POST /v1/messages/count_tokens`: a local estimate (upstreams have no such endpoint, and a 404
 * makes Claude Code retry). The `x-ccp-token-count` header says it is an estimate.
 */
export async function handleCountTokens(request: Request, maxBodyBytes: number): Promise<Response> {
  const body = await readJsonBody(request, maxBodyBytes);
  const countRequest = parseAnthropicCountTokensRequest(body);
  const inputTokens = countAnthropicRequestTokens(countRequest);
  return new Response(JSON.stringify({ input_tokens: inputTokens }), {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-ccp-token-count': 'estimate' },
  });
}
