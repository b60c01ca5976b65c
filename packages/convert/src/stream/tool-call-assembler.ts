import { type AnthropicIdGenerator, recoveredToolUseId, sanitizeToolUseId } from '../anthropic-ids';
import { addWarning, type ConversionWarning } from '../conversion-warning';
import { JsonCompletionScanner } from '../json/json-completion-scanner';
import { completeToolArgumentsSuffix, parseToolArguments, repairJsonText } from '../repair-tool-arguments';
import type { BlockWriter } from './block-writer';
import type { StreamSummary } from './stream-types';

enum ToolState {
  /** Seen, but no name yet: arguments are held back. */
  Pending,
  /** Named, but an earlier call is still receiving arguments (interleaved calls): held back. */
  Queued,
  Open,
  Closed,
}

/** What the arguments of an open call turned out to be, from their first non-whitespace character. */
enum ArgumentsShape {
  /** Only whitespace so far: held back. */
  Undecided,
  /** Starts with `{`: forwarded as it arrives. */
  Object,
  /** Anything else (text, an array, a number): held, and replaced by one object at the end. */
  Other,
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
  /** Reads `sent` lazily to tell when its JSON value is complete. */
  completion: JsonCompletionScanner;
  shape: ArgumentsShape;
  /** Arguments of an open call held while its shape is not `Object`. */
  unsent: string;
  /** True once this call's upstream showed it sends cumulative snapshots. */
  cumulative: boolean;
};

/**
 * Turns OpenAI `tool_calls` deltas (fragments keyed by `index`, several per chunk, ids and names
 * possibly late) into tool_use blocks whose `input_json_delta`s are forwarded as they arrive.
 *
 * Anthropic streams one block at a time, but some upstreams interleave the fragments of parallel
 * calls. So one call is live at a time: a call named while the live call's JSON is still
 * incomplete is queued with its arguments held, and starts (held arguments as one delta, then
 * live) as soon as the calls before it are complete, or at the end of the content. Sequential
 * calls, the usual case, all stream live.
 */
export class ToolCallAssembler {
  /** True once a tool_use block was started (the stop reason becomes `tool_use`). */
  emitted = false;

  private readonly writer: BlockWriter;
  private readonly summary: StreamSummary;
  private readonly warnings: ConversionWarning[];
  private readonly restoreToolName: ((name: string) => string) | undefined;
  private readonly calls = new Map<number, ToolCall>();
  private current: ToolCall | undefined;
  /** Named calls waiting for the live one to complete, in order. */
  private readonly queue: ToolCall[] = [];
  private wholeCallCharacters = 0;
  private recoveredCount = 0;

  constructor(
    writer: BlockWriter,
    summary: StreamSummary,
    warnings: ConversionWarning[],
    private readonly ids: AnthropicIdGenerator,
    restoreToolName: ((name: string) => string) | undefined,
  ) {
    this.writer = writer;
    this.summary = summary;
    this.warnings = warnings;
    this.restoreToolName = restoreToolName;
    writer.onToolBlockClose = (index) => this.closeCurrent(index);
  }

  /** Characters of arguments forwarded, for the usage estimate. */
  get argumentCharacters(): number {
    let characters = this.wholeCallCharacters;
    for (const call of this.calls.values()) characters += call.sent.length;
    return characters;
  }

  /** A complete call recovered from the text of message `messageId`: start, one delta, stop. */
  addRecoveredCall(messageId: string, name: string, input: Record<string, unknown>): void {
    const restored = this.restoreToolName ? this.restoreToolName(name) : name;
    const id = recoveredToolUseId(messageId, this.recoveredCount++);
    const index = this.writer.openToolBlock({ type: 'tool_use', id, name: restored, input: {} });
    this.emitted = true;
    this.summary.toolCallCount++;
    const json = JSON.stringify(input);
    this.wholeCallCharacters += json.length;
    if (json !== '{}') this.writer.inputJson(index, json);
    this.writer.closeBlock();
  }

  handleDeltas(toolCalls: unknown[]): void {
    // Several tool calls may arrive in one chunk; every one is kept.
    for (let position = 0; position < toolCalls.length; position++) {
      this.handleDelta(toolCalls[position], position);
    }
  }

  /**
   * At the end of the content, before the writer closes the last block: queued calls start (each
   * closes the one before), nameless ones are dropped.
   */
  end(): void {
    for (const call of this.queue) this.start(call);
    this.queue.length = 0;
    for (const call of this.calls.values()) {
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

  /** One entry of `tool_calls`, read field by field: upstreams differ in what they leave out. */
  private handleDelta(delta: unknown, position: number): void {
    if (typeof delta !== 'object' || delta === null) return;
    const index = 'index' in delta ? delta.index : undefined;
    const upstreamId = 'id' in delta ? delta.id : undefined;
    const key = typeof index === 'number' ? index : position;
    const id = typeof upstreamId === 'string' && upstreamId !== '' ? upstreamId : undefined;
    let call = this.calls.get(key);
    // A new id on a used index is a new call (some providers reuse index 0 for every call).
    if (call && id !== undefined && call.upstreamId !== undefined && id !== call.upstreamId) call = undefined;
    if (!call) {
      call = {
        key,
        upstreamId: id,
        name: '',
        state: ToolState.Pending,
        heldArguments: '',
        sent: '',
        completion: new JsonCompletionScanner(),
        shape: ArgumentsShape.Undecided,
        unsent: '',
        cumulative: false,
      };
      this.calls.set(key, call);
    } else if (
      call.upstreamId === undefined &&
      id !== undefined &&
      (call.state === ToolState.Pending || call.state === ToolState.Queued)
    ) {
      call.upstreamId = id;
    }
    const fn = 'function' in delta ? delta.function : undefined;
    if (typeof fn !== 'object' || fn === null) return;
    if (call.state === ToolState.Pending) {
      const name = 'name' in fn ? fn.name : undefined;
      if (typeof name === 'string' && name !== '') call.name = name;
      if (call.name !== '') this.named(call);
    }
    let fragment = 'arguments' in fn ? fn.arguments : undefined;
    if (fragment === undefined || fragment === null || fragment === '') return;
    // A few servers (older Ollama builds) send arguments as an object.
    if (typeof fragment !== 'string') fragment = JSON.stringify(fragment);
    if (typeof fragment !== 'string') return;
    if (call.state === ToolState.Open) {
      this.forward(call, fragment);
      if (this.queue.length > 0) this.startQueued();
    } else if (call.state === ToolState.Pending || call.state === ToolState.Queued) {
      call.heldArguments += newPart(call, call.heldArguments, fragment);
    } else {
      this.warn(
        'dropped',
        `choices.0.delta.tool_calls.${key}.function.arguments`,
        `Dropped tool arguments for ${call.name} that arrived after its block had closed: ${fragment.slice(0, 200)}`,
      );
    }
  }

  /** A call got its name: it starts now unless the live call is still receiving arguments. */
  private named(call: ToolCall): void {
    if (this.queue.length > 0 || (this.current !== undefined && !this.isComplete(this.current))) {
      call.state = ToolState.Queued;
      this.queue.push(call);
      return;
    }
    this.start(call);
  }

  /** Starts queued calls while the live one is complete. */
  private startQueued(): void {
    while (this.queue.length > 0 && (this.current === undefined || this.isComplete(this.current))) {
      this.start(this.queue.shift()!);
    }
  }

  private isComplete(call: ToolCall): boolean {
    return call.completion.read(call.sent);
  }

  private start(call: ToolCall): void {
    const name = this.restoreToolName ? this.restoreToolName(call.name) : call.name;
    this.writer.openToolBlock({
      type: 'tool_use',
      id: sanitizeToolUseId(call.upstreamId, this.ids),
      name,
      input: {},
    });
    call.state = ToolState.Open;
    this.current = call;
    this.emitted = true;
    this.summary.toolCallCount++;
    if (call.heldArguments !== '') {
      const held = call.heldArguments;
      call.heldArguments = '';
      this.forward(call, held);
    }
  }

  private forward(call: ToolCall, fragment: string): void {
    if (call.shape === ArgumentsShape.Object) {
      this.send(call, newPart(call, call.sent, fragment));
      return;
    }
    // Until the first non-whitespace character shows `{`, nothing is streamed: arguments that are
    // not an object would give the client a tool input that does not parse.
    call.unsent += newPart(call, call.unsent, fragment);
    if (call.shape === ArgumentsShape.Other) return;
    const first = call.unsent.trimStart()[0];
    if (first === undefined) return;
    if (first !== '{') {
      call.shape = ArgumentsShape.Other;
      return;
    }
    call.shape = ArgumentsShape.Object;
    const held = call.unsent;
    call.unsent = '';
    this.send(call, held);
  }

  /** Streams object text; whatever follows the object's closing brace is dropped. */
  private send(call: ToolCall, piece: string): void {
    if (piece === '') return;
    const sent = call.sent;
    let forwarded = piece;
    // extend(), not read(sent + piece): scanning only the new piece keeps long arguments linear.
    if (call.completion.read(sent)) forwarded = '';
    else if (call.completion.extend(piece)) forwarded = piece.slice(0, call.completion.end - sent.length);
    const extra = piece.slice(forwarded.length);
    if (extra.trim() !== '') {
      this.warn(
        'dropped',
        `choices.0.delta.tool_calls.${call.key}.function.arguments`,
        `Dropped text after the complete JSON arguments of ${call.name}: ${extra.slice(0, 200)}`,
      );
    }
    if (forwarded === '') return;
    call.sent = sent + forwarded;
    this.writer.inputJson(this.writer.openIndex, forwarded);
  }

  /** The writer is closing the open tool block. */
  private closeCurrent(index: number): void {
    const call = this.current;
    if (!call) return;
    if (call.shape !== ArgumentsShape.Object) {
      this.closeNonObject(call, index);
      return;
    }
    // Arguments cut short (token limit, dropped connection) are closed so the client can parse them.
    const suffix = completeToolArgumentsSuffix(call.sent);
    if (suffix !== '') {
      this.warn(
        'converted',
        `choices.0.delta.tool_calls.${call.key}.function.arguments`,
        `Tool call ${call.name} ended with incomplete JSON arguments; closed them with ${suffix}`,
      );
      call.sent += suffix;
      this.writer.inputJson(index, suffix);
    }
    call.state = ToolState.Closed;
    this.current = undefined;
  }

  /**
   * Arguments that never started with `{` (plain text, an array, a number, a JSON string) become
   * one object sent as a single delta: the object parseToolArguments finds in them (a fenced or
   * JSON-encoded object is unwrapped), else `{}`. Whitespace only stays empty, which means `{}`.
   */
  private closeNonObject(call: ToolCall, index: number): void {
    const text = call.unsent;
    call.unsent = '';
    call.state = ToolState.Closed;
    this.current = undefined;
    if (text.trim() === '') return;
    const json = JSON.stringify(parseToolArguments(text).value);
    this.warn(
      'converted',
      `choices.0.delta.tool_calls.${call.key}.function.arguments`,
      `Tool call ${call.name} sent arguments that are not a JSON object (${text.slice(0, 200)}); sent ${json} instead`,
    );
    call.sent = json;
    this.writer.inputJson(index, json);
  }

  private warn(type: ConversionWarning['type'], field: string, message: string): void {
    addWarning(this.warnings, { type, field, message });
  }
}

/**
 * The part of `fragment` not yet received: a provider that resends everything so far (a
 * cumulative snapshot) gets only the new suffix taken; ordinary fragments are taken whole, so the
 * arguments are neither doubled nor cut.
 *
 * A fragment that starts with everything received so far may be either, so it is read the way
 * that keeps the arguments valid JSON: `{"a":` then `{"a":` is an ordinary fragment (the snapshot
 * reading adds nothing), a repeat of complete arguments is a snapshot. When both readings stay
 * valid, a longer fragment is taken for a snapshot, and from then on the call is known to send
 * snapshots.
 */
function newPart(call: ToolCall, received: string, fragment: string): string {
  if (received.length < 2 || fragment.length < received.length || !fragment.startsWith(received))
    return fragment;
  const rest = fragment.slice(received.length);
  if (call.cumulative) return rest;
  const snapshotValid = isJsonObjectPrefix(fragment);
  const ordinaryValid = isJsonObjectPrefix(received + fragment);
  const snapshot = snapshotValid === ordinaryValid ? rest !== '' : snapshotValid;
  if (!snapshot) return fragment;
  if (rest !== '') call.cumulative = true;
  return rest;
}

/** True when `text` can still become one JSON object: nothing after its end, nothing broken. */
function isJsonObjectPrefix(text: string): boolean {
  const scanner = new JsonCompletionScanner();
  if (scanner.read(text)) return text.slice(scanner.end).trim() === '';
  if (scanner.isInvalid || text.trimStart()[0] !== '{') return false;
  return repairJsonText(text) !== undefined;
}
