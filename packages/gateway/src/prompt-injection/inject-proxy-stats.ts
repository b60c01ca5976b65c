import type { AnthropicMessagesRequest, AnthropicTextBlockParam } from '@ccp/convert';

/**
 * Adds `text` as ONE extra system text block after the existing ones. Earlier blocks are kept
 * as the very same objects (text and `cache_control` untouched), so the cached prompt prefix
 * stays byte-identical; a string system prompt becomes the first block, unchanged. The request
 * is not mutated. Empty text leaves the request as it is.
 *
 * @example
 * injectProxyStats({ model, max_tokens: 1024, messages, system: 'Be brief.' }, 'ccp 🟢openrouter 📨12').system
 * // [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'ccp 🟢openrouter 📨12' }]
 */
export function injectProxyStats(request: AnthropicMessagesRequest, text: string): AnthropicMessagesRequest {
  if (text.trim() === '') return request;
  const block: AnthropicTextBlockParam = { type: 'text', text };
  const { system } = request;
  if (system === undefined || system === '') return { ...request, system: [block] };
  if (typeof system === 'string') return { ...request, system: [{ type: 'text', text: system }, block] };
  return { ...request, system: [...system, block] };
}

/**
 * Cache-friendlier alternative: adds `text` as one text block at the end of the last user turn,
 * wrapped in `<system-reminder>` the way Claude Code marks its own notes there. Everything before
 * it (tools, system, earlier turns and their `cache_control`) stays byte-identical, so prefix
 * caching upstream keeps hitting even though the stats change every turn. When the last message
 * is not a user turn (an assistant prefill), falls back to {@link injectProxyStats}.
 *
 * @example
 * injectProxyStatsIntoLastUserTurn({ model, max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] }, 'ccp 📨12')
 *   .messages[0].content // [{ type: 'text', text: 'hi' }, { type: 'text', text: '<system-reminder>\nccp 📨12\n</system-reminder>' }]
 */
export function injectProxyStatsIntoLastUserTurn(
  request: AnthropicMessagesRequest,
  text: string,
): AnthropicMessagesRequest {
  if (text.trim() === '') return request;
  const last = request.messages.at(-1);
  if (last?.role !== 'user') return injectProxyStats(request, text);
  const block: AnthropicTextBlockParam = {
    type: 'text',
    text: `<system-reminder>\n${text}\n</system-reminder>`,
  };
  const content =
    typeof last.content === 'string'
      ? [...(last.content === '' ? [] : [{ type: 'text' as const, text: last.content }]), block]
      : [...last.content, block];
  return { ...request, messages: [...request.messages.slice(0, -1), { ...last, content }] };
}
