import type { AnthropicErrorDetail, AnthropicMessage, AnthropicStreamEvent } from '../anthropic-api';
import { parseToolArguments } from '../repair-tool-arguments';

/** An Anthropic stream that ended with an `error` event, or could not be applied. */
export class AnthropicStreamError extends Error {
  override readonly name = 'AnthropicStreamError';
  constructor(
    message: string,
    /** The `error` event's detail, when the stream carried one. */
    readonly detail?: AnthropicErrorDetail,
  ) {
    super(message);
  }
}

/**
 * Builds the final message from Anthropic stream events the way the SDK's MessageStream does:
 * each delta applies to `content[index]`. Throws {@link AnthropicStreamError} on an `error`
 * event, on a block index that is not the next one, on a delta for a block that is not open,
 * and on a stream without `message_start` or `message_stop`. Tool inputs are the parsed
 * `input_json_delta` text (repaired if broken).
 *
 * @example const message = await collectAnthropicMessage(streamOpenAIToAnthropic(body, { model }));
 */
export async function collectAnthropicMessage(
  events: AsyncIterable<AnthropicStreamEvent>,
): Promise<AnthropicMessage> {
  let message: AnthropicMessage | undefined;
  let openIndex = -1;
  let toolJson = '';
  let stopped = false;
  for await (const event of events) {
    if (stopped) throw new AnthropicStreamError(`Event ${event.type} arrived after message_stop.`);
    if (event.type === 'ping') continue;
    if (event.type === 'error') throw new AnthropicStreamError(event.error.message, event.error);
    if (event.type === 'message_start') {
      if (message) throw new AnthropicStreamError('A second message_start arrived.');
      message = { ...event.message, content: [], usage: { ...event.message.usage } };
      continue;
    }
    if (!message) throw new AnthropicStreamError(`Event ${event.type} arrived before message_start.`);
    switch (event.type) {
      case 'content_block_start': {
        if (openIndex >= 0)
          throw new AnthropicStreamError(`Block ${event.index} started while block ${openIndex} is open.`);
        if (event.index !== message.content.length) {
          throw new AnthropicStreamError(
            `Block index ${event.index} is not the next index ${message.content.length}.`,
          );
        }
        message.content.push({ ...event.content_block });
        openIndex = event.index;
        toolJson = '';
        break;
      }
      case 'content_block_delta': {
        const block = message.content[event.index];
        if (!block || event.index !== openIndex) {
          throw new AnthropicStreamError(
            `Content block not found: delta for index ${event.index} with no open block there.`,
          );
        }
        const delta = event.delta;
        if (delta.type === 'text_delta' && block.type === 'text') block.text += delta.text;
        else if (delta.type === 'thinking_delta' && block.type === 'thinking')
          block.thinking += delta.thinking;
        else if (delta.type === 'signature_delta' && block.type === 'thinking')
          block.signature = delta.signature;
        else if (delta.type === 'input_json_delta' && block.type === 'tool_use')
          toolJson += delta.partial_json;
        else throw new AnthropicStreamError(`A ${delta.type} does not apply to a ${block.type} block.`);
        break;
      }
      case 'content_block_stop': {
        if (event.index !== openIndex)
          throw new AnthropicStreamError(`Block ${event.index} stopped but is not open.`);
        const block = message.content[event.index];
        if (block?.type === 'tool_use' && toolJson !== '') block.input = parseToolArguments(toolJson).value;
        openIndex = -1;
        break;
      }
      case 'message_delta': {
        message.stop_reason = event.delta.stop_reason;
        message.stop_sequence = event.delta.stop_sequence;
        for (const [key, value] of Object.entries(event.usage)) {
          // Fields the delta leaves null keep what message_start said; unknown ones are kept too.
          if (value !== undefined && value !== null) Object.assign(message.usage, { [key]: value });
        }
        break;
      }
      case 'message_stop':
        if (openIndex >= 0)
          throw new AnthropicStreamError(`message_stop arrived while block ${openIndex} is open.`);
        stopped = true;
        break;
    }
  }
  if (!message) throw new AnthropicStreamError('The stream ended without message_start.');
  if (!stopped) throw new AnthropicStreamError('The stream ended without message_stop.');
  return message;
}
