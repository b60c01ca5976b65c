import type { FeedEvent } from '@ccp/feed';
import { type AnalyticsPanelState, analyticsPanel, hotModels, type ModelUsage } from '../analytics-panel';
import {
  createRequestLedger,
  newestRecords,
  type RequestLedger,
  reduceRequestLedger,
} from '../request-ledger';

/** The live proxy state the injected text and `/api/status` read: the dashboard reducers' states. */
export interface PromptInjectionState {
  /** Recent requests (the performance monitor's state). */
  ledger: RequestLedger;
  /** Totals, hot models and latency (the analytics panel's state). */
  analytics: AnalyticsPanelState;
}

/** One failed request, newest first in {@link ProxyStatsSummary.recentErrors}. */
export interface RecentProxyError {
  requestId: string;
  model: string;
  status: number;
  errorType: string;
  message: string;
  at: number;
}

/** The numbers every renderer shows, computed once from {@link PromptInjectionState}. */
export interface ProxyStatsSummary {
  requests: number;
  succeeded: number;
  failed: number;
  active: number;
  /** Succeeded over finished, null before the first request finishes. */
  successRate: number | null;
  averageLatencyMs: number | null;
  /** Output tokens per second of generation (after the first token), over the recent finished requests. */
  tokensPerSecond: number | null;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  topModels: ModelUsage[];
  recentErrors: RecentProxyError[];
}

/**
 * An empty state; `limit` bounds how many recent requests are kept.
 *
 * @example
 * let state = createPromptInjectionState();
 * for (const event of events) state = reducePromptInjectionState(state, event);
 */
export function createPromptInjectionState(limit = 50): PromptInjectionState {
  return { ledger: createRequestLedger(limit), analytics: analyticsPanel.initialState() };
}

/** Folds one feed event in, with the same reducers the dashboard modules use. */
export function reducePromptInjectionState(
  state: PromptInjectionState,
  event: FeedEvent,
): PromptInjectionState {
  return {
    ledger: reduceRequestLedger(state.ledger, event),
    analytics: analyticsPanel.reduce(state.analytics, event),
  };
}

/**
 * The summary numbers of a state.
 *
 * @example summarizeProxyStats(state).successRate // 0.98
 */
export function summarizeProxyStats(state: PromptInjectionState): ProxyStatsSummary {
  const { totals } = state.analytics;
  const finished = totals.succeeded + totals.failed;
  const records = newestRecords(state.ledger);
  let generatedTokens = 0;
  let generatingMs = 0;
  const recentErrors: RecentProxyError[] = [];
  for (const record of records) {
    const { end, error } = record;
    if (end && end.status < 400) {
      const generating = end.durationMs - (end.timeToFirstTokenMs ?? 0);
      // Requests too short to time say nothing about speed.
      if (generating >= 50 && end.outputTokens > 0) {
        generatedTokens += end.outputTokens;
        generatingMs += generating;
      }
    } else if (error || (end && end.status >= 400)) {
      recentErrors.push({
        requestId: record.start.requestId,
        model: record.start.routedModel,
        status: error?.status ?? end?.status ?? 0,
        errorType: error?.errorType ?? `http_${end?.status ?? 0}`,
        message: error?.message ?? '',
        at: error?.at ?? end?.at ?? record.lastEventAt,
      });
    }
  }
  return {
    requests: totals.requests,
    succeeded: totals.succeeded,
    failed: totals.failed,
    active: totals.active,
    successRate: finished > 0 ? totals.succeeded / finished : null,
    averageLatencyMs:
      state.analytics.observedFinished > 0
        ? state.analytics.observedDurationMs / state.analytics.observedFinished
        : null,
    tokensPerSecond: generatingMs > 0 ? (generatedTokens * 1000) / generatingMs : null,
    costUsd: totals.costUsd,
    inputTokens: totals.inputTokens + totals.cacheReadTokens,
    outputTokens: totals.outputTokens,
    topModels: hotModels(state.analytics),
    recentErrors,
  };
}
