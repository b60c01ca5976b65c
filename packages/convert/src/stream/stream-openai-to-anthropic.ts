import { createParser, type EventSourceParser } from 'eventsource-parser';
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
  const conversion = new StreamConversion(source, options);
  const events = conversion.events;
  let consumerStoppedEarly = true;
  try {
    conversion.start();
    do {
      for (let index = 0; index < events.length; index++) yield events[index]!;
      events.length = 0;
    } while (await conversion.step());
    consumerStoppedEarly = false;
    await conversion.drain();
  } finally {
    await conversion.close(consumerStoppedEarly);
  }
  return conversion.summary as StreamSummary;
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
  const conversion = new StreamConversion(source, options);
  const events = conversion.events;
  let consumerStoppedEarly = true;
  try {
    conversion.start();
    do {
      if (events.length > 0) {
        const batch = events.slice();
        events.length = 0;
        yield batch;
      }
    } while (await conversion.step());
    consumerStoppedEarly = false;
    await conversion.drain();
  } finally {
    await conversion.close(consumerStoppedEarly);
  }
  return conversion.summary as StreamSummary;
}

/**
 * One conversion's state, driven by the two generators above: each `step()` reads the upstream
 * once and leaves the events it produced in `events`.
 */
class StreamConversion {
  readonly events: AnthropicStreamEvent[];
  summary: StreamSummary | undefined;
  private readonly transducer: OpenAIStreamTransducer;
  private readonly reader: SourceReader;
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser;
  // Until the first SSE event or comment, the body is also kept as text: an upstream that
  // ignored `stream: true` answers with plain JSON, which is converted whole at the end.
  private sawSse = false;
  private plainBody = '';

  constructor(
    source: AsyncIterable<Uint8Array | string>,
    private readonly options: StreamConversionOptions,
  ) {
    const transducer = new OpenAIStreamTransducer(options);
    this.transducer = transducer;
    this.reader = new SourceReader(source, options.pingIntervalMs ?? 10_000, options.signal);
    this.parser = createParser({
      onEvent: (event) => {
        this.sawSse = true;
        transducer.handleData(event.data, event.event);
      },
      onComment: () => {
        this.sawSse = true;
      },
    });
    this.events = transducer.events;
  }

  /** Emits `message_start`. */
  start(): void {
    this.transducer.start();
  }

  /** Reads the upstream once and converts what came; false once the conversion is done. */
  async step(): Promise<boolean> {
    const transducer = this.transducer;
    if (transducer.isDone) return false;
    const read = await this.reader.read();
    switch (read.kind) {
      case 'chunk': {
        const text =
          typeof read.value === 'string' ? read.value : this.decoder.decode(read.value, streamOption);
        if (!this.sawSse && this.plainBody.length < plainBodyLimit) this.plainBody += text;
        if (text !== '') this.parser.feed(text);
        break;
      }
      case 'end': {
        const rest = this.decoder.decode();
        // The blank line dispatches a last event the upstream did not terminate.
        this.parser.feed(rest + '\n\n');
        if (this.sawSse || !transducer.handleJsonBody(this.plainBody + rest)) transducer.endOfStream();
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
    return true;
  }

  /** Reads what follows message_stop (usually `[DONE]`) so the upstream connection ends cleanly. */
  async drain(): Promise<void> {
    if (!this.transducer.endedNormally) return;
    for (let count = 0; count < drainLimit && !this.reader.isEnded; count++) {
      const read = await this.reader.read(false);
      if (read.kind !== 'chunk') break;
    }
  }

  /** Releases the upstream and hands the summary to `onFinish`, however the stream ended. */
  async close(consumerStoppedEarly: boolean): Promise<void> {
    try {
      await this.reader.close();
    } finally {
      this.summary = this.transducer.finalSummary(consumerStoppedEarly);
      this.options.onFinish?.(this.summary);
    }
  }
}
