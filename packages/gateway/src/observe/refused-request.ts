import { AnthropicApiError, isAnthropicApiError } from '@ccp/convert';
import type { RequestObserver } from './request-observer';

/** What is known of a `POST /v1/messages` refused before it was routed. */
export type RefusedRequest = {
  requestId: string;
  userId: string | null;
  /** Claude Code's `x-claude-code-session-id`, when sent. */
  sessionId: string | null;
  /** When the request arrived (epoch milliseconds). */
  startedAt: number;
  /** The model the body asked for, when the body was read that far. */
  claudeModel?: string | null;
  streamed?: boolean;
};

/** Stands in for the model and provider of a request that was refused before either was known. */
const UNKNOWN = 'unknown';

/**
 * Records a request that was refused before it was routed (browser origin, key, quota, a body
 * that is too large or not a valid request, the context guard) as a failed request: a start and
 * an end with the error, so the feed, the logs, metering and the dashboards count it like any
 * other failure. Nothing went upstream, so it uses none of the caller's quota. Returns the error
 * as the client gets it: a failure that is not an `AnthropicApiError` is a 500.
 */
export function observeRefusedRequest(
  observer: RequestObserver,
  request: RefusedRequest,
  error: unknown,
): AnthropicApiError {
  const refusal = isAnthropicApiError(error)
    ? error
    : AnthropicApiError.fromStatus(500, 'Internal proxy error: see the ccp log for details.');
  const tracker = observer.begin({
    requestId: request.requestId,
    sessionId: request.sessionId,
    userId: request.userId,
    claudeModel: request.claudeModel ?? UNKNOWN,
    routedModel: UNKNOWN,
    tier: null,
    provider: UNKNOWN,
    endpoint: '',
    streamed: request.streamed ?? false,
    startedAt: request.startedAt,
    estimatedInputTokens: 0,
    contextWindow: null,
    maxOutputTokens: null,
    reasoning: { effort: null, budgetTokens: null },
    route: null,
  });
  const totalMs = Math.max(0, Date.now() - request.startedAt);
  tracker.end({
    status: refusal.status,
    errorType: refusal.errorType,
    errorMessage: refusal.message,
    stopReason: null,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    thinkingTokens: 0,
    costUsd: null,
    timeToFirstTokenMs: null,
    totalMs,
    phases: { parseMs: totalMs, routeMs: 0, upstreamWaitMs: 0, streamMs: 0 },
    refused: true,
  });
  return refusal;
}
