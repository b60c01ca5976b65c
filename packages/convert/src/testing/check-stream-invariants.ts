import type { AnthropicStreamEvent } from '../anthropic-api';

export type StreamInvariantOptions = {
  /** Default true: every tool_use block's `input_json_delta` text must parse as a JSON object. */
  requireValidToolJson?: boolean;
};

/**
 * Checks the rules Anthropic clients rely on and throws an Error naming the first one broken:
 * exactly one `message_start` first (empty content, null stop_reason, numeric usage); blocks
 * one at a time with dense indices in start order, each started and stopped once; deltas only
 * for the open block and of its kind; `signature_delta` last in a thinking block; no empty text
 * block; and the end is `message_delta` then `message_stop`, or an `error` with no
 * `message_stop`. Meant for tests of anything that produces Anthropic streams.
 *
 * @example assertAnthropicStreamInvariants(await Array.fromAsync(streamOpenAIToAnthropic(body, { model })));
 */
export function assertAnthropicStreamInvariants(
  events: readonly AnthropicStreamEvent[],
  options: StreamInvariantOptions = {},
): void {
  const requireValidToolJson = options.requireValidToolJson ?? true;
  const fail = (position: number, rule: string): never => {
    throw new Error(`Anthropic stream invariant broken at event ${position}: ${rule}`);
  };
  const first = events[0];
  if (first?.type !== 'message_start') fail(0, 'the first event must be message_start');
  if (first?.type === 'message_start') {
    const message = first.message;
    if (message.content.length !== 0) fail(0, 'message_start content must be empty');
    if (message.stop_reason !== null) fail(0, 'message_start stop_reason must be null');
    if (typeof message.usage.input_tokens !== 'number' || typeof message.usage.output_tokens !== 'number') {
      fail(0, 'message_start usage must have input_tokens and output_tokens');
    }
  }
  let nextIndex = 0;
  let openIndex = -1;
  let openType = '';
  let openHasText = false;
  let signed = false;
  let toolJson = '';
  let sawToolUse = false;
  let messageDeltaAt = -1;
  let ended = false;
  for (let position = 1; position < events.length; position++) {
    const event = events[position]!;
    if (ended) fail(position, `nothing may follow the final ${events[position - 1]?.type}`);
    switch (event.type) {
      case 'message_start':
        fail(position, 'message_start must appear exactly once');
        break;
      case 'ping':
        break;
      case 'content_block_start': {
        if (messageDeltaAt >= 0) fail(position, 'no block may start after message_delta');
        if (openIndex >= 0) fail(position, `block ${event.index} started while block ${openIndex} is open`);
        if (event.index !== nextIndex) fail(position, `block index ${event.index} should be ${nextIndex}`);
        const block = event.content_block;
        if (block.type === 'text' && block.text !== '') fail(position, 'a text block must start empty');
        if (block.type === 'thinking' && block.thinking !== '')
          fail(position, 'a thinking block must start empty');
        if (block.type === 'tool_use') {
          sawToolUse = true;
          if (!/^[a-zA-Z0-9_-]+$/.test(block.id))
            fail(position, `tool_use id ${block.id} has invalid characters`);
          if (block.name === '') fail(position, 'tool_use name must not be empty');
          if (JSON.stringify(block.input) !== '{}') fail(position, 'tool_use must start with input {}');
        }
        openIndex = event.index;
        openType = block.type;
        openHasText = false;
        signed = false;
        toolJson = '';
        nextIndex++;
        break;
      }
      case 'content_block_delta': {
        if (event.index !== openIndex)
          fail(position, `delta for block ${event.index} but block ${openIndex} is open`);
        const delta = event.delta;
        const fits =
          (delta.type === 'text_delta' && openType === 'text') ||
          ((delta.type === 'thinking_delta' || delta.type === 'signature_delta') &&
            openType === 'thinking') ||
          (delta.type === 'input_json_delta' && openType === 'tool_use');
        if (!fits) fail(position, `${delta.type} inside a ${openType} block`);
        if (signed) fail(position, 'signature_delta must be the last delta of its thinking block');
        if (delta.type === 'signature_delta') {
          if (delta.signature === '') fail(position, 'signature_delta must not be empty');
          signed = true;
        }
        if (delta.type === 'text_delta') {
          if (delta.text === '') fail(position, 'text_delta must not be empty');
          openHasText = true;
        }
        if (delta.type === 'input_json_delta') toolJson += delta.partial_json;
        break;
      }
      case 'content_block_stop': {
        if (event.index !== openIndex)
          fail(position, `stop for block ${event.index} but block ${openIndex} is open`);
        if (openType === 'text' && !openHasText) fail(position, 'a text block must not be empty');
        if (openType === 'tool_use' && requireValidToolJson && toolJson !== '') {
          let parsed: unknown;
          try {
            parsed = JSON.parse(toolJson);
          } catch {
            fail(position, `tool input JSON does not parse: ${toolJson.slice(0, 200)}`);
          }
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
            fail(position, 'tool input JSON must be an object');
          }
        }
        openIndex = -1;
        break;
      }
      case 'message_delta': {
        if (openIndex >= 0) fail(position, `message_delta while block ${openIndex} is open`);
        if (messageDeltaAt >= 0) fail(position, 'message_delta must appear once');
        const stopReason = event.delta.stop_reason;
        if (stopReason === null) fail(position, 'message_delta must carry a stop_reason');
        if (stopReason === 'tool_use' && !sawToolUse)
          fail(position, 'stop_reason tool_use without a tool_use block');
        if (sawToolUse && stopReason !== 'tool_use' && stopReason !== 'max_tokens') {
          fail(position, `stop_reason ${stopReason} despite a tool_use block`);
        }
        if (typeof event.usage.output_tokens !== 'number')
          fail(position, 'message_delta usage needs output_tokens');
        messageDeltaAt = position;
        break;
      }
      case 'message_stop':
        if (messageDeltaAt < 0) fail(position, 'message_stop must follow message_delta');
        ended = true;
        break;
      case 'error':
        if (messageDeltaAt >= 0) fail(position, 'error after message_delta');
        ended = true;
        break;
    }
  }
  if (!ended) fail(events.length, 'the stream must end with message_stop or error');
}
