import type { AnthropicMessagesRequest, AnthropicTextBlockParam } from './anthropic-api';
import { addWarning } from './conversion-warning';
import { compactContent, textPart } from './convert-content-blocks';
import type { OpenAISystemMessage, OpenAITextPart } from './openai-api';
import type { ConversionContext } from './request-conversion-options';

/** Text parts of a system prompt or a system message, without empty blocks. */
export function systemTextParts(
  content: string | AnthropicTextBlockParam[] | undefined,
  context: ConversionContext,
): OpenAITextPart[] {
  if (content === undefined) return [];
  if (typeof content === 'string') {
    const part = textPart(content, {}, context);
    return part ? [part] : [];
  }
  return content.flatMap((block) => {
    if (block.text.startsWith(BILLING_HEADER_PREFIX)) {
      addWarning(context.warnings, {
        type: 'dropped',
        field: 'system',
        message:
          "Claude Code's billing header block dropped: it is an Anthropic billing marker, not prompt text",
      });
      return [];
    }
    const part = textPart(block.text, block, context);
    return part ? [part] : [];
  });
}

/** Claude Code's first system block: meaningful to Anthropic's billing only, and it changes with every CLI release. */
const BILLING_HEADER_PREFIX = 'x-anthropic-billing-header:';

/**
 * `system` (a string or text blocks) → one leading system message: the texts joined by a blank
 * line, or text parts keeping `cache_control` when `keepCacheControl` is on. Nothing when empty.
 *
 * @example convertSystemPrompt([{ type: 'text', text: 'Be brief.' }], context) // { role: 'system', content: 'Be brief.' }
 */
export function convertSystemPrompt(
  system: AnthropicMessagesRequest['system'],
  context: ConversionContext,
): OpenAISystemMessage | undefined {
  const content = compactContent(systemTextParts(system, context));
  if (content === undefined) return undefined;
  return { role: context.options.systemRole ?? 'system', content };
}
