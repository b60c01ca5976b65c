import { addWarning, type ConversionWarning } from '../conversion-warning';
import { recoveredWarning } from '../convert-openai-response';
import { ThinkTagSplitter } from '../think-tag-splitter';
import type { BlockWriter } from './block-writer';
import type { StreamConversionOptions } from './stream-types';
import { TextToolCallDetector } from './text-tool-call-detector';
import type { ToolCallAssembler } from './tool-call-assembler';

/**
 * Routes `content` text to its blocks: `<think>` tags (and, for local dialects, a lone
 * `</think>`) to thinking, tool calls written as text (when asked) to tool_use blocks, the rest
 * to text. Each stage drops out once the content is known to be plain text, so ordinary answers
 * go straight to the text block.
 */
export class ContentTextRouter {
  private splitter: ThinkTagSplitter | undefined;
  /** Set while text may still be tool calls written as text (`recoverTextToolCalls`). */
  private detector: TextToolCallDetector | undefined;

  constructor(
    options: StreamConversionOptions,
    private readonly writer: BlockWriter,
    tools: ToolCallAssembler,
    warnings: ConversionWarning[],
    messageId: string,
  ) {
    if (options.recoverTextToolCalls) {
      this.detector = new TextToolCallDetector(options.recoverTextToolCalls, {
        text: (text) => writer.text(text),
        toolCalls: (calls) => {
          addWarning(warnings, recoveredWarning('choices.0.delta.content', calls.length));
          for (const call of calls) tools.addRecoveredCall(messageId, call.name, call.input);
        },
      });
    }
    if (options.splitThinkTags ?? true) {
      this.splitter = new ThinkTagSplitter(
        { thinking: (text) => writer.thinking(text), text: (text) => this.text(text) },
        { implicitOpen: options.implicitThinkOpen ?? false },
      );
    }
  }

  /** True while text is held back as a possible tool call. */
  get isHolding(): boolean {
    return this.detector?.isHolding ?? false;
  }

  push(content: string): void {
    const splitter = this.splitter;
    if (splitter === undefined) {
      this.text(content);
      return;
    }
    splitter.push(content);
    if (splitter.isPassingThrough) this.splitter = undefined;
  }

  /**
   * Another kind of content arrived (reasoning, a refusal, a real tool call): text held back as
   * a possible tool call goes out now, so it keeps its place, and no more text is checked.
   */
  stopRecovering(): void {
    this.detector?.release();
    this.detector = undefined;
  }

  /** The content ended: flushes what the stages held back. */
  end(): void {
    if (this.splitter) {
      this.splitter.end();
      this.splitter = undefined;
    }
    if (this.detector) {
      this.detector.end();
      this.detector = undefined;
    }
  }

  /** Text after any think tags. */
  private text(text: string): void {
    const detector = this.detector;
    if (detector === undefined) {
      this.writer.text(text);
      return;
    }
    detector.push(text);
    if (detector.isPassingThrough) this.detector = undefined;
  }
}
