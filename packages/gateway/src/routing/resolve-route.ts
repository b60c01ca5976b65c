import type { EndpointSettings, ReasoningSettings, Settings, TierName } from '@ccp/config';

/** Where one request goes upstream, and under which settings. */
export type Route = {
  /** The model name the client asked for (reported back in responses). */
  claudeModel: string;
  /** The Claude tier the name matched, or null when the name passed through. */
  tier: TierName | null;
  /** The model id sent upstream. */
  model: string;
  endpoint: EndpointSettings;
  reasoning: ReasoningSettings;
};

const TIER_WORDS: ReadonlyArray<[word: string, tier: TierName]> = [
  ['opus', 'big'],
  ['sonnet', 'middle'],
  ['haiku', 'small'],
];

/** Finds the Claude tier named anywhere in a model name (`claude-opus-4-8`, `anthropic/claude-3.5-haiku`). */
export function tierForModel(model: string): TierName | null {
  const name = model.toLowerCase();
  for (const [word, tier] of TIER_WORDS) if (name.includes(word)) return tier;
  return null;
}

/**
 * Maps the client's model name to the upstream model and endpoint: Claude tiers go to
 * BIG/MIDDLE/SMALL, other names pass through; `ollama/…` and `lmstudio/…` go to the local
 * servers with the prefix stripped unless the tier has its own endpoint.
 */
export function resolveRoute(claudeModel: string, settings: Settings): Route {
  const tier = tierForModel(claudeModel);
  const tierSettings = tier ? settings.tiers[tier] : undefined;
  const model = tierSettings?.model ?? claudeModel;
  let endpoint: EndpointSettings = tierSettings ?? settings.provider;
  const hasOwnEndpoint = tierSettings !== undefined && tierSettings.baseUrl !== settings.provider.baseUrl;
  const local = localPrefix(model);
  if (local) {
    endpoint = hasOwnEndpoint
      ? endpoint
      : {
          baseUrl: settings.localEndpoints[local.server],
          apiKey: undefined,
          azureApiVersion: undefined,
          provider: local.server,
        };
    return { claudeModel, tier, model: local.model, endpoint, reasoning: tierSettings?.reasoning ?? settings.reasoning };
  }
  return { claudeModel, tier, model, endpoint, reasoning: tierSettings?.reasoning ?? settings.reasoning };
}

function localPrefix(model: string): { server: 'ollama' | 'lmstudio'; model: string } | undefined {
  const slash = model.indexOf('/');
  if (slash <= 0) return undefined;
  const prefix = model.slice(0, slash).toLowerCase();
  if (prefix === 'ollama' || prefix === 'lmstudio') return { server: prefix, model: model.slice(slash + 1) };
  return undefined;
}
