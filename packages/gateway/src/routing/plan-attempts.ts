import type { EndpointSettings, TierName } from '@ccp/config';
import { describeEndpoint } from '../upstream/upstream-target';
import type { Attempt } from '../upstream/with-fallbacks';
import type { Route } from './resolve-route';
import type { RouteTarget, TaskRouteChoice, TaskRule } from './task-routes';

/** Fallback chains by tier or task route, as in `RoutingSettings.fallbacks` from `@ccp/config`. */
export type FallbackChains = Partial<
  Record<TierName | 'background' | 'thinking' | 'longContext' | 'webSearch' | 'images', RouteTarget[]>
>;

/** An attempt with the endpoint settings `upstreamTarget` needs. */
export type PlannedAttempt = Attempt & { endpoint: EndpointSettings };

const CHAIN_FOR_RULE: Record<Exclude<TaskRule, 'explicit'>, keyof FallbackChains> = {
  'long-context': 'longContext',
  images: 'images',
  'web-search': 'webSearch',
  background: 'background',
  thinking: 'thinking',
};

/** Rules that are preferences: when their own chain is empty the tier model (then its chain) backs them up. */
const PREFERENCE_RULES: ReadonlySet<TaskRule> = new Set(['background', 'thinking']);

export type PlanAttemptsInput = {
  /** The tier route from `resolveRoute`. */
  route: Route;
  /** The task route from `chooseTaskRoute`. */
  choice: TaskRouteChoice;
  fallbacks: FallbackChains;
  /**
   * Where a target without its own endpoint goes: the tier's configured endpoint
   * (`settings.tiers[tier]`, or `settings.provider` for a pass-through name).
   */
  defaultEndpoint: EndpointSettings;
  /** An endpoint's key; default `describeEndpoint` of its base URL. */
  endpointKey?: (endpoint: EndpointSettings) => string;
};

/**
 * The ordered targets for one request: the chosen one first, then its fallbacks, without
 * duplicates.
 * - Tier route: the tier model, then `{TIER}_FALLBACK_MODELS`.
 * - Task route: its model, then `{ROUTE}_FALLBACK_MODELS`; for background and thinking (cost and
 *   quality preferences) an empty chain falls back to the tier model and its chain. Long context,
 *   images and web search keep to their own chain, because the tier model is what cannot serve them.
 * - Explicit `endpoint,model`: that target only; the client chose it.
 *
 * @example
 * const attempts = planAttempts({ route, choice, fallbacks: routing.fallbacks, defaultEndpoint: settings.tiers.big });
 * // [{ model: 'gpt-5', rule: 'tier', fallbackIndex: 0, … }, { model: 'gpt-4o', rule: 'tier', fallbackIndex: 1, … }]
 */
export function planAttempts(input: PlanAttemptsInput): PlannedAttempt[] {
  const { route, choice, fallbacks, defaultEndpoint } = input;
  const keyOf = input.endpointKey ?? ((endpoint: EndpointSettings) => describeEndpoint(endpoint.baseUrl));
  const tierTargets: Array<{ target: RouteTarget | 'tier-route' }> = [
    { target: 'tier-route' },
    ...(route.tier ? (fallbacks[route.tier] ?? []) : []).map((target) => ({ target })),
  ];

  let rule: string;
  let ordered: Array<{ target: RouteTarget | 'tier-route' }>;
  if (choice.rule === null || choice.target === undefined) {
    rule = 'tier';
    ordered = tierTargets;
  } else if (choice.rule === 'explicit') {
    rule = 'explicit';
    ordered = [{ target: choice.target }];
  } else {
    rule = choice.rule;
    const own = fallbacks[CHAIN_FOR_RULE[choice.rule]] ?? [];
    ordered = [{ target: choice.target }, ...own.map((target) => ({ target }))];
    if (own.length === 0 && PREFERENCE_RULES.has(choice.rule)) ordered.push(...tierTargets);
  }

  const attempts: PlannedAttempt[] = [];
  const seen = new Set<string>();
  for (const { target } of ordered) {
    const resolved =
      target === 'tier-route'
        ? { model: route.model, endpoint: route.endpoint }
        : { model: target.model, endpoint: endpointFor(target, defaultEndpoint) };
    const endpointKey = keyOf(resolved.endpoint);
    const identity = `${resolved.model}\n${endpointKey}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    attempts.push({ ...resolved, endpointKey, rule, fallbackIndex: attempts.length });
  }
  return attempts;
}

/** A target with its own endpoint uses it; a bare model uses the tier's endpoint. */
export function endpointFor(target: RouteTarget, defaultEndpoint: EndpointSettings): EndpointSettings {
  if (target.baseUrl === undefined) {
    return {
      baseUrl: defaultEndpoint.baseUrl,
      apiKey: defaultEndpoint.apiKey,
      azureApiVersion: defaultEndpoint.azureApiVersion,
      provider: target.provider ?? defaultEndpoint.provider,
    };
  }
  return {
    baseUrl: target.baseUrl,
    apiKey: target.apiKey,
    azureApiVersion: target.azureApiVersion,
    provider: target.provider,
  };
}

/**
 * The request's route for metering and the feed (`RequestStart.route`): the tier name for a tier
 * route, else the task rule, with the fallback that served it; null for a pass-through model name.
 *
 * @example routeLabel({ rule: 'tier', fallbackIndex: 1 }, 'big') // 'big+fallback#1'
 */
export function routeLabel(
  attempt: Pick<Attempt, 'rule' | 'fallbackIndex'>,
  tier: string | null,
): string | null {
  const base = attempt.rule === 'tier' ? tier : attempt.rule;
  if (attempt.fallbackIndex === 0) return base;
  return `${base ?? 'model'}+fallback#${attempt.fallbackIndex}`;
}
