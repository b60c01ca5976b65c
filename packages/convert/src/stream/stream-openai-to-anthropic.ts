import { createParser } from 'eventsource-parser';
import type { AnthropicStreamEvent } from '../anthropic-api';
import { OpenAIStreamTransducer } from './openai-stream-transducer';
import { SourceReader } from './source-reader';
import type { StreamConversionOptions, StreamSummary } from './stream-types';

/** How many chunks are read after `message_stop` so a keep-alive connection can be reused. */
const drainLimit = 64;
const streamOption = { stream: true };
const plainBodyLimit = 16 * 1024 * 1024;

/**
 * Converts an OpenAI Chat Completions SSE body (bytes or text, split anywhere) into Anthropic
 * Messages stream events: exactly one `message_start`, blocks one at a time with dense indices,
 * then `message_delta` and `message_stop` — or an `error` event when the upstream fails.
 *
 * The summary for metering is passed to `options.onFinish` once the stream ends in any way
 * (normal end, error, abort, or the consumer stopping early) and is also the generator's
 * return value.
 *
 * @example
 * const upstream = await fetch(url, { method: 'POST', body, signal: controller.signal });
 * const events = streamOpenAIToAnthropic(upstream.body!, {
 *   model: 'claude-sonnet-4-5',
 *   inputTokensEstimate: 1200,
 *   signal: controller.signal,
 *   onFinish: (summary) => meter.record(summary),
 * });
 * return new Response(encodeAnthropicStream(events), { headers: { 'content-type': 'text/event-stream' } });
 */
export async function* streamOpenAIToAnthropic(
  source: AsyncIterable<Uint8Array | string>,
  options: StreamConversionOptions,
): AsyncGenerator<AnthropicStreamEvent, StreamSummary, undefined> {
  const batches = streamOpenAIToAnthropicBatches(source, options);
  let finished = false;
  try {
    for (;;) {
      const result = await batches.next();
      if (result.done) {
        finished = true;
        return result.value;
      }
      for (const event of result.value) yield event;
    }
  } finally {
    // The consumer stopped early: the conversion ends as it would have on its own.
    if (!finished) await batches.return(undefined as never);
  }
}

/**
 * {@link streamOpenAIToAnthropic}, one array per upstream read instead of one event at a time:
 * the same events in the same order, with one wait per read rather than per event, for a
 * server that writes each read's events together. Each array is the consumer's to keep.
 *
 * @example
 * for await (const events of streamOpenAIToAnthropicBatches(upstream.body!, { model })) {
 *   response.write(events.map(encodeAnthropicEvent).join(''));
 * }
 */
export async function* streamOpenAIToAnthropicBatches(
  source: AsyncIterable<Uint8Array | string>,
  options: StreamConversionOptions,
): AsyncGenerator<AnthropicStreamEvent[], StreamSummary, undefined> {
  const transducer = new OpenAIStreamTransducer(options);
  const reader = new SourceReader(source, options.pingIntervalMs ?? 10_000, options.signal);
  const decoder = new TextDecoder();
  // Until the first SSE event or comment, the body is also kept as text: an upstream that
  // ignored `stream: true` answers with plain JSON, which is converted whole at the end.
  let sawSse = false;
  let plainBody = '';
  const parser = createParser({
    onEvent: (event) => {
      sawSse = true;
      transducer.handleData(event.data, event.event);
    },
    onComment: () => {
      sawSse = true;
    },
  });
  const events = transducer.events;
  let consumerStoppedEarly = true;
  let summary: StreamSummary | undefined;
  try {
    transducer.start();
    while (true) {
      if (events.length > 0) {
        const batch = events.slice();
        events.length = 0;
        yield batch;
      }
      if (transducer.isDone) break;
      const read = await reader.read();
      switch (read.kind) {
        case 'chunk': {
          const text = typeof read.value === 'string' ? read.value : decoder.decode(read.value, streamOption);
          if (!sawSse && plainBody.length < plainBodyLimit) plainBody += text;
          if (text !== '') parser.feed(text);
          break;
        }
        case 'end': {
          const rest = decoder.decode();
          // The blank line dispatches a last event the upstream did not terminate.
          parser.feed(rest + '\n\n');
          if (sawSse || !transducer.handleJsonBody(plainBody + rest)) transducer.endOfStream();
          break;
        }
        case 'ping':
          transducer.ping();
          break;
        case 'failed':
          transducer.sourceFailed(read.error);
          break;
        case 'aborted':
          transducer.aborted(read.reason);
          break;
      }
    }
    consumerStoppedEarly = false;
    if (transducer.endedNormally) {
      // Read what follows message_stop (usually `[DONE]`) so the upstream connection ends cleanly.
      for (let count = 0; count < drainLimit && !reader.isEnded; count++) {
        const read = await reader.read(false);
        if (read.kind !== 'chunk') break;
      }
    }
  } finally {
    await reader.close();
    summary = transducer.finalSummary(consumerStoppedEarly);
    options.onFinish?.(summary);
  }
  return summary;
}
