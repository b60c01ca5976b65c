import type { AnthropicMessagesRequest } from '@ccp/convert';
import type { PromptInjectionModule, PromptInjectionSize } from '@ccp/dashboard-modules';
import { injectProxyStats, injectProxyStatsIntoLastUserTurn } from './inject-proxy-stats';
import type { PromptInjectionSettings } from '@ccp/config';

/** What the injector asks its `render` for: the full stats at a size, or the compact header line. */
export type PromptInjectionView = {
  format: 'full' | 'header';
  modules: readonly PromptInjectionModule[];
  size: PromptInjectionSize;
};

export type PromptInjectorOptions = Omit<PromptInjectionSettings, 'placement'> & {
  /** Default `system`. */
  placement?: PromptInjectionSettings['placement'];
  /** Renders the current stats; called only when a request gets them. */
  render: (view: PromptInjectionView) => string;
};

export type PromptInjectionDecision =
  | { inject: true; text: string; reason: string }
  | { inject: false; reason: string };

export type PromptInjector = {
  readonly settings: Readonly<PromptInjectionSettings>;
  /**
   * Whether this request gets an extra system block, and its text. Queued texts are consumed by
   * the request that receives them.
   */
  decide(request: AnthropicMessagesRequest): PromptInjectionDecision;
  /**
   * `decide`, then `injectProxyStats` (or `injectProxyStatsIntoLastUserTurn` for the
   * `conversation-end` placement) when it says so; the request itself is never mutated.
   */
  apply(request: AnthropicMessagesRequest): AnthropicMessagesRequest;
  /**
   * Queues one injection for the next main request (the only source in `manual` mode, an addition
   * in the others): `text`, or the current stats rendered at that moment when `text` is omitted.
   * Returns false when injection is disabled or the queue is full.
   */
  queue(text?: string): boolean;
  /** Queued injections not delivered yet. */
  pending(): number;
};

/** Enough for a burst of manual notes; older ones are not dropped silently, `queue` refuses. */
const maximumQueued = 16;

/** Largest `max_tokens` of the small side requests Claude Code makes (titles, topic checks). */
const sideRequestMaxTokens = 512;

/**
 * Haiku-tier calls and small `max_tokens` requests are Claude Code's side requests (titles,
 * summaries, quota probes): stats there only cost tokens.
 */
export function isSideRequest(request: AnthropicMessagesRequest): boolean {
  return /haiku/i.test(request.model) || request.max_tokens <= sideRequestMaxTokens;
}

/** Streaming turns and turns with tools are the agent's working turns, where the stats can help. */
export function isWorkingTurn(request: AnthropicMessagesRequest): boolean {
  return request.stream === true || (request.tools?.length ?? 0) > 0;
}

/**
 * Decides per request whether to add the proxy stats as the last system block.
 *
 * @example
 * const injector = createPromptInjector({ ...settings, render: (view) => stats.render(view) });
 * const request = injector.apply(parseAnthropicMessagesRequest(body));
 * injector.queue('The proxy switched BIG_MODEL to openai/gpt-5.1.'); // delivered with the next main request
 */
export function createPromptInjector(options: PromptInjectorOptions): PromptInjector {
  const settings: Readonly<PromptInjectionSettings> = Object.freeze({
    enabled: options.enabled,
    modules: [...options.modules],
    size: options.size,
    mode: options.mode,
    placement: options.placement ?? 'system',
  });
  const inject =
    settings.placement === 'conversation-end' ? injectProxyStatsIntoLastUserTurn : injectProxyStats;
  // null stands for "the stats as they are when delivered".
  const queued: Array<string | null> = [];

  const renderView = (format: PromptInjectionView['format']) =>
    options.render({ format, modules: settings.modules, size: settings.size }).trim();

  function statsFor(
    request: AnthropicMessagesRequest,
  ): { text: string; reason: string } | { text: null; reason: string } {
    switch (settings.mode) {
      case 'manual':
        return { text: null, reason: 'manual mode: only queued injections' };
      case 'always':
        return { text: renderView('full'), reason: 'always mode' };
      case 'auto':
      case 'header':
        if (!isWorkingTurn(request)) return { text: null, reason: 'not a streaming or tool turn' };
        return settings.mode === 'header'
          ? { text: renderView('header'), reason: 'header mode on a working turn' }
          : { text: renderView('full'), reason: 'auto mode on a working turn' };
    }
  }

  function decide(request: AnthropicMessagesRequest): PromptInjectionDecision {
    if (!settings.enabled) return { inject: false, reason: 'prompt injection is disabled' };
    if (settings.mode !== 'always' && isSideRequest(request)) {
      return { inject: false, reason: 'side request (haiku tier or small max_tokens)' };
    }
    const stats = statsFor(request);
    const notes = queued.splice(0).map((text) => text ?? renderView('full'));
    const parts = [stats.text, ...notes].filter((part): part is string => Boolean(part));
    if (parts.length === 0) return { inject: false, reason: stats.reason };
    return {
      inject: true,
      text: parts.join('\n\n'),
      reason: notes.length > 0 ? `${stats.reason}; ${notes.length} queued` : stats.reason,
    };
  }

  return {
    settings,
    decide,
    apply(request) {
      const decision = decide(request);
      return decision.inject ? inject(request, decision.text) : request;
    },
    queue(text) {
      if (!settings.enabled || queued.length >= maximumQueued) return false;
      if (text !== undefined && text.trim() === '') return false;
      queued.push(text ?? null);
      return true;
    },
    pending: () => queued.length,
  };
}
