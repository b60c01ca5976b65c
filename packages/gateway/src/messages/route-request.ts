import type { EndpointSettings, RoutingSettings, Settings } from '@ccp/config';
import {
  AnthropicApiError,
  type AnthropicMessagesRequest,
  estimateRequestTokensQuickly,
  type TokenEstimateCache,
} from '@ccp/convert';
import type { ProviderDialect } from '@ccp/reasoning';
import type { ModelLookup } from '../models/model-lookup';
import { type PlannedAttempt, planAttempts } from '../routing/plan-attempts';
import { type Route, resolveRoute } from '../routing/resolve-route';
import { chooseTaskRoute } from '../routing/task-routes';
import { endpointDialect } from '../upstream/upstream-target';
import { checkContextWindow } from './context-guard';
import { planUpstreamRequest, type UpstreamRequestPlan } from './plan-upstream-request';
import type { SessionTools } from './session-tools';

export type RoutedRequest = {
  /** The route the Claude model name maps to, before task routes and fallbacks. */
  tierRoute: Route;
  /** The targets to try, in order: the chosen route, then its fallbacks. */
  attempts: PlannedAttempt[];
  estimatedInputTokens: number;
  routeFor(attempt: PlannedAttempt): Route;
  /** The upstream body for a target, built once and only when that target is tried. */
  planFor(attempt: PlannedAttempt): UpstreamRequestPlan;
};

/**
 * Decides where a request goes: tier, task route and fallbacks; then applies the context guard
 * against the first target (Anthropic's own words make Claude Code compact) and clamps
 * `max_tokens` to the model's output limit. Throws 400s in Anthropic's form.
 */
export function routeRequest(
  request: AnthropicMessagesRequest,
  options: {
    settings: Settings;
    routing: RoutingSettings;
    models: ModelLookup;
    tokenCache: TokenEstimateCache;
    sessionTools?: SessionTools;
    /** An endpoint's key for the breaker and the log, worked out once per endpoint. */
    endpointKey?: (endpoint: EndpointSettings) => string;
    /** A model's dialect at an endpoint; default `endpointDialect`. */
    dialect?: (endpoint: EndpointSettings, model: string) => ProviderDialect;
    log: (message: string) => void;
  },
): RoutedRequest {
  const { settings, routing, models, log } = options;
  const tierRoute = resolveRoute(request.model, settings);
  // The quick estimate stays within a fraction of a percent of count_tokens, at a tenth of the cost.
  const estimatedInputTokens = estimateRequestTokensQuickly(request, options.tokenCache);
  const dialectOf = options.dialect ?? endpointDialect;
  const catalogEntry = (target: Route) => models.find(target.model, dialectOf(target.endpoint, target.model));
  const choice = chooseTaskRoute(
    request,
    {
      tier: tierRoute.tier,
      estimatedInputTokens,
      routedModelHasVision: catalogEntry(tierRoute)?.vision ?? null,
    },
    routing,
  );
  if (choice.problem) throw AnthropicApiError.fromStatus(400, choice.problem);
  const attempts = planAttempts({
    route: tierRoute,
    choice,
    fallbacks: routing.fallbacks,
    defaultEndpoint: tierRoute.tier ? settings.tiers[tierRoute.tier] : settings.provider,
    ...(options.endpointKey ? { endpointKey: options.endpointKey } : {}),
  });
  const routeFor = (attempt: PlannedAttempt): Route => ({
    ...tierRoute,
    model: attempt.model,
    endpoint: attempt.endpoint,
  });

  let upstreamRequest = request;
  if (routing.contextGuard) {
    const entry = catalogEntry(routeFor(attempts[0] as PlannedAttempt));
    const guard = checkContextWindow({
      estimatedInputTokens,
      maxTokens: request.max_tokens,
      contextWindow: entry?.contextWindow,
      maxOutput: entry?.maxOutput,
    });
    if (!guard.ok) throw AnthropicApiError.fromStatus(guard.error.status, guard.error.message);
    if (guard.clampedBy !== null) {
      log(`max_tokens ${request.max_tokens} → ${guard.maxTokens} (${guard.clampedBy})`);
      upstreamRequest = { ...request, max_tokens: guard.maxTokens };
    }
  }

  const plans = new Map<PlannedAttempt, UpstreamRequestPlan>();
  const planFor = (attempt: PlannedAttempt): UpstreamRequestPlan => {
    let planned = plans.get(attempt);
    if (!planned) {
      planned = planUpstreamRequest(upstreamRequest, routeFor(attempt), {
        lateSystemMessages: settings.lateSystemMessages,
        capabilities: models.capabilities,
        sessionTools: options.sessionTools,
        dialect: dialectOf,
      });
      plans.set(attempt, planned);
      for (const warning of planned.warnings) {
        log(typeof warning === 'string' ? warning : `${warning.field}: ${warning.message}`);
      }
    }
    return planned;
  };
  return { tierRoute, attempts, estimatedInputTokens, routeFor, planFor };
}
