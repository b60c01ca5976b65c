/** Receives the two kinds of text a {@link ThinkTagSplitter} separates. */
export type ThinkTagSink = {
  thinking(text: string): void;
  text(text: string): void;
};

const openTag = '<think>';
const closeTag = '</think>';

enum SplitterState {
  /** Nothing but whitespace seen yet: the content may still start with `<think>`. */
  Detect,
  /** Just after `<think>`: leading whitespace is dropped (so `<think>\n\n</think>` gives no thinking). */
  ThinkingStart,
  /** Inside `<think>…`: text is thinking until `</think>`. */
  Thinking,
  /** Just after `</think>`: the whitespace models put there is dropped. */
  AfterThinking,
  /** Plain text from here on. */
  Text,
  /** No `<think>` at the start, but a `</think>` may still come (the template opened the tag). */
  ImplicitThinking,
}

/** Options of a {@link ThinkTagSplitter}. */
export type ThinkTagSplitterOptions = {
  /**
   * Content without an opening `<think>` whose first tag is a `</think>` (in the first 32 KB) has
   * everything before it taken as thinking: chat templates of Qwen3 and DeepSeek-R1 distills put
   * `<think>` in the prompt. Text is held back until that is decided. Default false.
   */
  implicitOpen?: boolean;
};

/** How much text is held back waiting for an implicit `</think>`. */
const implicitThinkingLimit = 32 * 1024;

function _isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function _isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function _firstNonWhitespace(text: string): number {
  for (let index = 0; index < text.length; index++) if (!_isWhitespace(text.charCodeAt(index))) return index;
  return -1;
}

/** Length of the longest end of `text` that is a start of `tag` (a tag cut between chunks). */
function _partialTagLength(text: string, tag: string): number {
  const longest = Math.min(text.length, tag.length - 1);
  for (let length = longest; length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

/**
 * Splits content that local models (Qwen, DeepSeek-R1 distills on Ollama, LM Studio, llama.cpp)
 * start with `<think>…</think>` into thinking and text, chunk by chunk; tags may be cut
 * anywhere between chunks. Content that does not start with `<think>` passes through as text.
 *
 * @example
 * const splitter = new ThinkTagSplitter({ thinking: (t) => log('thinking', t), text: (t) => log('text', t) });
 * splitter.push('<thi'); splitter.push('nk>plan</th'); splitter.push('ink>\n\nAnswer'); splitter.end();
 * // thinking 'plan', text 'Answer'
 */
export class ThinkTagSplitter {
  private state = SplitterState.Detect;
  private pending = '';
  private readonly implicitOpen: boolean;
  /** Where to look for the next `<` in `pending` (implicit thinking). */
  private scanFrom = 0;

  constructor(
    private readonly sink: ThinkTagSink,
    options: ThinkTagSplitterOptions = {},
  ) {
    this.implicitOpen = options.implicitOpen ?? false;
  }

  /** True once the content is known to be plain text (the fast path). */
  get isPassingThrough(): boolean {
    return this.state === SplitterState.Text;
  }

  push(chunk: string): void {
    if (chunk === '') return;
    switch (this.state) {
      case SplitterState.Text:
        this.sink.text(chunk);
        return;
      case SplitterState.Detect: {
        const buffered = this.pending + chunk;
        const start = _firstNonWhitespace(buffered);
        if (start < 0) {
          this.pending = buffered;
          return;
        }
        const rest = buffered.slice(start);
        if (rest.startsWith(openTag)) {
          this.pending = '';
          this.state = SplitterState.ThinkingStart;
          this.push(rest.slice(openTag.length));
          return;
        }
        if (openTag.startsWith(rest)) {
          this.pending = buffered;
          return;
        }
        if (this.implicitOpen) {
          this.pending = '';
          this.scanFrom = 0;
          this.state = SplitterState.ImplicitThinking;
          this.push(rest);
          return;
        }
        this.pending = '';
        this.state = SplitterState.Text;
        this.sink.text(buffered);
        return;
      }
      case SplitterState.ThinkingStart: {
        const start = _firstNonWhitespace(chunk);
        if (start < 0) return;
        this.state = SplitterState.Thinking;
        this.push(start === 0 ? chunk : chunk.slice(start));
        return;
      }
      case SplitterState.Thinking: {
        const buffered = this.pending + chunk;
        const end = buffered.indexOf(closeTag);
        if (end >= 0) {
          this.pending = '';
          if (end > 0) this.sink.thinking(buffered.slice(0, end));
          this.state = SplitterState.AfterThinking;
          this.push(buffered.slice(end + closeTag.length));
          return;
        }
        const keep = _partialTagLength(buffered, closeTag);
        this.pending = keep > 0 ? buffered.slice(buffered.length - keep) : '';
        const thinking = keep > 0 ? buffered.slice(0, buffered.length - keep) : buffered;
        if (thinking !== '') this.sink.thinking(thinking);
        return;
      }
      case SplitterState.ImplicitThinking:
        this.pushImplicit(chunk);
        return;
      case SplitterState.AfterThinking: {
        const start = _firstNonWhitespace(chunk);
        if (start < 0) return;
        this.state = SplitterState.Text;
        this.sink.text(start === 0 ? chunk : chunk.slice(start));
        return;
      }
    }
  }

  /** Flushes what was held back: an unclosed `<think>` keeps its text as thinking. */
  end(): void {
    const pending = this.pending;
    this.pending = '';
    if (pending === '') return;
    if (this.state === SplitterState.Thinking) this.sink.thinking(pending);
    else if (this.state === SplitterState.Detect || this.state === SplitterState.ImplicitThinking)
      this.sink.text(pending);
  }

  /** Holds text until a `</think>` (thinking before it) or another tag or the limit (plain text). */
  private pushImplicit(chunk: string): void {
    const text = this.pending + chunk;
    let index = text.indexOf('<', this.scanFrom);
    while (index >= 0) {
      if (text.startsWith(closeTag, index)) {
        this.pending = '';
        if (index > 0) this.sink.thinking(text.slice(0, index));
        this.state = SplitterState.AfterThinking;
        this.push(text.slice(index + closeTag.length));
        return;
      }
      if (closeTag.startsWith(text.slice(index, index + closeTag.length))) {
        // A `</think>` cut between chunks: wait for the rest.
        this.pending = text;
        this.scanFrom = index;
        return;
      }
      const next = text.charCodeAt(index + 1);
      if (_isLetter(next) || (next === 47 && _isLetter(text.charCodeAt(index + 2)))) {
        this.giveUpImplicit(text);
        return;
      }
      index = text.indexOf('<', index + 1);
    }
    if (text.length > implicitThinkingLimit) {
      this.giveUpImplicit(text);
      return;
    }
    this.pending = text;
    this.scanFrom = text.length;
  }

  private giveUpImplicit(text: string): void {
    this.pending = '';
    this.state = SplitterState.Text;
    this.sink.text(text);
  }
}
