import {
  type TextToolCall,
  type TextToolCallRecovery,
  TextToolCallReader,
  TextToolCallVerdict,
} from '../text-tool-calls';
import { isJsonWhitespace } from '../json/json-characters';

/** Receives what a {@link TextToolCallDetector} lets through. */
export type TextToolCallSink = {
  text(text: string): void;
  toolCalls(calls: TextToolCall[]): void;
};

/** Most text held back while it may still be tool calls (a longer answer is surely prose). */
const holdLimit = 64 * 1024;

/** A first character that can start a tool call written as text. */
function _mayStartCall(code: number): boolean {
  return code === 123 || code === 91 || code === 96 || code === 60; // { [ ` <
}

/**
 * Sits between the streamed text and the text block: an answer that starts like a tool call
 * written as text (`{`, `[`, ``` or `<tool_call>`) is held back until it is clearly prose (then
 * flushed as text) or ends as nothing but calls to declared tools (then given as tool calls).
 * Any other answer passes straight through from its first character.
 */
export class TextToolCallDetector {
  private held = '';
  private holding = false;
  private passing = false;
  private readonly reader: TextToolCallReader;

  constructor(
    recovery: TextToolCallRecovery,
    private readonly sink: TextToolCallSink,
  ) {
    this.reader = new TextToolCallReader(recovery);
  }

  /** True once the text is known to be prose (the caller can then write text directly). */
  get isPassingThrough(): boolean {
    return this.passing;
  }

  /** True while text is held back. */
  get isHolding(): boolean {
    return this.held !== '';
  }

  push(text: string): void {
    if (this.passing) {
      this.sink.text(text);
      return;
    }
    this.held += text;
    if (!this.holding) {
      let index = 0;
      const held = this.held;
      while (index < held.length && isJsonWhitespace(held.charCodeAt(index))) index++;
      if (index === held.length) return;
      if (!_mayStartCall(held.charCodeAt(index))) {
        this.release();
        return;
      }
      this.holding = true;
    }
    if (this.held.length > holdLimit || this.reader.read(this.held) === TextToolCallVerdict.NotToolCalls)
      this.release();
  }

  /** Lets held text out as text, now (another kind of content arrived). */
  release(): void {
    this.passing = true;
    const held = this.held;
    this.held = '';
    if (held !== '') this.sink.text(held);
  }

  /** The text ended: held text becomes tool calls when it is nothing else, otherwise text. */
  end(): void {
    if (this.passing) return;
    const calls = this.holding ? this.reader.finish() : undefined;
    if (calls) {
      this.held = '';
      this.passing = true;
      this.sink.toolCalls(calls);
      return;
    }
    this.release();
  }
}
