import type { AnthropicContentBlock, AnthropicStreamEvent } from '../anthropic-api';
import { isBlankText } from '../content-parts';
import type { OpenAIReasoningDetail } from '../openai-api';
import { mergeReasoningDetail } from '../reasoning-fields';
import type { StreamConversionOptions, StreamSummary } from './stream-types';

export enum BlockKind {
  None,
  Thinking,
  Text,
  Tool,
}

/**
 * Owns the Anthropic content blocks of one streamed message: at most one block is open, indices
 * are dense, blank text never opens a block (Anthropic rejects it when it comes back), and a thinking block gets its signature
 * when it closes. Appends events to `events`; the transducer hands them on.
 */
export class BlockWriter {
  readonly events: AnthropicStreamEvent[] = [];
  openKind = BlockKind.None;
  openIndex = -1;
  nextIndex = 0;
  /** Called just before an open tool block's `content_block_stop`, to finish its arguments. */
  onToolBlockClose: ((index: number) => void) | undefined;

  readonly exposeReasoning: boolean;
  private readonly thinkingSignature: StreamConversionOptions['thinkingSignature'];
  private readonly summary: StreamSummary;
  private pendingWhitespace = '';
  private pendingRedacted: string[] = [];
  private thinkingText = '';
  private thinkingDetails: OpenAIReasoningDetail[] = [];
  private thinkingSignatureFromUpstream = '';

  constructor(options: StreamConversionOptions, summary: StreamSummary) {
    this.exposeReasoning = options.exposeReasoning ?? true;
    this.thinkingSignature = options.thinkingSignature;
    this.summary = summary;
  }

  markContent(): void {
    if (this.summary.firstContentAt === undefined) this.summary.firstContentAt = Date.now();
  }

  thinking(text: string): void {
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

  text(text: string): void {
    if (text === '') return;
    this.summary.textChars += text.length;
    let piece = text;
    if (this.openKind !== BlockKind.Text) {
      // Blank text is held until real text follows, so no block is only whitespace.
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

  /** A thinking block with no text yet, for a signature that came without visible reasoning. */
  openEmptyThinking(): void {
    this.openBlock(BlockKind.Thinking, { type: 'thinking', thinking: '', signature: '' });
  }

  /** Keeps what closes the open thinking block: the upstream signature and (for the signature hook) the details. */
  noteThinkingDetail(detail: OpenAIReasoningDetail, signature: string): void {
    if (signature !== '') this.thinkingSignatureFromUpstream = signature;
    if (this.thinkingSignature) mergeReasoningDetail(this.thinkingDetails, detail);
  }

  /** An encrypted reasoning block; it waits while a text or tool block is open, so that block is not cut. */
  redacted(data: string): void {
    if (this.openKind === BlockKind.Text || this.openKind === BlockKind.Tool) this.pendingRedacted.push(data);
    else this.emitRedacted(data);
  }

  /** Starts a tool_use block and returns its index. */
  openToolBlock(block: AnthropicContentBlock): number {
    this.openBlock(BlockKind.Tool, block);
    return this.openIndex;
  }

  inputJson(index: number, partialJson: string): void {
    this.events.push({
      type: 'content_block_delta',
      index,
      delta: { type: 'input_json_delta', partial_json: partialJson },
    });
  }

  closeBlock(): void {
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
    } else if (this.openKind === BlockKind.Tool) {
      this.onToolBlockClose?.(index);
    }
    this.events.push({ type: 'content_block_stop', index });
    this.openKind = BlockKind.None;
    this.openIndex = -1;
  }

  /** Closes the open block and emits encrypted reasoning that waited for it. */
  end(): void {
    this.closeBlock();
    if (this.pendingRedacted.length > 0) this.flushRedacted();
  }

  private emitRedacted(data: string): void {
    // Kind None: a block that is closed right away.
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
}
