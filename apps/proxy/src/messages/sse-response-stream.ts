import {
  type AnthropicStreamEvent,
  encodeAnthropicEvent,
  isAnthropicApiError,
  type StreamSummary,
} from '@ccp/convert';
import type { RequestTracker } from '../observe/request-observer';
import { upstreamGarbage } from './upstream-garbage';

export type SseResponseOptions = {
  tracker: RequestTracker;
  onFinish: (summary: StreamSummary | undefined, cancelled: boolean) => void;
  onCancel: () => void;
  log: (level: 'debug' | 'warn' | 'error', message: string) => void;
  /** Configured keys, masked in any error text. */
  secrets?: readonly string[];
};

const encoder = new TextEncoder();
const WAITING = Symbol('waiting');

/** Resolves on the next turn of the event loop, after every promise that is already settling. */
const nextTurn = () => new Promise<typeof WAITING>((resolve) => setImmediate(resolve, WAITING));

/**
 * Encodes Anthropic events as an SSE body. Events that are ready together (those converted
 * from one upstream read) go out in one write; as soon as the upstream makes us wait, what is
 * ready is flushed, so no event is ever held back. The first failure after bytes went out
 * becomes an `error` event.
 */
export function sseResponseStream(
  events: AsyncIterable<AnthropicStreamEvent>,
  options: SseResponseOptions,
): ReadableStream<Uint8Array> {
  const iterator = events[Symbol.asyncIterator]() as AsyncIterator<
    AnthropicStreamEvent,
    StreamSummary | undefined
  >;
  let finished = false;
  let outputTokens = 0;
  let receiving = false;
  let outputCharacters = 0;
  let thinkingCharacters = 0;
  let pending: Promise<IteratorResult<AnthropicStreamEvent, StreamSummary | undefined>> | undefined;

  const finish = (summary: StreamSummary | undefined, cancelled: boolean) => {
    if (finished) return;
    finished = true;
    options.onFinish(summary, cancelled);
  };

  const observe = (event: AnthropicStreamEvent) => {
    if (event.type === 'content_block_delta') {
      if (!receiving) {
        receiving = true;
        options.tracker.phase('receive');
      }
      // A live estimate (≈4 characters a token); the upstream's count arrives with message_delta.
      const delta = event.delta;
      if (delta.type === 'thinking_delta') thinkingCharacters += delta.thinking.length;
      else if (delta.type === 'text_delta') outputCharacters += delta.text.length;
      else if (delta.type === 'input_json_delta') outputCharacters += delta.partial_json.length;
      options.tracker.usage(
        Math.ceil((outputCharacters + thinkingCharacters) / 4),
        Math.ceil(thinkingCharacters / 4),
      );
    } else if (event.type === 'message_delta') {
      outputTokens = event.usage.output_tokens;
      options.tracker.usage(outputTokens, event.usage.thinking_tokens ?? 0);
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = '';
      try {
        for (;;) {
          const next = pending ?? iterator.next();
          pending = undefined;
          // With nothing gathered yet, wait for the upstream; otherwise only for what is already settling.
          const result = text === '' ? await next : await Promise.race([next, nextTurn()]);
          if (result === WAITING) {
            pending = next;
            break;
          }
          if (result.done) {
            if (text !== '') controller.enqueue(encoder.encode(text));
            finish(result.value, false);
            controller.close();
            return;
          }
          observe(result.value);
          text += encodeAnthropicEvent(result.value);
        }
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        const mapped = isAnthropicApiError(error) ? error : upstreamGarbage(error, options.secrets);
        options.log('warn', `stream failed: ${mapped.message}`);
        const detail = mapped.toBody().error;
        controller.enqueue(encoder.encode(text + encodeAnthropicEvent({ type: 'error', error: detail })));
        finish(
          {
            usage: {
              input_tokens: 0,
              output_tokens: outputTokens,
              cache_creation_input_tokens: 0,
              cache_read_input_tokens: 0,
            },
            stopReason: null,
            blockCount: 0,
            toolCallCount: 0,
            thinkingChars: 0,
            error: detail,
          } as StreamSummary,
          false,
        );
        controller.close();
      }
    },
    async cancel() {
      options.onCancel();
      finish(undefined, true);
      await iterator.return?.(undefined);
    },
  });
}
