import type { AnthropicStreamEvent } from '../anthropic-api';

const encoder = new TextEncoder();

/**
 * One Anthropic stream event as SSE text.
 *
 * @example encodeAnthropicEvent({ type: 'ping' }) // 'event: ping\ndata: {"type":"ping"}\n\n'
 */
export function encodeAnthropicEvent(event: AnthropicStreamEvent): string {
  if (event.type === 'content_block_delta') {
    // Deltas are nearly every event: only their text needs escaping, the rest is a fixed frame
    // (same bytes as JSON.stringify of the whole event, at a fraction of the cost).
    const delta = event.delta;
    const head = `event: content_block_delta\ndata: {"type":"content_block_delta","index":${event.index},"delta":{"type":"`;
    switch (delta.type) {
      case 'text_delta':
        return `${head}text_delta","text":${JSON.stringify(delta.text)}}}\n\n`;
      case 'input_json_delta':
        return `${head}input_json_delta","partial_json":${JSON.stringify(delta.partial_json)}}}\n\n`;
      case 'thinking_delta':
        return `${head}thinking_delta","thinking":${JSON.stringify(delta.thinking)}}}\n\n`;
      default:
        break;
    }
  }
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * A byte stream of SSE for a response body. Each event is serialised once; cancelling the
 * stream (the client went away) stops the event source, which releases the upstream.
 *
 * @example
 * return new Response(encodeAnthropicStream(streamOpenAIToAnthropic(upstream.body!, options)), {
 *   headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
 * });
 */
export function encodeAnthropicStream(
  events: AsyncIterable<AnthropicStreamEvent>,
): ReadableStream<Uint8Array> {
  const iterator = events[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(encodeAnthropicEvent(next.value)));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
