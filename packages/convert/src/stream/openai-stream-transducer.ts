import type { AnthropicErrorDetail, AnthropicStreamEvent, AnthropicUsage } from '../anthropic-api';
import { AnthropicIdGenerator } from '../anthropic-ids';
import { readContentParts } from '../content-parts';
import { addWarning, type ConversionWarning } from '../conversion-warning';
import { convertOpenAIResponseToAnthropic } from '../convert-openai-response';
import { isRecord } from '../is-record';
import { type MappedStopReason, mapFinishReason, readChoiceStopDetails } from '../map-finish-reason';
import type { OpenAIChatCompletion, OpenAIUsage } from '../openai-api';
import { convertOpenAIUsage } from '../usage';
import { BlockWriter } from './block-writer';
import { ContentTextRouter } from './content-text-router';
import { ContentDeltaReader } from './fast-delta';
import { blockEvents } from './message-to-events';
import {
  abortedStreamErrorDetail,
  brokenStreamErrorDetail,
  garbageStreamErrorDetail,
  truncatedStreamErrorDetail,
  upstreamStreamErrorDetail,
} from './stream-error';
import { writeDeltaReasoning } from './stream-reasoning';
import type { StreamConversionOptions, StreamSummary } from './stream-types';
import { createStreamSummary, estimateStreamUsage, reportedStreamUsage } from './stream-usage';
import { ToolCallAssembler } from './tool-call-assembler';

enum Phase {
  /** Reading content. */
  Streaming,
  /** `finish_reason` seen; waiting for the usage chunk or `[DONE]`. */
  Finished,
  /** `message_stop` or `error` emitted; nothing more is read. */
  Done,
}

/**
 * The OpenAI → Anthropic stream state machine. Synchronous: feed it SSE `data` payloads and it
 * appends Anthropic events to `events`; the async wrapper reads the upstream and yields them.
 * Blocks are written by {@link BlockWriter}, tool calls assembled by {@link ToolCallAssembler}.
 */
export class OpenAIStreamTransducer {
  /** Events produced since the wrapper last emptied this array. */
  readonly events: AnthropicStreamEvent[];

  private readonly options: StreamConversionOptions;
  private readonly model: string;
  private readonly messageId: string;
  private readonly inputTokensEstimate: number;
  private readonly warnings: ConversionWarning[];
  private readonly writer: BlockWriter;
  private readonly tools: ToolCallAssembler;

  private phase = Phase.Streaming;
  /** Chunks are parsed whole until the upstream model and id are known (then only deltas, when possible). */
  private sawChunk = false;
  private fullChunks = 0;
  private readonly content: ContentTextRouter;
  /** Reads ordinary content chunks without parsing all of them; remembers this stream's chunk framing. */
  private readonly deltas = new ContentDeltaReader();

  private finishReason: string | null = null;
  private matchedStopSequence: string | null = null;
  private nativeFinishReason: string | null = null;
  private refused = false;
  private upstreamUsage: OpenAIUsage | undefined;

  private readonly summary: StreamSummary;

  constructor(options: StreamConversionOptions) {
    this.options = options;
    this.model = options.model;
    const ids = options.ids ?? new AnthropicIdGenerator();
    this.messageId = options.messageId ?? ids.messageId();
    this.inputTokensEstimate = Math.max(0, Math.round(options.inputTokensEstimate ?? 0));
    this.warnings = options.warnings ?? [];
    this.summary = createStreamSummary(this.inputTokensEstimate, this.warnings);
    this.writer = new BlockWriter(options, this.summary);
    this.events = this.writer.events;
    this.tools = new ToolCallAssembler(
      this.writer,
      this.summary,
      this.warnings,
      ids,
      options.restoreToolName,
    );
    this.content = new ContentTextRouter(options, this.writer, this.tools, this.warnings, this.messageId);
  }

  /** True once `message_stop` or `error` was emitted. */
  get isDone(): boolean {
    return this.phase === Phase.Done;
  }

  /** True when the message ended with `message_stop`. */
  get endedNormally(): boolean {
    return this.phase === Phase.Done && this.summary.error === undefined;
  }

  /** Emits `message_start`. */
  start(): void {
    this.events.push({
      type: 'message_start',
      message: {
        id: this.messageId,
        type: 'message',
        role: 'assistant',
        model: this.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: this.inputTokensEstimate,
          output_tokens: 1,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
    });
  }

  ping(): void {
    if (this.phase !== Phase.Done) this.events.push({ type: 'ping' });
  }

  /** Handles one SSE event's `data` (and its `event:` name, if any). */
  handleData(data: string, eventName?: string): void {
    if (this.phase === Phase.Done) return;
    if (data === '[DONE]') {
      this.complete();
      return;
    }
    if (data === '') return;
    if (this.sawChunk && this.phase === Phase.Streaming && eventName === undefined) {
      const delta = this.deltas.read(data);
      if (delta !== undefined) {
        this.handleDelta(delta);
        return;
      }
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      chunk = undefined;
    }
    if (typeof chunk !== 'object' || chunk === null) {
      if (this.phase === Phase.Finished) {
        // The answer is complete; a broken trailer should not turn it into an error.
        this.warn('dropped', 'stream', 'Ignored a stream event that is not JSON after the finish_reason.');
        return;
      }
      this.fail(garbageStreamErrorDetail(data, this.options.secrets));
      return;
    }
    // An array holds none of a chunk's fields: read like an empty object.
    const record = isRecord(chunk) ? chunk : {};
    if (eventName === 'error') {
      this.fail(upstreamStreamErrorDetail(record.error ?? chunk, this.options.secrets));
      return;
    }
    this.handleChunk(record);
  }

  /** The upstream body ended (after the SSE parser was flushed). */
  endOfStream(): void {
    if (this.phase === Phase.Done) return;
    if (this.phase === Phase.Finished) this.complete();
    else this.fail(truncatedStreamErrorDetail());
  }

  /** Reading the upstream body failed. */
  sourceFailed(error: unknown): void {
    if (this.phase === Phase.Done) return;
    if (this.phase === Phase.Finished) this.complete();
    else this.fail(brokenStreamErrorDetail(error, this.options.secrets));
  }

  /**
   * The upstream answered with a plain JSON body instead of SSE (a server that ignores
   * `stream: true`, or a JSON error with status 200). Returns false when the text is not one.
   */
  handleJsonBody(text: string): boolean {
    if (this.phase !== Phase.Streaming || this.writer.nextIndex > 0) return false;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return false;
    }
    if (!isRecord(body)) return false;
    if (body.error !== undefined && body.error !== null) {
      this.fail(upstreamStreamErrorDetail(body.error, this.options.secrets));
      return true;
    }
    if (!Array.isArray(body.choices)) return false;
    // A body with `choices` is taken for a completion; the response converter checks each field it reads.
    const completion = body as OpenAIChatCompletion;
    if (typeof completion.model === 'string' && completion.model !== '')
      this.summary.upstreamModel = completion.model;
    if (typeof completion.id === 'string' && completion.id !== '') this.summary.upstreamId = completion.id;
    const message = convertOpenAIResponseToAnthropic(completion, {
      ...this.options,
      messageId: this.messageId,
    });
    const blocks = blockEvents(message.content, 0);
    for (const event of blocks) this.events.push(event);
    for (const block of message.content) {
      this.summary.blockCount++;
      if (block.type === 'tool_use') this.summary.toolCallCount++;
      else if (block.type === 'text') this.summary.textChars += block.text.length;
      else if (block.type === 'thinking') this.summary.thinkingChars += block.thinking.length;
    }
    if (blocks.length > 0) this.writer.markContent();
    if (completion.usage) this.upstreamUsage = completion.usage;
    this.finishMessage({
      stopReason: message.stop_reason ?? 'end_turn',
      stopSequence: message.stop_sequence,
    });
    return true;
  }

  /** The caller's signal aborted the stream. */
  aborted(reason: unknown): void {
    if (this.phase === Phase.Done) return;
    this.summary.aborted = true;
    this.fail(abortedStreamErrorDetail(reason));
  }

  /** The summary, final once the stream is done. */
  finalSummary(consumerStoppedEarly: boolean): StreamSummary {
    if (consumerStoppedEarly && this.phase !== Phase.Done) this.summary.aborted = true;
    return this.summary;
  }

  // ------------------------------------------------------------------ chunks

  private handleChunk(chunk: Record<string, unknown>): void {
    this.fullChunks++;
    if (chunk.error !== undefined && chunk.error !== null) {
      this.fail(upstreamStreamErrorDetail(chunk.error, this.options.secrets));
      return;
    }
    // Azure's first chunk (prompt filter results) has an empty model and id: wait for real ones.
    if (this.summary.upstreamModel === undefined && typeof chunk.model === 'string' && chunk.model !== '') {
      this.summary.upstreamModel = chunk.model;
    }
    if (this.summary.upstreamId === undefined && typeof chunk.id === 'string' && chunk.id !== '') {
      this.summary.upstreamId = chunk.id;
    }
    this.sawChunk = this.summary.upstreamModel !== undefined || this.fullChunks >= 3;
    const choices = chunk.choices;
    if (Array.isArray(choices) && choices.length > 0) {
      const choice: unknown = choices[0];
      // Only the first choice is converted (ccp never asks for n > 1).
      if (isRecord(choice) && (choice.index === undefined || choice.index === 0)) {
        if (isRecord(choice.delta) && this.phase === Phase.Streaming) this.handleDelta(choice.delta);
        const finishReason = choice.finish_reason;
        if (typeof finishReason === 'string' && finishReason !== '') this.handleFinish(choice, finishReason);
        if (this.phase === Phase.Done) return;
      }
    }
    const usage = chunk.usage;
    if (typeof usage === 'object' && usage !== null) {
      // Taken for OpenAI usage as sent; convertOpenAIUsage counts only the finite numbers in it.
      this.upstreamUsage = usage as OpenAIUsage;
      // Usage after (or with) the finish_reason is the last thing OpenAI-style streams send.
      if (this.phase === Phase.Finished) this.complete();
    }
  }

  /** A chunk's `delta`, as parsed: each field is checked before it is used. */
  private handleDelta(delta: Record<string, unknown>): void {
    if (
      delta.reasoning_content !== undefined ||
      delta.reasoning !== undefined ||
      delta.reasoning_details !== undefined
    ) {
      // Text held back as a possible tool call keeps its place before later blocks.
      if (this.content.isHolding) this.content.stopRecovering();
      writeDeltaReasoning(delta, this.writer, this.warnings);
    }

    const content = delta.content;
    if (typeof content === 'string') {
      if (content !== '') this.content.push(content);
    } else if (content !== undefined && content !== null) {
      const parts = readContentParts(content);
      if (parts.thinking !== '') this.writer.thinking(parts.thinking);
      if (parts.text !== '') this.content.push(parts.text);
    }
    const refusal = delta.refusal;
    if (typeof refusal === 'string' && refusal !== '') {
      this.refused = true;
      this.content.stopRecovering();
      this.writer.text(refusal);
    }
    const toolCalls = delta.tool_calls;
    if (Array.isArray(toolCalls)) {
      // A model that really calls tools printed prose before them.
      this.content.stopRecovering();
      this.tools.handleDeltas(toolCalls);
    }
  }

  private handleFinish(choice: Record<string, unknown>, reason: string): void {
    if (this.phase !== Phase.Streaming) return;
    if (reason === 'error') {
      this.fail(
        upstreamStreamErrorDetail(
          { message: 'the upstream stopped with finish_reason "error"' },
          this.options.secrets,
        ),
      );
      return;
    }
    this.endContent();
    this.finishReason = reason;
    const details = readChoiceStopDetails(choice);
    this.matchedStopSequence = details.matchedStopSequence;
    this.nativeFinishReason = details.nativeFinishReason;
    this.phase = Phase.Finished;
  }

  /** Flushes held content and closes the open block, at the end of the content. */
  private endContent(): void {
    this.content.end();
    this.tools.end();
    this.writer.end();
  }

  private warn(type: ConversionWarning['type'], field: string, message: string): void {
    addWarning(this.warnings, { type, field, message });
  }

  // ------------------------------------------------------------------ ending

  private estimatedUsage(): AnthropicUsage {
    const characters = this.summary.textChars + this.summary.thinkingChars + this.tools.argumentCharacters;
    return estimateStreamUsage(this.inputTokensEstimate, characters);
  }

  /** Emits `message_delta` and `message_stop`. */
  private complete(): void {
    if (this.phase === Phase.Done) return;
    if (this.phase === Phase.Streaming) this.endContent();
    this.finishMessage(
      mapFinishReason({
        finishReason: this.finishReason,
        matchedStopSequence: this.matchedStopSequence,
        nativeFinishReason: this.nativeFinishReason,
        toolUseEmitted: this.tools.emitted,
        refused: this.refused,
      }),
    );
  }

  private finishMessage(stop: MappedStopReason): void {
    let usage: AnthropicUsage;
    if (this.upstreamUsage) {
      usage = reportedStreamUsage(this.upstreamUsage, this.inputTokensEstimate);
      this.summary.usageReported = true;
    } else {
      usage = this.estimatedUsage();
    }
    this.summary.usage = usage;
    this.summary.stopReason = stop.stopReason;
    this.summary.stopSequence = stop.stopSequence;
    this.events.push({
      type: 'message_delta',
      delta: { stop_reason: stop.stopReason, stop_sequence: stop.stopSequence },
      usage: { ...usage },
    });
    this.events.push({ type: 'message_stop' });
    this.phase = Phase.Done;
  }

  private fail(detail: AnthropicErrorDetail): void {
    this.summary.error = detail;
    this.summary.usage = this.upstreamUsage ? convertOpenAIUsage(this.upstreamUsage) : this.estimatedUsage();
    this.summary.usageReported = this.upstreamUsage !== undefined;
    this.events.push({ type: 'error', error: detail });
    this.phase = Phase.Done;
  }
}
