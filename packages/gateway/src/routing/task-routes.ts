import type { RouteTarget, RoutingSettings, TierName } from '@ccp/config';
import type { AnthropicContentBlockParam, AnthropicMessagesRequest } from '@ccp/convert';

export type { RouteTarget };

/** What task routing reads of the routing settings. */
export type TaskRoutingSettings = Pick<RoutingSettings, 'routes' | 'endpoints'>;

export type TaskRule = 'explicit' | 'long-context' | 'images' | 'web-search' | 'background' | 'thinking';

/**
 * The order rules are tried in; the first that matches and has a target wins.
 * 1. explicit: the client named `endpoint,model`, a deliberate choice that beats every rule.
 * 2. long-context: a prompt over the threshold would not fit elsewhere, so it must win.
 * 3. images: the routed model cannot see the images; sending them would fail or drop them.
 * 4. web-search: the request carries a server web search tool that only some models can serve.
 * 5. background: haiku-tier side tasks (titles, summaries) go to a cheap model even with thinking on.
 * 6. thinking: thinking enabled or adaptive (Claude Code sends adaptive on every main turn).
 * Rules 2–4 are needs (the request fails without them); 5–6 are cost and quality preferences.
 */
export const TASK_RULE_ORDER: readonly TaskRule[] = [
  'explicit',
  'long-context',
  'images',
  'web-search',
  'background',
  'thinking',
];

export type TaskRouteContext = {
  /** The Claude tier the model name matched, or null for a pass-through name. */
  tier: TierName | null;
  estimatedInputTokens: number;
  /** Whether the tier-routed model takes images (catalog); null when unknown, treated as yes. */
  routedModelHasVision: boolean | null;
};

export type TaskRouteChoice = {
  rule: TaskRule | null;
  target?: RouteTarget;
  /** Set when the model name looks like `endpoint,model` but the endpoint is unknown: answer 400 with it. */
  problem?: string;
};

/**
 * Picks the task route for a request, on top of the tier route (see {@link TASK_RULE_ORDER}).
 * `rule: null` means the tier route stands.
 *
 * @example
 * const choice = chooseTaskRoute(request, { tier: 'small', estimatedInputTokens: 900, routedModelHasVision: true }, routing);
 * // { rule: 'background', target: { model: 'gpt-4o-mini' } } when BACKGROUND_MODEL=gpt-4o-mini
 */
export function chooseTaskRoute(
  request: Pick<AnthropicMessagesRequest, 'model' | 'messages' | 'tools' | 'thinking'>,
  context: TaskRouteContext,
  routing: TaskRoutingSettings,
): TaskRouteChoice {
  const explicit = explicitTarget(request.model, routing.endpoints);
  if (explicit) return explicit;
  const { routes } = routing;
  for (const rule of TASK_RULE_ORDER) {
    switch (rule) {
      case 'long-context':
        if (routes.longContext && context.estimatedInputTokens > routes.longContext.thresholdTokens) {
          const { thresholdTokens: _threshold, ...target } = routes.longContext;
          return { rule, target };
        }
        break;
      case 'images':
        if (routes.images && context.routedModelHasVision === false && hasImages(request.messages)) {
          return { rule, target: routes.images };
        }
        break;
      case 'web-search':
        if (routes.webSearch && hasWebSearchTool(request.tools)) return { rule, target: routes.webSearch };
        break;
      case 'background':
        if (routes.background && context.tier === 'small') return { rule, target: routes.background };
        break;
      case 'thinking':
        if (routes.thinking && thinkingOn(request.thinking)) return { rule, target: routes.thinking };
        break;
      case 'explicit':
        break;
    }
  }
  return { rule: null };
}

/** `openrouter,openai/gpt-5` as the request's model: a named endpoint and a model. */
function explicitTarget(
  model: string,
  endpoints: TaskRoutingSettings['endpoints'],
): TaskRouteChoice | undefined {
  const comma = model.indexOf(',');
  if (comma === -1) return undefined;
  const name = model.slice(0, comma).trim();
  const upstreamModel = model.slice(comma + 1).trim();
  const key = name.toLowerCase().replace(/-/g, '_');
  const endpoint = endpoints[key];
  if (!endpoint || upstreamModel === '') {
    const known = Object.keys(endpoints).sort().join(', ');
    return {
      rule: null,
      problem:
        upstreamModel === ''
          ? `The model name "${model}" has an empty model after the comma: write endpoint,model.`
          : `The model name "${model}" names the endpoint "${name}", which ccp does not know: set ENDPOINT_${key.toUpperCase()}_URL (known endpoints: ${known}).`,
    };
  }
  const target: RouteTarget = { model: upstreamModel, baseUrl: endpoint.baseUrl, endpointName: key };
  if (endpoint.apiKey !== undefined) target.apiKey = endpoint.apiKey;
  if (endpoint.provider !== undefined) target.provider = endpoint.provider;
  if (endpoint.azureApiVersion !== undefined) target.azureApiVersion = endpoint.azureApiVersion;
  return { rule: 'explicit', target };
}

function thinkingOn(thinking: AnthropicMessagesRequest['thinking']): boolean {
  return thinking?.type === 'enabled' || thinking?.type === 'adaptive';
}

/** Anthropic's server tool `web_search_20250305` (and later versions); Claude Code's WebSearch tool sends it. */
function hasWebSearchTool(tools: AnthropicMessagesRequest['tools']): boolean {
  return (tools ?? []).some((tool) => typeof tool.type === 'string' && tool.type.startsWith('web_search'));
}

/** An image anywhere in the conversation, including screenshots inside tool results. */
export function hasImages(messages: AnthropicMessagesRequest['messages']): boolean {
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    if (message.content.some(blockHasImage)) return true;
  }
  return false;
}

function blockHasImage(
  block: AnthropicContentBlockParam | { type: string; [key: string]: unknown },
): boolean {
  if (block.type === 'image') return true;
  if (block.type === 'tool_result') {
    const content = (block as { content?: unknown }).content;
    return Array.isArray(content) && content.some((part: { type?: unknown }) => part?.type === 'image');
  }
  return false;
}
