import type { RequestEventInput, RequestPhase } from '@ccp/feed';
import type { RequestRow } from '@ccp/metering';

/** Metering keeps an error's type and status, not its message. */
const STORED_ERROR_MESSAGE = 'message not stored (read back from metering after a restart)';

/**
 * The feed events of a request read back from the metering store, at its own times, so the
 * dashboards can show requests from before a restart with the reducers they use for live ones:
 * the start, the phases its stored durations tell, and the end, or the error of a failed one.
 * What the store does not keep is filled in plainly: the input estimate is the input it used, the
 * context window, output cap, reasoning settings and stop reason are unknown, and an error's
 * message says it was not stored.
 *
 * @example
 * const history = (await meter.recentRequests({ since: Date.now() - 3_600_000, limit: 200 })).flatMap(storedRequestEvents);
 * createFeedServer({ server, history });
 */
export function storedRequestEvents(row: RequestRow): RequestEventInput[] {
  const { id: requestId, startedAt } = row;
  const finishedAt = startedAt + row.totalMs;
  const events: RequestEventInput[] = [
    {
      type: 'request-start',
      requestId,
      sessionId: row.sessionId,
      claudeModel: row.claudeModel,
      routedModel: row.routedModel,
      provider: row.provider,
      endpoint: row.endpoint,
      streamed: row.streamed,
      startedAt,
      estimatedInputTokens: row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens,
      contextWindow: null,
      maxOutputTokens: null,
      reasoning: { effort: null, budgetTokens: null },
      route: row.route,
    },
  ];
  for (const [phase, offset] of _phaseOffsets(row)) {
    events.push({ type: 'request-phase', requestId, phase, at: startedAt + Math.min(offset, row.totalMs) });
  }
  if (row.errorType !== null) {
    events.push({
      type: 'request-error',
      requestId,
      status: row.status,
      errorType: row.errorType,
      message: STORED_ERROR_MESSAGE,
      durationMs: row.totalMs,
      at: finishedAt,
    });
    return events;
  }
  events.push(
    { type: 'request-phase', requestId, phase: 'done', at: finishedAt },
    {
      type: 'request-end',
      requestId,
      status: row.status,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      cacheReadTokens: row.cacheReadTokens,
      cacheWriteTokens: row.cacheWriteTokens,
      thinkingTokens: row.thinkingTokens,
      costUsd: row.costUsd,
      durationMs: row.totalMs,
      timeToFirstTokenMs: row.timeToFirstTokenMs,
      stopReason: null,
      at: finishedAt,
    },
  );
  return events;
}

/**
 * When each phase began, in ms after the start, as the live request published them: parse and
 * route at once, send when routed, wait once the upstream's headers came, receive at the first
 * token (when known and after the headers).
 */
function _phaseOffsets(row: RequestRow): [RequestPhase, number][] {
  const sentAt = row.parseMs + row.routeMs;
  const offsets: [RequestPhase, number][] = [
    ['parse', 0],
    ['route', row.parseMs],
    ['send', sentAt],
  ];
  if (row.upstreamWaitMs <= 0) return offsets;
  const headersAt = sentAt + row.upstreamWaitMs;
  offsets.push(['wait', headersAt]);
  if (row.timeToFirstTokenMs !== null && row.timeToFirstTokenMs >= headersAt) {
    offsets.push(['receive', row.timeToFirstTokenMs]);
  }
  return offsets;
}
