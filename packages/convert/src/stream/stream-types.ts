import type { AnthropicErrorDetail, AnthropicStopReason, AnthropicUsage } from '../anthropic-api';
import type { ConversionWarning } from '../conversion-warning';
import type { ResponseConversionOptions } from '../convert-openai-response';

/** What a finished stream conversion reports, for metering. */
export type StreamSummary = {
  /** Final usage (as sent in `message_delta`); estimated when the upstream sent none (see `usageReported`). */
  usage: AnthropicUsage;
  /** False when the upstream sent no usage and `usage` is an estimate. */
  usageReported: boolean;
  stopReason: AnthropicStopReason | null;
  stopSequence: string | null;
  /** `Date.now()` when the first content (thinking, text or tool call) was produced. */
  firstContentAt?: number;
  blockCount: number;
  toolCallCount: number;
  thinkingChars: number;
  textChars: number;
  /** Set when the stream ended with an `error` event. */
  error?: AnthropicErrorDetail;
  /** True when the signal aborted the stream or the consumer stopped reading early. */
  aborted: boolean;
  /** The `model` the upstream reported in its chunks. */
  upstreamModel?: string;
  /** The upstream's completion id. */
  upstreamId?: string;
  /** Lossy spots: repaired tool arguments, dropped late fragments, ignored trailing garbage. */
  warnings: ConversionWarning[];
};

export type StreamConversionOptions = ResponseConversionOptions & {
  /** Put into `message_start` usage.input_tokens until real usage arrives (clients read their context size from it). */
  inputTokensEstimate?: number;
  /** Emit `{type:'ping'}` while the upstream is silent this long. Default 10 000; 0 disables. */
  pingIntervalMs?: number;
  /** Stop reading when aborted; an `error` event ends the stream (`timeout_error` for a TimeoutError reason). */
  signal?: AbortSignal;
  /** Called once with the summary when the stream ends in any way (also the generator's return value). */
  onFinish?: (summary: StreamSummary) => void;
  /**
   * The secret values the caller knows (upstream API keys, the proxy's own keys): replaced by
   * `[redacted]` in the stream's `error` events wherever the upstream echoes them, also partly masked.
   */
  secrets?: readonly string[];
};
