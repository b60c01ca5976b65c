import type { Settings } from '@ccp/config';
import { estimateTextTokens } from '@ccp/convert';
import {
  createPromptInjectionState,
  type PromptInjectionProxyInfo,
  type ProxyStatsSummary,
  type PromptInjectionState,
  reducePromptInjectionState,
  renderPromptInjection,
  renderPromptInjectionHeader,
  summarizeProxyStats,
} from '@ccp/dashboard-modules';
import { type FeedEvent, withoutHistory } from '@ccp/feed';
import { endpointDialect } from '../upstream/upstream-target';
import type { PromptInjectionView } from './prompt-injector';

/**
 * What `GET /api/status` answers: enough for a shell prompt segment or a health probe. The counts
 * are this proxy's since it started (beside `uptimeSeconds`); requests it replayed from its store
 * for the dashboards after a restart are not among them.
 */
export type StatusSnapshot = {
  up: true;
  version: string;
  provider: string;
  models: { big: string; middle: string; small: string };
  uptimeSeconds: number;
} & Pick<
  ProxyStatsSummary,
  | 'requests'
  | 'succeeded'
  | 'failed'
  | 'active'
  | 'successRate'
  | 'averageLatencyMs'
  | 'tokensPerSecond'
  | 'costUsd'
>;

/** Unread events are folded in the background once this many wait. */
const MAXIMUM_PENDING_EVENTS = 1024;

export type LiveProxyStatsOptions = {
  proxy: PromptInjectionProxyInfo;
  /** When the proxy started (epoch ms), for the uptime. */
  startedAt: number;
  version?: string;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
  /** Recent requests kept for speed and errors. Default 50. */
  limit?: number;
  /**
   * Where the events come from, subscribed on the first read: until prompt injection or
   * `/api/status` asks, nothing is folded at all. The feed's subscribe sends a snapshot first
   * (totals and the recent requests), so nothing earlier is missed. Without it, pass events to
   * `observe`. Returns false when the source is not there yet (then it is asked again next read).
   */
  subscribe?: (listener: (event: FeedEvent) => void) => boolean;
};

export type LiveProxyStats = {
  /** Folds one feed event in: pass it to `feed.subscribe`. */
  observe(event: FeedEvent): void;
  state(): PromptInjectionState;
  /** The text to inject, for `createPromptInjector({ render })`. */
  render(view: PromptInjectionView): string;
  /** For `createStatusRoutes({ snapshot })`. */
  statusSnapshot(): StatusSnapshot;
};

/**
 * The proxy's live stats, folded from its own feed with the dashboard reducers; feeds both the
 * prompt injection and `GET /api/status`.
 *
 * @example
 * const stats = createLiveProxyStats({ proxy: promptInjectionProxyInfo(settings), startedAt: Date.now() });
 * feed.subscribe(stats.observe);
 */
export function createLiveProxyStats(options: LiveProxyStatsOptions): LiveProxyStats {
  const now = options.now ?? Date.now;
  let folded = createPromptInjectionState(options.limit ?? 50);
  // Events wait here and are folded when the stats are read (or the queue is long), so the
  // reducers never run on a request's path.
  let pending: FeedEvent[] = [];
  let subscribed = options.subscribe === undefined;
  const state = () => {
    if (!subscribed) subscribed = options.subscribe?.(observe) !== false;
    if (pending.length > 0) {
      const events = pending;
      pending = [];
      for (const event of events) folded = reducePromptInjectionState(folded, event);
    }
    return folded;
  };
  const observe = (event: FeedEvent) => {
    // The stats read starts, ends and errors only; phases and live usage are most of the
    // feed's events, so skipping them keeps this subscriber cheap on the request path.
    if (event.type === 'request-phase' || event.type === 'usage-update') return;
    // Requests from before a restart are the dashboards' history, not this process's numbers.
    pending.push(event.type === 'stats-snapshot' ? withoutHistory(event) : event);
    if (pending.length === MAXIMUM_PENDING_EVENTS) setImmediate(state);
  };
  return {
    observe,
    state,
    render(view) {
      const common = {
        modules: view.modules,
        proxy: options.proxy,
        estimateTokens: estimateTextTokens,
        uptimeMs: now() - options.startedAt,
      };
      return view.format === 'header'
        ? renderPromptInjectionHeader(state(), common)
        : renderPromptInjection(state(), { ...common, size: view.size });
    },
    statusSnapshot() {
      const summary = summarizeProxyStats(state());
      return {
        up: true,
        version: options.version ?? 'dev',
        provider: options.proxy.provider,
        models: { ...options.proxy.models },
        requests: summary.requests,
        succeeded: summary.succeeded,
        failed: summary.failed,
        active: summary.active,
        successRate: summary.successRate,
        averageLatencyMs: summary.averageLatencyMs,
        tokensPerSecond: summary.tokensPerSecond,
        costUsd: summary.costUsd,
        uptimeSeconds: Math.max(0, Math.round((now() - options.startedAt) / 1000)),
      };
    },
  };
}

/**
 * What the injected text shows of the settings: the big tier's provider dialect, the routed
 * models and the reasoning settings. No keys, no URLs.
 */
export function promptInjectionProxyInfo(settings: Settings): PromptInjectionProxyInfo {
  const { big, middle, small } = settings.tiers;
  return {
    provider: endpointDialect(big, big.model),
    models: { big: big.model, middle: middle.model, small: small.model },
    reasoning: {
      effort: settings.reasoning.effort ?? null,
      maxTokens: settings.reasoning.maxTokens ?? null,
      exclude: settings.reasoning.exclude ?? false,
    },
  };
}
