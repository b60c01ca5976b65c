import type { AnthropicMessage, AnthropicStreamEvent } from '../anthropic-api';

/**
 * The stream events that deliver a complete message: `message_start`, each block as start,
 * one delta and stop, then `message_delta` and `message_stop`. Useful to answer a streaming
 * client from a non-streaming result (a cache, or an upstream that ignored `stream: true`).
 *
 * @example for (const event of anthropicMessageToStreamEvents(message)) writer.write(encodeAnthropicEvent(event));
 */
export function anthropicMessageToStreamEvents(message: AnthropicMessage): AnthropicStreamEvent[] {
  const { content, stop_reason, stop_sequence, usage, ...rest } = message;
  const events: AnthropicStreamEvent[] = [
    {
      type: 'message_start',
      message: { ...rest, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage } },
    },
    ...blockEvents(content, 0),
  ];
  events.push(
    { type: 'message_delta', delta: { stop_reason, stop_sequence }, usage: { ...usage } },
    { type: 'message_stop' },
  );
  return events;
}

/** Start, delta and stop events for `blocks`, numbered from `firstIndex`. Empty text blocks are skipped. */
export function blockEvents(blocks: AnthropicMessage['content'], firstIndex: number): AnthropicStreamEvent[] {
  const events: AnthropicStreamEvent[] = [];
  let index = firstIndex;
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        if (block.text === '') continue;
        events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
        break;
      case 'thinking':
        events.push({
          type: 'content_block_start',
          index,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        });
        if (block.thinking !== '') {
          events.push({
            type: 'content_block_delta',
            index,
            delta: { type: 'thinking_delta', thinking: block.thinking },
          });
        }
        if (block.signature !== '') {
          events.push({
            type: 'content_block_delta',
            index,
            delta: { type: 'signature_delta', signature: block.signature },
          });
        }
        break;
      case 'redacted_thinking':
        events.push({ type: 'content_block_start', index, content_block: { ...block } });
        break;
      case 'tool_use': {
        events.push({
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
        });
        const json = JSON.stringify(block.input ?? {});
        if (json !== '{}') {
          events.push({
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json: json },
          });
        }
        break;
      }
    }
    events.push({ type: 'content_block_stop', index });
    index++;
  }
  return events;
}
