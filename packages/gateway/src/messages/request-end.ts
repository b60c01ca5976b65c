import {
  type AnthropicApiError,
  type AnthropicMessage,
  type StreamSummary,
  statusForErrorType,
} from '@ccp/convert';
import type { RequestEnd } from '../observe/request-observer';

/** When a request reached each stage (`performance.now()`), for the phase durations. */
export type RequestTiming = { clock: number; parsedAt: number; routedAt: number; headersAt: number };

type EndWithoutCost = Omit<RequestEnd, 'costUsd'>;

function timings(timing: RequestTiming, now: number) {
  return {
    totalMs: now - timing.clock,
    phases: {
      parseMs: timing.parsedAt - timing.clock,
      routeMs: timing.routedAt - timing.parsedAt,
      upstreamWaitMs: timing.headersAt - timing.routedAt,
      streamMs: now - timing.headersAt,
    },
  };
}

/** A request answered with a whole message (JSON). */
export function endFromMessage(message: AnthropicMessage, timing: RequestTiming, now: number): EndWithoutCost {
  return {
    status: 200,
    errorType: null,
    errorMessage: null,
    stopReason: message.stop_reason,
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
    cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
    thinkingTokens: message.usage.thinking_tokens ?? 0,
    timeToFirstTokenMs: null,
    ...timings(timing, now),
  };
}

/** A streamed request, ended, failed in the stream, or left by its client (`cancelled`). */
export function endFromStream(
  summary: StreamSummary | undefined,
  cancelled: boolean,
  startedAt: number,
  timing: RequestTiming,
  now: number,
): EndWithoutCost {
  const error = summary?.error;
  return {
    status: cancelled ? 499 : error ? statusForErrorType(error.type) : 200,
    errorType: cancelled ? 'client_closed' : (error?.type ?? null),
    errorMessage: cancelled ? 'client disconnected' : (error?.message ?? null),
    stopReason: summary?.stopReason ?? null,
    inputTokens: summary?.usage.input_tokens ?? 0,
    outputTokens: summary?.usage.output_tokens ?? 0,
    cacheReadTokens: summary?.usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: summary?.usage.cache_creation_input_tokens ?? 0,
    thinkingTokens: summary?.usage.thinking_tokens ?? 0,
    timeToFirstTokenMs: summary?.firstContentAt !== undefined ? summary.firstContentAt - startedAt : null,
    ...timings(timing, now),
  };
}

/** A request that failed before its answer started. */
export function endFromError(error: AnthropicApiError, timing: RequestTiming, now: number): EndWithoutCost {
  return {
    status: error.status,
    errorType: error.errorType,
    errorMessage: error.message,
    stopReason: null,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    thinkingTokens: 0,
    timeToFirstTokenMs: null,
    ...timings(timing, now),
  };
}
