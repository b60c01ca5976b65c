import type { ProviderDialect } from '@ccp/reasoning';
import { LMSTUDIO_BASE_URL, OLLAMA_BASE_URL } from './resolve-settings';
import { createSettingsReader, type Environment, type SettingsReader } from './settings-reader';
import type { TierName } from './settings-types';

/**
 * One place a request can be sent: a model, and optionally an endpoint other than the tier's.
 * Without `baseUrl` the target uses the endpoint of the tier the request matched.
 */
export type RouteTarget = {
  model: string;
  baseUrl?: string;
  apiKey?: string;
  /** Provider dialect override (`ENDPOINT_<NAME>_PROVIDER`), else detected from URL and model. */
  provider?: ProviderDialect;
  /** Set for Azure deployment URLs (`ENDPOINT_<NAME>_AZURE_API_VERSION`). */
  azureApiVersion?: string;
  /** The named endpoint the target came from (`openrouter` in `openrouter,model`), for logs. */
  endpointName?: string;
};

/** A named endpoint from `ENDPOINT_<NAME>_URL` (or the built-in `ollama` / `lmstudio`). */
export type NamedEndpoint = {
  baseUrl: string;
  apiKey?: string;
  provider?: ProviderDialect;
  azureApiVersion?: string;
};

export type TaskRouteName = 'background' | 'thinking' | 'longContext' | 'webSearch' | 'images';
export type FallbackChainName = TierName | TaskRouteName;

export const FALLBACK_CHAIN_NAMES: readonly FallbackChainName[] = [
  'big',
  'middle',
  'small',
  'background',
  'thinking',
  'longContext',
  'webSearch',
  'images',
];

export type RoutingSettings = {
  routes: {
    background?: RouteTarget;
    thinking?: RouteTarget;
    longContext?: RouteTarget & { thresholdTokens: number };
    webSearch?: RouteTarget;
    images?: RouteTarget;
  };
  /** Named endpoints, keyed by lower-case name, for `name,model` targets and request model names. */
  endpoints: Record<string, NamedEndpoint>;
  fallbacks: Record<FallbackChainName, RouteTarget[]>;
  retry: {
    /** Tries per target, the first included (1 = no retry). */
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
  };
  breaker: {
    /** Consecutive failures that open a circuit (an endpoint's, or a model's there); 0 turns the breaker off. */
    failureThreshold: number;
    openMs: number;
  };
  contextGuard: boolean;
};

/** The env variable behind each task route, and behind each fallback chain. */
const ROUTE_VARIABLES: Record<TaskRouteName, string> = {
  background: 'BACKGROUND_MODEL',
  thinking: 'THINKING_MODEL',
  longContext: 'LONG_CONTEXT_MODEL',
  webSearch: 'WEB_SEARCH_MODEL',
  images: 'IMAGE_MODEL',
};

const FALLBACK_VARIABLES: Record<FallbackChainName, string> = {
  big: 'BIG_FALLBACK_MODELS',
  middle: 'MIDDLE_FALLBACK_MODELS',
  small: 'SMALL_FALLBACK_MODELS',
  background: 'BACKGROUND_FALLBACK_MODELS',
  thinking: 'THINKING_FALLBACK_MODELS',
  longContext: 'LONG_CONTEXT_FALLBACK_MODELS',
  webSearch: 'WEB_SEARCH_FALLBACK_MODELS',
  images: 'IMAGE_FALLBACK_MODELS',
};

export const DEFAULT_LONG_CONTEXT_THRESHOLD = 60_000;

const ENDPOINT_URL_PATTERN = /^ENDPOINT_([A-Z0-9_]+)_URL$/;

/**
 * Reads the routing settings: task routes, named endpoints, fallback chains, retries, the
 * circuit breaker and the context guard. Throws a {@link SettingsError} naming each bad variable.
 *
 * Target syntax: `model` (sent to the tier's endpoint), `name,model` (sent to the endpoint
 * `ENDPOINT_<NAME>_URL`, or the built-in `ollama` / `lmstudio`), or `ollama/model` /
 * `lmstudio/model`. Fallback lists separate targets with `;` because a target may itself
 * hold a comma.
 *
 * @example
 * const routing = resolveRoutingSettings({
 *   ENDPOINT_OPENROUTER_URL: 'https://openrouter.ai/api/v1',
 *   ENDPOINT_OPENROUTER_API_KEY: 'sk-or-…',
 *   LONG_CONTEXT_MODEL: 'openrouter,google/gemini-2.5-pro',
 *   BIG_FALLBACK_MODELS: 'openrouter,anthropic/claude-sonnet-4; gpt-4o-mini',
 * });
 * routing.routes.longContext // { model: 'google/gemini-2.5-pro', baseUrl: 'https://openrouter.ai/api/v1', …, thresholdTokens: 60000 }
 */
export function resolveRoutingSettings(env: Environment): RoutingSettings {
  const read = createSettingsReader(env, 'routing');
  const endpoints = readNamedEndpoints(env, read);

  const target = (name: string, text: string): RouteTarget | undefined => {
    const parsed = parseRouteTarget(text, endpoints);
    if (!parsed.ok) {
      read.report(name, text, `expected a target (model, name,model or ollama/model): ${parsed.problem}`);
      return undefined;
    }
    return parsed.target;
  };

  const threshold = read.integer('LONG_CONTEXT_THRESHOLD');
  const routes: RoutingSettings['routes'] = {};
  for (const route of Object.keys(ROUTE_VARIABLES) as TaskRouteName[]) {
    const variable = ROUTE_VARIABLES[route];
    const text = read.custom(variable, 'route-target');
    if (text === undefined) continue;
    const parsed = target(variable, text);
    if (!parsed) continue;
    if (route === 'longContext') {
      routes.longContext = { ...parsed, thresholdTokens: threshold ?? DEFAULT_LONG_CONTEXT_THRESHOLD };
    } else {
      routes[route] = parsed;
    }
  }
  if (read.text('LONG_CONTEXT_MODEL') === undefined && threshold !== undefined) {
    read.report(
      'LONG_CONTEXT_THRESHOLD',
      env.LONG_CONTEXT_THRESHOLD,
      'expected LONG_CONTEXT_MODEL to be set as well: set the model, or remove the threshold',
    );
  }

  const fallbacks = {} as Record<FallbackChainName, RouteTarget[]>;
  for (const chain of FALLBACK_CHAIN_NAMES) {
    const variable = FALLBACK_VARIABLES[chain];
    const text = read.custom(variable, 'route-target-list');
    const list: RouteTarget[] = [];
    if (text !== undefined) {
      for (const entry of text.split(';')) {
        const trimmed = entry.trim();
        if (trimmed === '') continue;
        const parsed = target(variable, trimmed);
        if (parsed) list.push(parsed);
      }
    }
    fallbacks[chain] = list;
  }

  const maxAttempts = read.integer('RETRY_MAX_ATTEMPTS') ?? 3;
  const baseDelayMs = read.integer('RETRY_BASE_DELAY_MS') ?? 500;
  const maxDelayMs = read.integer('RETRY_MAX_DELAY_MS') ?? 8_000;
  if (maxDelayMs < baseDelayMs) {
    read.report(
      'RETRY_MAX_DELAY_MS',
      String(maxDelayMs),
      `expected at least RETRY_BASE_DELAY_MS (${baseDelayMs})`,
    );
  }
  const failureThreshold = read.integer('CIRCUIT_BREAKER_THRESHOLD') ?? 5;
  const openSeconds = read.integer('CIRCUIT_BREAKER_OPEN_SECONDS') ?? 30;
  const contextGuard = read.boolean('CONTEXT_GUARD') ?? true;
  read.throwIfInvalid();

  return {
    routes,
    endpoints,
    fallbacks,
    retry: { maxAttempts, baseDelayMs, maxDelayMs },
    breaker: { failureThreshold, openMs: openSeconds * 1000 },
    contextGuard,
  };
}

export type ParsedRouteTarget = { ok: true; target: RouteTarget } | { ok: false; problem: string };

/**
 * Parses one target: `model`, `name,model` (a named endpoint) or `ollama/model` / `lmstudio/model`.
 * Also used for a request whose model name is `name,model`.
 *
 * @example
 * parseRouteTarget('openrouter,anthropic/claude-sonnet-4', endpoints)
 * // { ok: true, target: { model: 'anthropic/claude-sonnet-4', baseUrl: 'https://openrouter.ai/api/v1', … } }
 */
export function parseRouteTarget(text: string, endpoints: Record<string, NamedEndpoint>): ParsedRouteTarget {
  const trimmed = text.trim();
  const comma = trimmed.indexOf(',');
  if (comma === -1) {
    if (trimmed === '') return { ok: false, problem: 'the model name is empty.' };
    const local = /^(ollama|lmstudio)\/(.+)$/i.exec(trimmed);
    if (local?.[1] && local[2]) {
      const name = local[1].toLowerCase();
      const endpoint = endpoints[name];
      if (endpoint) return { ok: true, target: targetAt(name, endpoint, local[2]) };
    }
    return { ok: true, target: { model: trimmed } };
  }
  const name = trimmed.slice(0, comma).trim();
  const model = trimmed.slice(comma + 1).trim();
  if (model.includes(',')) {
    return {
      ok: false,
      problem: `"${trimmed}" has more than one comma: write one target as name,model and separate list entries with ";".`,
    };
  }
  if (name === '' || model === '') {
    return { ok: false, problem: `"${trimmed}" must be name,model with both parts set.` };
  }
  const key = endpointKeyName(name);
  const endpoint = endpoints[key];
  if (!endpoint) {
    const variable = `ENDPOINT_${key.toUpperCase()}_URL`;
    const known = Object.keys(endpoints).sort().join(', ');
    return {
      ok: false,
      problem: `"${trimmed}" names the endpoint "${name}", which is not defined: set ${variable} (known endpoints: ${known}).`,
    };
  }
  return { ok: true, target: targetAt(key, endpoint, model) };
}

/** `Open-Router` and `open_router` both name `ENDPOINT_OPEN_ROUTER_URL`. */
function endpointKeyName(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

function targetAt(name: string, endpoint: NamedEndpoint, model: string): RouteTarget {
  const target: RouteTarget = { model, baseUrl: endpoint.baseUrl, endpointName: name };
  if (endpoint.apiKey !== undefined) target.apiKey = endpoint.apiKey;
  if (endpoint.provider !== undefined) target.provider = endpoint.provider;
  if (endpoint.azureApiVersion !== undefined) target.azureApiVersion = endpoint.azureApiVersion;
  return target;
}

function readNamedEndpoints(env: Environment, read: SettingsReader): Record<string, NamedEndpoint> {
  const endpoints: Record<string, NamedEndpoint> = {
    ollama: { baseUrl: read.url('OLLAMA_BASE_URL') ?? OLLAMA_BASE_URL, provider: 'ollama' },
    lmstudio: { baseUrl: read.url('LMSTUDIO_BASE_URL') ?? LMSTUDIO_BASE_URL, provider: 'lmstudio' },
  };
  for (const variable of Object.keys(env)) {
    const match = ENDPOINT_URL_PATTERN.exec(variable);
    if (!match?.[1]) continue;
    const url = read.url(variable);
    if (url === undefined) continue;
    const upper = match[1];
    const endpoint: NamedEndpoint = { baseUrl: url };
    const apiKey = read.text(`ENDPOINT_${upper}_API_KEY`);
    const provider = read.choice<ProviderDialect>(`ENDPOINT_${upper}_PROVIDER`);
    const azureApiVersion = read.text(`ENDPOINT_${upper}_AZURE_API_VERSION`);
    if (apiKey !== undefined) endpoint.apiKey = apiKey;
    if (provider !== undefined) endpoint.provider = provider;
    if (azureApiVersion !== undefined) endpoint.azureApiVersion = azureApiVersion;
    endpoints[upper.toLowerCase()] = endpoint;
  }
  for (const variable of Object.keys(env)) {
    const keyMatch = /^ENDPOINT_([A-Z0-9_]+)_(API_KEY|PROVIDER|AZURE_API_VERSION)$/.exec(variable);
    if (!keyMatch?.[1] || read.text(variable) === undefined) continue;
    const urlVariable = `ENDPOINT_${keyMatch[1]}_URL`;
    if (read.text(urlVariable) === undefined) {
      read.report(
        variable,
        env[variable],
        `expected ${urlVariable} to be set as well: set the endpoint URL, or remove ${variable}`,
      );
    }
  }
  return endpoints;
}
