/** What the proxy knows when a request starts, for the feed, metering and logs. */
export type RequestStart = {
  requestId: string;
  sessionId: string | null;
  userId: string | null;
  claudeModel: string;
  routedModel: string;
  tier: string | null;
  provider: string;
  endpoint: string;
  streamed: boolean;
  startedAt: number;
  estimatedInputTokens: number;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  reasoning: { effort: string | null; budgetTokens: number | null };
  /** Why this model was chosen: the tier, or a task route such as `long-context`. */
  route: string | null;
};

export type RequestPhase = 'parse' | 'route' | 'think' | 'send' | 'wait' | 'receive' | 'done';

/** What the proxy knows when a request ends, successfully or not. */
export type RequestEnd = {
  status: number;
  errorType: string | null;
  errorMessage: string | null;
  stopReason: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  thinkingTokens: number;
  /** Estimated from catalog prices; null when the model or its price is unknown. */
  costUsd: number | null;
  timeToFirstTokenMs: number | null;
  totalMs: number;
  phases: { parseMs: number; routeMs: number; upstreamWaitMs: number; streamMs: number };
  /** Set when a fallback served the request: what really answered (the start named the first target). */
  served?: { routedModel: string; provider: string; endpoint: string; route: string | null };
  /** Refused before it was routed (origin, key, quota, an invalid body, the context guard): nothing went upstream. */
  refused?: true;
};

/** Follows one request; every method must be cheap and must never throw. */
export type RequestTracker = {
  phase(phase: RequestPhase): void;
  usage(outputTokens: number, thinkingTokens: number): void;
  end(result: RequestEnd): void;
};

export type RequestObserver = {
  begin(start: RequestStart): RequestTracker;
};

const NOOP_TRACKER: RequestTracker = { phase() {}, usage() {}, end() {} };

export const noopObserver: RequestObserver = { begin: () => NOOP_TRACKER };

/** Fans one request's lifecycle out to several observers, isolating their failures. */
export function combineObservers(observers: RequestObserver[], onError: (error: unknown) => void): RequestObserver {
  if (observers.length === 0) return noopObserver;
  return {
    begin(start) {
      const trackers = observers.map((observer) => {
        try {
          return observer.begin(start);
        } catch (error) {
          onError(error);
          return NOOP_TRACKER;
        }
      });
      const each = (call: (tracker: RequestTracker) => void) => {
        for (const tracker of trackers) {
          try {
            call(tracker);
          } catch (error) {
            onError(error);
          }
        }
      };
      return {
        phase: (phase) => each((tracker) => tracker.phase(phase)),
        usage: (output, thinking) => each((tracker) => tracker.usage(output, thinking)),
        end: (result) => each((tracker) => tracker.end(result)),
      };
    },
  };
}
