import type { RequestEventInput } from '@ccp/feed';
import type { RequestObserver } from './request-observer';

/** Live output counts go out at most this often per request. */
const USAGE_INTERVAL_MS = 250;

/**
 * Publishes each request's lifecycle as feed events (`request-start`, `request-phase`,
 * throttled `usage-update`, then `request-end` or `request-error`).
 */
export function createFeedObserver(publish: (event: RequestEventInput) => void): RequestObserver {
  return {
    begin(start) {
      const { requestId } = start;
      publish({
        type: 'request-start',
        requestId,
        sessionId: start.sessionId,
        claudeModel: start.claudeModel,
        routedModel: start.routedModel,
        provider: start.provider,
        endpoint: start.endpoint,
        streamed: start.streamed,
        startedAt: start.startedAt,
        estimatedInputTokens: start.estimatedInputTokens,
        contextWindow: start.contextWindow,
        maxOutputTokens: start.maxOutputTokens,
        reasoning: start.reasoning,
        route: start.route,
      });
      let lastUsageAt = 0;
      return {
        phase(phase) {
          publish({ type: 'request-phase', requestId, phase, at: Date.now() });
        },
        usage(outputTokens, thinkingTokens) {
          const now = Date.now();
          if (now - lastUsageAt < USAGE_INTERVAL_MS) return;
          lastUsageAt = now;
          publish({ type: 'usage-update', requestId, outputTokens, thinkingTokens, at: now });
        },
        end(result) {
          const at = Date.now();
          if (result.errorType !== null) {
            publish({
              type: 'request-error',
              requestId,
              status: result.status,
              errorType: result.errorType,
              message: result.errorMessage ?? result.errorType,
              durationMs: result.totalMs,
              at,
            });
            return;
          }
          publish({
            type: 'request-end',
            requestId,
            status: result.status,
            inputTokens: result.inputTokens,
            outputTokens: result.outputTokens,
            cacheReadTokens: result.cacheReadTokens,
            cacheWriteTokens: result.cacheWriteTokens,
            thinkingTokens: result.thinkingTokens,
            costUsd: result.costUsd,
            durationMs: result.totalMs,
            timeToFirstTokenMs: result.timeToFirstTokenMs,
            stopReason: result.stopReason,
            at,
          });
        },
      };
    },
  };
}
