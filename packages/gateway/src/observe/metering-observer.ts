import type { Meter } from '@ccp/metering';
import type { RequestObserver } from './request-observer';

/** Records every finished request in the metering store (a synchronous enqueue; never slows the request). */
export function createMeteringObserver(meter: Meter): RequestObserver {
  return {
    begin(start) {
      return {
        phase() {},
        usage() {},
        end(result) {
          meter.record({
            id: start.requestId,
            startedAt: start.startedAt,
            userId: start.userId,
            sessionId: start.sessionId,
            claudeModel: start.claudeModel,
            routedModel: result.served?.routedModel ?? start.routedModel,
            provider: result.served?.provider ?? start.provider,
            endpoint: result.served?.endpoint ?? start.endpoint,
            streamed: start.streamed,
            status: result.status,
            errorType: result.errorType,
            inputTokens: result.inputTokens,
            outputTokens: result.outputTokens,
            cacheReadTokens: result.cacheReadTokens,
            cacheWriteTokens: result.cacheWriteTokens,
            thinkingTokens: result.thinkingTokens,
            timeToFirstTokenMs: result.timeToFirstTokenMs,
            totalMs: result.totalMs,
            phases: result.phases,
            costUsd: result.costUsd,
            route: result.served ? result.served.route : start.route,
          });
        },
      };
    },
  };
}
