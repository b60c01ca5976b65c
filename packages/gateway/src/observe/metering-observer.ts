import type { Meter } from '@ccp/metering';
import type { RequestEnd, RequestObserver } from './request-observer';

/**
 * Error types of answers the caller is not to blame for: the upstream failed, timed out or was
 * unreachable (`api_error`, `timeout_error`, `overloaded_error`), rate-limited the proxy's own
 * account, or refused the proxy's own key or account (`authentication_error`, `permission_error`,
 * `billing_error`: the caller's key was accepted before the request went upstream, so these can
 * only be the provider's answer about the proxy's key).
 */
const upstreamFaults = new Set([
  'api_error',
  'timeout_error',
  'overloaded_error',
  'rate_limit_error',
  'authentication_error',
  'permission_error',
  'billing_error',
]);

/**
 * Whether a request failed through no fault of its caller, so it must not use up their request
 * quota: an upstream fault above, or any status of 500 and more. What the caller got wrong and
 * an upstream answered (an invalid request, a prompt too long, an unknown model) and a client
 * that left (499) still count. Requests refused before they went upstream are `refused` instead.
 */
export function failedThroughNoFaultOfCaller(result: Pick<RequestEnd, 'status' | 'errorType'>): boolean {
  if (result.errorType === null) return false;
  return upstreamFaults.has(result.errorType) || result.status >= 500;
}

/**
 * Records every finished request in the metering store (a synchronous enqueue; never slows the
 * request). A request that failed through no fault of its caller, or was refused before it went
 * upstream, gives its quota reservation back.
 */
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
            // A refused request never went upstream: nothing was spent, so it uses no quota.
            refundsQuota: result.refused === true || failedThroughNoFaultOfCaller(result),
          });
        },
      };
    },
  };
}
