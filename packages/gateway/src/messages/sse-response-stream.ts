import type { AnthropicStreamEvent } from '@ccp/convert';
import { pumpSse, type SsePump, type SsePumpOptions } from './sse-pump';

const encoder = new TextEncoder();

/**
 * The SSE body as a web `ReadableStream` (for `app.request`, embedders and the benchmark
 * runner); the Node server writes the same pump straight to its response instead.
 */
export function sseResponseStream(
  batches: AsyncIterable<readonly AnthropicStreamEvent[]>,
  options: SsePumpOptions,
): ReadableStream<Uint8Array> {
  let pump: SsePump | undefined;
  let wake: (() => void) | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      pump = pumpSse(
        batches,
        {
          write(text) {
            controller.enqueue(encoder.encode(text));
            return (controller.desiredSize ?? 1) > 0;
          },
          drained: () =>
            new Promise<void>((resolve) => {
              wake = resolve;
            }),
          end(text) {
            if (text !== '') controller.enqueue(encoder.encode(text));
            controller.close();
          },
        },
        options,
      );
    },
    pull() {
      wake?.();
      wake = undefined;
    },
    cancel() {
      pump?.cancel();
      wake?.();
    },
  });
}
