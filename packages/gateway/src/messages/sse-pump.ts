import {
  type AnthropicStreamEvent,
  encodeAnthropicEvent,
  estimateOutputTokensFromCharacters,
  isAnthropicApiError,
  type StreamSummary,
} from '@ccp/convert';
import type { RequestTracker } from '../observe/request-observer';
import { upstreamGarbage } from './upstream-garbage';

export type SsePumpOptions = {
  tracker: RequestTracker;
  onFinish: (summary: StreamSummary | undefined, cancelled: boolean) => void;
  onCancel: () => void;
  log: (level: 'debug' | 'warn' | 'error', message: string) => void;
  /** Configured keys, masked in any error text. */
  secrets?: readonly string[];
};

/** Where the SSE text goes: a Node response or a web stream. */
export type SseSink = {
  /** Writes one batch of events; false when the consumer asks to wait for `drained()`. */
  write(text: string): boolean;
  drained(): Promise<void>;
  /** Ends the stream, with the last batch when there is one (one write instead of two). */
  end(text: string): void;
};

export type SsePump = {
  /** Settles once the stream has ended, failed or been cancelled. */
  done: Promise<void>;
  /** The client went away: stops reading the upstream and records a cancelled request. */
  cancel(): void;
};

/**
 * Encodes Anthropic events as SSE text into `sink`. They come in arrays, those converted from one
 * upstream read together, so the pump waits once per read rather than once per event. Events
 * that are ready together go out in one write: a flush is queued with `setImmediate` when the
 * first array of a batch arrives, so it runs as soon as the upstream makes us wait and no event
 * is ever held back. The first failure after bytes went out becomes an `error` event.
 */
export function pumpSse(
  batches: AsyncIterable<readonly AnthropicStreamEvent[]>,
  sink: SseSink,
  options: SsePumpOptions,
): SsePump {
  const iterator = batches[Symbol.asyncIterator]() as AsyncIterator<
    readonly AnthropicStreamEvent[],
    StreamSummary | undefined
  >;
  let finished = false;
  let cancelled = false;
  let receiving = false;
  let outputTokens = 0;
  let outputCharacters = 0;
  let thinkingCharacters = 0;
  let buffer = '';
  let flushQueued = false;
  let waitForDrain: Promise<void> | undefined;

  const finish = (summary: StreamSummary | undefined, wasCancelled: boolean) => {
    if (finished) return;
    finished = true;
    options.onFinish(summary, wasCancelled);
  };

  const flush = () => {
    flushQueued = false;
    if (buffer === '' || cancelled) return;
    const text = buffer;
    buffer = '';
    if (!sink.write(text)) waitForDrain = sink.drained();
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
        estimateOutputTokensFromCharacters(outputCharacters + thinkingCharacters),
        estimateOutputTokensFromCharacters(thinkingCharacters),
      );
    } else if (event.type === 'message_delta') {
      outputTokens = event.usage.output_tokens;
      options.tracker.usage(outputTokens, event.usage.thinking_tokens ?? 0);
    }
  };

  const run = async () => {
    try {
      for (;;) {
        if (waitForDrain) {
          await waitForDrain;
          waitForDrain = undefined;
        }
        const result = await iterator.next();
        if (cancelled) return;
        if (result.done) {
          const text = buffer;
          buffer = '';
          // The last bytes go out before the bookkeeping of the finished request.
          sink.end(text);
          finish(result.value, false);
          return;
        }
        for (const event of result.value) {
          observe(event);
          buffer += encodeAnthropicEvent(event);
        }
        if (!flushQueued) {
          flushQueued = true;
          setImmediate(flush);
        }
      }
    } catch (error) {
      if (cancelled) return;
      const mapped = isAnthropicApiError(error) ? error : upstreamGarbage(error, options.secrets);
      options.log('warn', `stream failed: ${mapped.message}`);
      const detail = mapped.toBody().error;
      sink.end(buffer + encodeAnthropicEvent({ type: 'error', error: detail }));
      buffer = '';
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
    }
  };

  return {
    done: run(),
    cancel() {
      if (cancelled || finished) return;
      cancelled = true;
      options.onCancel();
      finish(undefined, true);
      iterator.return?.(undefined)?.catch(() => {});
    },
  };
}
