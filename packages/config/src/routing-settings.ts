import { isProviderDialect, type ProviderDialect, providerDialects } from '@ccp/reasoning';
import { LMSTUDIO_BASE_URL, OLLAMA_BASE_URL } from './resolve-settings';
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
    /** Consecutive failures that open an endpoint's circuit; 0 turns the breaker off. */
    failureThreshold: number;
    openMs: number;
  };
  contextGuard: boolean;
  /** One line per invalid variable, saying what to do; empty when all is well. */
  problems: string[];
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
 * circuit breaker and the context guard. Never throws: invalid values are listed in `problems`
 * (the app adds them to the other settings problems) and replaced by defaults.
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
export function resolveRoutingSettings(env: Record<string, string | undefined>): RoutingSettings {
  const problems: string[] = [];
  const read = (name: string) => nonEmpty(env[name]);
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
      return fallback;
    }
    return value;
  };

  const endpoints = readNamedEndpoints(env, problems);

  const target = (name: string, text: string): RouteTarget | undefined => {
    const parsed = parseRouteTarget(text, endpoints);
    if (!parsed.ok) {
      problems.push(`${name}: ${parsed.problem}`);
      return undefined;
    }
    return parsed.target;
  };

  const routes: RoutingSettings['routes'] = {};
  for (const route of Object.keys(ROUTE_VARIABLES) as TaskRouteName[]) {
    const variable = ROUTE_VARIABLES[route];
    const text = read(variable);
    if (text === undefined) continue;
    const parsed = target(variable, text);
    if (!parsed) continue;
    if (route === 'longContext') {
      routes.longContext = {
        ...parsed,
        thresholdTokens: integer('LONG_CONTEXT_THRESHOLD', DEFAULT_LONG_CONTEXT_THRESHOLD, 1, 100_000_000),
      };
    } else {
      routes[route] = parsed;
    }
  }
  if (routes.longContext === undefined && read('LONG_CONTEXT_THRESHOLD') !== undefined) {
    problems.push(
      'LONG_CONTEXT_THRESHOLD is set but LONG_CONTEXT_MODEL is not: set the model or remove the threshold.',
    );
  }

  const fallbacks = {} as Record<FallbackChainName, RouteTarget[]>;
  for (const chain of FALLBACK_CHAIN_NAMES) {
    const variable = FALLBACK_VARIABLES[chain];
    const text = read(variable);
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

  const maxAttempts = integer('RETRY_MAX_ATTEMPTS', 3, 1, 10);
  const baseDelayMs = integer('RETRY_BASE_DELAY_MS', 500, 0, 60_000);
  const maxDelayMs = integer('RETRY_MAX_DELAY_MS', 8_000, 0, 600_000);
  if (maxDelayMs < baseDelayMs) {
    problems.push(
      `RETRY_MAX_DELAY_MS (${maxDelayMs}) must not be below RETRY_BASE_DELAY_MS (${baseDelayMs}).`,
    );
  }

  const contextGuardRaw = read('CONTEXT_GUARD')?.toLowerCase();
  let contextGuard = true;
  if (contextGuardRaw !== undefined) {
    if (['0', 'false', 'no', 'off'].includes(contextGuardRaw)) contextGuard = false;
    else if (!['1', 'true', 'yes', 'on'].includes(contextGuardRaw)) {
      problems.push(`CONTEXT_GUARD must be true or false (got "${env.CONTEXT_GUARD}").`);
    }
  }

  return {
    routes,
    endpoints,
    fallbacks,
    retry: { maxAttempts, baseDelayMs, maxDelayMs: Math.max(maxDelayMs, baseDelayMs) },
    breaker: {
      failureThreshold: integer('CIRCUIT_BREAKER_THRESHOLD', 5, 0, 1000),
      openMs: integer('CIRCUIT_BREAKER_OPEN_SECONDS', 30, 1, 86_400) * 1000,
    },
    contextGuard,
    problems,
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

function readNamedEndpoints(
  env: Record<string, string | undefined>,
  problems: string[],
): Record<string, NamedEndpoint> {
  const endpoints: Record<string, NamedEndpoint> = {
    ollama: { baseUrl: validUrl(nonEmpty(env.OLLAMA_BASE_URL)) ?? OLLAMA_BASE_URL, provider: 'ollama' },
    lmstudio: {
      baseUrl: validUrl(nonEmpty(env.LMSTUDIO_BASE_URL)) ?? LMSTUDIO_BASE_URL,
      provider: 'lmstudio',
    },
  };
  for (const [variable, value] of Object.entries(env)) {
    const match = ENDPOINT_URL_PATTERN.exec(variable);
    if (!match?.[1]) continue;
    const raw = nonEmpty(value);
    if (raw === undefined) continue;
    const url = validUrl(raw);
    if (url === undefined) {
      problems.push(
        `${variable} must be an http(s) URL such as https://openrouter.ai/api/v1 (got "${raw}").`,
      );
      continue;
    }
    const upper = match[1];
    const endpoint: NamedEndpoint = { baseUrl: url };
    const apiKey = nonEmpty(env[`ENDPOINT_${upper}_API_KEY`]);
    const providerName = nonEmpty(env[`ENDPOINT_${upper}_PROVIDER`])?.toLowerCase();
    let provider: ProviderDialect | undefined;
    if (providerName !== undefined) {
      if (isProviderDialect(providerName)) provider = providerName;
      else {
        problems.push(
          `ENDPOINT_${upper}_PROVIDER must be one of ${providerDialects.join(', ')} (got "${env[`ENDPOINT_${upper}_PROVIDER`]}").`,
        );
      }
    }
    const azureApiVersion = nonEmpty(env[`ENDPOINT_${upper}_AZURE_API_VERSION`]);
    if (apiKey !== undefined) endpoint.apiKey = apiKey;
    if (provider !== undefined) endpoint.provider = provider;
    if (azureApiVersion !== undefined) endpoint.azureApiVersion = azureApiVersion;
    endpoints[upper.toLowerCase()] = endpoint;
  }
  for (const variable of Object.keys(env)) {
    const keyMatch = /^ENDPOINT_([A-Z0-9_]+)_(API_KEY|PROVIDER|AZURE_API_VERSION)$/.exec(variable);
    if (!keyMatch?.[1] || nonEmpty(env[variable]) === undefined) continue;
    if (nonEmpty(env[`ENDPOINT_${keyMatch[1]}_URL`]) === undefined) {
      problems.push(
        `${variable} is set but ENDPOINT_${keyMatch[1]}_URL is not: set the endpoint URL or remove it.`,
      );
    }
  }
  return endpoints;
}

function validUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return raw.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
