import type {
  AnthropicContentBlock,
  AnthropicErrorDetail,
  AnthropicStreamEvent,
  AnthropicUsage,
} from '../anthropic-api';
import { generateMessageId, sanitizeToolUseId } from '../anthropic-ids';
import { isBlankText, readContentParts } from '../content-parts';
import { addWarning, type ConversionWarning } from '../conversion-warning';
import { convertOpenAIResponseToAnthropic } from '../convert-openai-response';
import { type MappedStopReason, mapFinishReason, readChoiceStopDetails } from '../map-finish-reason';
import type {
  OpenAIChatCompletion,
  OpenAIChunkDelta,
  OpenAIReasoningDetail,
  OpenAIUsage,
} from '../openai-api';
import { mergeReasoningDetail, readReasoningDetails, reasoningDetailText } from '../reasoning-fields';
import { completeToolArgumentsSuffix } from '../repair-tool-arguments';
import { ThinkTagSplitter } from '../think-tag-splitter';
import { convertOpenAIUsage } from '../usage';
import { readContentOnlyDelta } from './fast-delta';
import { blockEvents } from './message-to-events';
import {
  abortedStreamErrorDetail,
  brokenStreamErrorDetail,
  garbageStreamErrorDetail,
  truncatedStreamErrorDetail,
  upstreamStreamErrorDetail,
} from './stream-error';
import type { StreamConversionOptions, StreamSummary } from './stream-types';

enum BlockKind {
  None,
  Thinking,
  Text,
  Tool,
}

enum Phase {
  /** Reading content. */
  Streaming,
  /** `finish_reason` seen; waiting for the usage chunk or `[DONE]`. */
  Finished,
  /** `message_stop` or `error` emitted; nothing more is read. */
  Done,
}

enum ToolState {
  /** Seen, but no name yet: arguments are held back. */
  Pending,
  Open,
  Closed,
}

type ToolCall = {
  /** The upstream `index`. */
  key: number;
  upstreamId: string | undefined;
  name: string;
  state: ToolState;
  /** Arguments received before the block could start. */
  heldArguments: string;
  /** Arguments forwarded so far (to spot cumulative snapshots and to close cut JSON). */
  sent: string;
};

type ChoiceLike = { index?: unknown; delta?: OpenAIChunkDelta | null; finish_reason?: unknown };

/**
 * The OpenAI → Anthropic stream state machine. Synchronous: feed it SSE `data` payloads and it
 * appends Anthropic events to `events`; the async wrapper reads the upstream and yields them.
 */
export class OpenAIStreamTransducer {
  /** Events produced since the wrapper last emptied this array. */
  readonly events: AnthropicStreamEvent[] = [];

  private readonly options: StreamConversionOptions;
  private readonly model: string;
  private readonly messageId: string;
  private readonly exposeReasoning: boolean;
  private readonly restoreToolName: ((name: string) => string) | undefined;
  private readonly thinkingSignature: StreamConversionOptions['thinkingSignature'];
  private readonly inputTokensEstimate: number;
  private readonly warnings: ConversionWarning[];

  private phase = Phase.Streaming;
  /** Chunks are parsed whole until the upstream model and id are known (then only deltas, when possible). */
  private sawChunk = false;
  private fullChunks = 0;
  private openKind = BlockKind.None;
  private openIndex = -1;
  private nextIndex = 0;
  private pendingWhitespace = '';
  private pendingRedacted: string[] = [];
  private splitter: ThinkTagSplitter | undefined;

  private thinkingText = '';
  private thinkingDetails: OpenAIReasoningDetail[] = [];
  private thinkingSignatureFromUpstream = '';

  private readonly toolCalls = new Map<number, ToolCall>();
  private currentTool: ToolCall | undefined;

  private finishReason: string | null = null;
  private matchedStopSequence: string | null = null;
  private nativeFinishReason: string | null = null;
  private refused = false;
  private toolUseEmitted = false;
  private upstreamUsage: OpenAIUsage | undefined;

  private readonly summary: StreamSummary;

  constructor(options: StreamConversionOptions) {
    this.options = options;
    this.model = options.model;
    this.messageId = options.messageId ?? generateMessageId();
    this.exposeReasoning = options.exposeReasoning ?? true;
    this.restoreToolName = options.restoreToolName;
    this.thinkingSignature = options.thinkingSignature;
    this.inputTokensEstimate = Math.max(0, Math.round(options.inputTokensEstimate ?? 0));
    this.warnings = options.warnings ?? [];
    if (options.splitThinkTags ?? true) {
      this.splitter = new ThinkTagSplitter({
        thinking: (text) => this.emitThinking(text),
        text: (text) => this.emitText(text),
      });
    }
    this.summary = {
      usage: {
        input_tokens: this.inputTokensEstimate,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
      usageReported: false,
      stopReason: null,
      stopSequence: null,
      blockCount: 0,
      toolCallCount: 0,
      thinkingChars: 0,
      textChars: 0,
      aborted: false,
      warnings: this.warnings,
    };
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
      const delta = readContentOnlyDelta(data);
      if (delta !== undefined) {
        this.handleDelta(delta as OpenAIChunkDelta);
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
      this.fail(garbageStreamErrorDetail(data));
      return;
    }
    if (eventName === 'error') {
      this.fail(upstreamStreamErrorDetail((chunk as { error?: unknown }).error ?? chunk));
      return;
    }
    this.handleChunk(chunk as Record<string, unknown>);
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
    else this.fail(brokenStreamErrorDetail(error));
  }

  /**
   * The upstream answered with a plain JSON body instead of SSE (a server that ignores
   * `stream: true`, or a JSON error with status 200). Returns false when the text is not one.
   */
  handleJsonBody(text: string): boolean {
    if (this.phase !== Phase.Streaming || this.nextIndex > 0) return false;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return false;
    }
    if (typeof body !== 'object' || body === null) return false;
    const record = body as Record<string, unknown>;
    if (record.error !== undefined && record.error !== null) {
      this.fail(upstreamStreamErrorDetail(record.error));
      return true;
    }
    if (!Array.isArray(record.choices)) return false;
    const completion = record as OpenAIChatCompletion;
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
    if (blocks.length > 0) this.markContent();
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
      this.fail(upstreamStreamErrorDetail(chunk.error));
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
      const choice = choices[0] as ChoiceLike | undefined;
      // Only the first choice is converted (ccp never asks for n > 1).
      if (choice && (choice.index === undefined || choice.index === 0)) {
        if (choice.delta && this.phase === Phase.Streaming) this.handleDelta(choice.delta);
        if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '')
          this.handleFinish(choice);
        if (this.phase === Phase.Done) return;
      }
    }
    const usage = chunk.usage;
    if (typeof usage === 'object' && usage !== null) {
      this.upstreamUsage = usage as OpenAIUsage;
      // Usage after (or with) the finish_reason is the last thing OpenAI-style streams send.
      if (this.phase === Phase.Finished) this.complete();
    }
  }

  private handleDelta(delta: OpenAIChunkDelta): void {
    // Providers that send several reasoning fields repeat the same text in each; take one.
    const rawDetails = delta.reasoning_details;
    const details = rawDetails ? readReasoningDetails(rawDetails) : undefined;
    let reasoning = delta.reasoning_content;
    if (typeof reasoning !== 'string' || reasoning === '') reasoning = delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') this.emitThinking(reasoning);
    else if (details) {
      for (const detail of details) {
        const text = reasoningDetailText(detail);
        if (text !== '') this.emitThinking(text);
      }
    }
    if (details && details.length > 0) this.handleReasoningDetails(details);

    const content = delta.content as unknown;
    if (typeof content === 'string') {
      if (content !== '') this.handleContent(content);
    } else if (content !== undefined && content !== null) {
      const parts = readContentParts(content);
      if (parts.thinking !== '') this.emitThinking(parts.thinking);
      if (parts.text !== '') this.handleContent(parts.text);
    }
    const refusal = delta.refusal;
    if (typeof refusal === 'string' && refusal !== '') {
      this.refused = true;
      this.emitText(refusal);
    }
    const toolCalls = delta.tool_calls;
    if (Array.isArray(toolCalls)) {
      // Several tool calls may arrive in one chunk; every one is kept (PEERS #5).
      for (let position = 0; position < toolCalls.length; position++) {
        this.handleToolCallDelta(toolCalls[position], position);
      }
    }
  }

  private handleContent(content: string): void {
    const splitter = this.splitter;
    if (splitter === undefined) {
      this.emitText(content);
      return;
    }
    splitter.push(content);
    if (splitter.isPassingThrough) this.splitter = undefined;
  }

  private handleReasoningDetails(details: OpenAIReasoningDetail[]): void {
    if (!this.exposeReasoning) return;
    for (const detail of details) {
      if (detail.type === 'reasoning.encrypted') {
        if (typeof detail.data !== 'string' || detail.data === '') continue;
        // Closing an open text or tool block here would cut it (later fragments could not be
        // delivered), so the encrypted block waits for the next block boundary.
        if (this.openKind === BlockKind.Text || this.openKind === BlockKind.Tool)
          this.pendingRedacted.push(detail.data);
        else this.emitRedacted(detail.data);
        continue;
      }
      const signature = typeof detail.signature === 'string' ? detail.signature : '';
      if (this.openKind !== BlockKind.Thinking) {
        if (signature === '') continue;
        if (this.nextIndex > 0) {
          this.warn(
            'dropped',
            'choices.0.delta.reasoning_details',
            'Dropped a reasoning signature that arrived after its thinking block had closed.',
          );
          continue;
        }
        // A signature for reasoning that had no visible text: it still needs its block.
        this.openBlock(BlockKind.Thinking, { type: 'thinking', thinking: '', signature: '' });
      }
      if (signature !== '') this.thinkingSignatureFromUpstream = signature;
      if (this.thinkingSignature) mergeReasoningDetail(this.thinkingDetails, detail);
    }
  }

  private handleFinish(choice: ChoiceLike): void {
    if (this.phase !== Phase.Streaming) return;
    const reason = choice.finish_reason as string;
    if (reason === 'error') {
      this.fail(upstreamStreamErrorDetail({ message: 'the upstream stopped with finish_reason "error"' }));
      return;
    }
    this.endContent();
    this.finishReason = reason;
    const details = readChoiceStopDetails(choice);
    this.matchedStopSequence = details.matchedStopSequence;
    this.nativeFinishReason = details.nativeFinishReason;
    this.phase = Phase.Finished;
  }

  // ------------------------------------------------------------------ tool calls

  private handleToolCallDelta(value: unknown, position: number): void {
    if (typeof value !== 'object' || value === null) return;
    const delta = value as {
      index?: unknown;
      id?: unknown;
      function?: { name?: unknown; arguments?: unknown };
    };
    const key = typeof delta.index === 'number' ? delta.index : position;
    const id = typeof delta.id === 'string' && delta.id !== '' ? delta.id : undefined;
    let call = this.toolCalls.get(key);
    // A new id on a used index is a new call (some providers reuse index 0 for every call).
    if (call && id !== undefined && call.upstreamId !== undefined && id !== call.upstreamId) call = undefined;
    if (!call) {
      call = { key, upstreamId: id, name: '', state: ToolState.Pending, heldArguments: '', sent: '' };
      this.toolCalls.set(key, call);
    } else if (call.upstreamId === undefined && id !== undefined && call.state === ToolState.Pending) {
      call.upstreamId = id;
    }
    const fn = delta.function;
    if (typeof fn !== 'object' || fn === null) return;
    if (call.state === ToolState.Pending) {
      if (typeof fn.name === 'string' && fn.name !== '') call.name = fn.name;
      if (call.name !== '') this.startToolCall(call);
    }
    let fragment = fn.arguments;
    if (fragment === undefined || fragment === null || fragment === '') return;
    // A few servers (older Ollama builds) send arguments as an object.
    if (typeof fragment !== 'string') fragment = JSON.stringify(fragment);
    if (typeof fragment !== 'string') return;
    if (call.state === ToolState.Open) this.forwardArguments(call, fragment);
    else if (call.state === ToolState.Pending) call.heldArguments += fragment;
    else {
      this.warn(
        'dropped',
        `choices.0.delta.tool_calls.${key}.function.arguments`,
        `Dropped tool arguments for ${call.name} that arrived after its block had closed: ${fragment.slice(0, 200)}`,
      );
    }
  }

  private startToolCall(call: ToolCall): void {
    const name = this.restoreToolName ? this.restoreToolName(call.name) : call.name;
    this.openBlock(BlockKind.Tool, {
      type: 'tool_use',
      id: sanitizeToolUseId(call.upstreamId),
      name,
      input: {},
    });
    call.state = ToolState.Open;
    this.currentTool = call;
    this.toolUseEmitted = true;
    this.summary.toolCallCount++;
    if (call.heldArguments !== '') {
      const held = call.heldArguments;
      call.heldArguments = '';
      this.forwardArguments(call, held);
    }
  }

  private forwardArguments(call: ToolCall, fragment: string): void {
    const sent = call.sent;
    let piece = fragment;
    // A provider that resends everything so far (a cumulative snapshot) gets only the new suffix
    // forwarded; ordinary fragments are forwarded as they are (PEERS #1, #2).
    if (sent.length >= 2 && piece.length >= sent.length && piece.startsWith(sent)) {
      piece = piece.slice(sent.length);
      if (piece === '') return;
    }
    call.sent = sent + piece;
    this.events.push({
      type: 'content_block_delta',
      index: this.openIndex,
      delta: { type: 'input_json_delta', partial_json: piece },
    });
  }

  // ------------------------------------------------------------------ blocks

  private markContent(): void {
    if (this.summary.firstContentAt === undefined) this.summary.firstContentAt = Date.now();
  }

  private emitThinking(text: string): void {
    this.summary.thinkingChars += text.length;
    if (!this.exposeReasoning) return;
    if (this.openKind !== BlockKind.Thinking) {
      this.openBlock(BlockKind.Thinking, { type: 'thinking', thinking: '', signature: '' });
    }
    if (this.thinkingSignature) this.thinkingText += text;
    this.events.push({
      type: 'content_block_delta',
      index: this.openIndex,
      delta: { type: 'thinking_delta', thinking: text },
    });
  }

  private emitText(text: string): void {
    if (text === '') return;
    this.summary.textChars += text.length;
    let piece = text;
    if (this.openKind !== BlockKind.Text) {
      // Blank text is held until real text follows, so no block is only whitespace (PEERS #23).
      if (isBlankText(text)) {
        this.pendingWhitespace += text;
        return;
      }
      piece = this.pendingWhitespace + text;
      this.openBlock(BlockKind.Text, { type: 'text', text: '' });
    }
    this.events.push({
      type: 'content_block_delta',
      index: this.openIndex,
      delta: { type: 'text_delta', text: piece },
    });
  }

  /** Closes the open block and starts a new one (kind None: a block that is closed right away). */
  private emitRedacted(data: string): void {
    this.openBlock(BlockKind.None, { type: 'redacted_thinking', data });
    this.closeBlock();
  }

  private flushRedacted(): void {
    const pending = this.pendingRedacted;
    this.pendingRedacted = [];
    for (const data of pending) this.emitRedacted(data);
  }

  private openBlock(kind: BlockKind, block: AnthropicContentBlock): void {
    this.closeBlock();
    if (this.pendingRedacted.length > 0 && kind !== BlockKind.None) this.flushRedacted();
    this.pendingWhitespace = '';
    this.openKind = kind;
    this.openIndex = this.nextIndex++;
    this.summary.blockCount++;
    this.markContent();
    this.events.push({ type: 'content_block_start', index: this.openIndex, content_block: block });
  }

  private closeBlock(): void {
    if (this.openIndex < 0) return;
    const index = this.openIndex;
    if (this.openKind === BlockKind.Thinking) {
      const signature = this.thinkingSignature
        ? this.thinkingSignature({ text: this.thinkingText, details: this.thinkingDetails })
        : this.thinkingSignatureFromUpstream;
      if (signature !== '') {
        this.events.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'signature_delta', signature },
        });
      }
      this.thinkingText = '';
      this.thinkingDetails = [];
      this.thinkingSignatureFromUpstream = '';
    } else if (this.openKind === BlockKind.Tool && this.currentTool) {
      const call = this.currentTool;
      // Arguments cut short (token limit, dropped connection) are closed so the client can parse them.
      const suffix = completeToolArgumentsSuffix(call.sent);
      if (suffix !== '') {
        this.warn(
          'converted',
          `choices.0.delta.tool_calls.${call.key}.function.arguments`,
          `Tool call ${call.name} ended with incomplete JSON arguments; closed them with ${suffix}`,
        );
        call.sent += suffix;
        this.events.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: suffix },
        });
      }
      call.state = ToolState.Closed;
      this.currentTool = undefined;
    }
    this.events.push({ type: 'content_block_stop', index });
    this.openKind = BlockKind.None;
    this.openIndex = -1;
  }

  /** Flushes held content and closes the open block, at the end of the content. */
  private endContent(): void {
    if (this.splitter) {
      this.splitter.end();
      this.splitter = undefined;
    }
    this.closeBlock();
    if (this.pendingRedacted.length > 0) this.flushRedacted();
    for (const call of this.toolCalls.values()) {
      if (call.state === ToolState.Pending) {
        this.warn(
          'dropped',
          `choices.0.delta.tool_calls.${call.key}`,
          'Dropped a tool call that never received a function name.',
        );
        call.state = ToolState.Closed;
      }
    }
  }

  private warn(type: ConversionWarning['type'], field: string, message: string): void {
    addWarning(this.warnings, { type, field, message });
  }

  // ------------------------------------------------------------------ ending

  private estimatedUsage(): AnthropicUsage {
    const outputCharacters = this.summary.textChars + this.summary.thinkingChars;
    let argumentCharacters = 0;
    for (const call of this.toolCalls.values()) argumentCharacters += call.sent.length;
    return {
      input_tokens: this.inputTokensEstimate,
      output_tokens: Math.ceil((outputCharacters + argumentCharacters) / 4),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    };
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
        toolUseEmitted: this.toolUseEmitted,
        refused: this.refused,
      }),
    );
  }

  private finishMessage(stop: MappedStopReason): void {
    let usage: AnthropicUsage;
    if (this.upstreamUsage) {
      usage = convertOpenAIUsage(this.upstreamUsage);
      // Some servers report zero prompt tokens; a zero would break clients' context accounting (PEERS #10).
      const totalInput =
        usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
      if (totalInput === 0) usage.input_tokens = this.inputTokensEstimate;
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
