import { resolveSettings } from '@ccp/config';
import { describe, expect, it } from 'vitest';
import { planAttempts, routeLabel } from './plan-attempts';
import { resolveRoute } from './resolve-route';

const settings = resolveSettings({
  PROVIDER_API_KEY: 'sk-main',
  PROVIDER_BASE_URL: 'https://api.openai.com/v1',
  BIG_MODEL: 'gpt-5',
  SMALL_MODEL: 'gpt-4o-mini',
});
const openrouter = {
  model: '',
  baseUrl: 'https://openrouter.ai/api/v1/',
  apiKey: 'sk-or',
  endpointName: 'openrouter',
};
const at = (model: string) => ({ ...openrouter, model });

const fallbacks = {
  big: [{ model: 'gpt-4o' }, at('openai/gpt-5')],
  small: [at('meta-llama/llama-3.1-8b-instruct')],
  longContext: [at('google/gemini-2.5-flash')],
};

function summary(attempts: ReturnType<typeof planAttempts>) {
  return attempts.map(
    (attempt) => `${attempt.fallbackIndex} ${attempt.rule} ${attempt.model} @ ${attempt.endpointKey}`,
  );
}

describe('planAttempts', () => {
  it('tier route: the tier model, then the tier chain, each with its endpoint and key', () => {
    const route = resolveRoute('claude-opus-4-8', settings);
    const attempts = planAttempts({
      route,
      choice: { rule: null },
      fallbacks,
      defaultEndpoint: settings.tiers.big,
    });
    expect(summary(attempts)).toEqual([
      '0 tier gpt-5 @ https://api.openai.com/v1',
      '1 tier gpt-4o @ https://api.openai.com/v1',
      '2 tier openai/gpt-5 @ https://openrouter.ai/api/v1',
    ]);
    expect(attempts[1]?.endpoint.apiKey).toBe('sk-main');
    expect(attempts[2]?.endpoint.apiKey).toBe('sk-or');
  });

  it('a need (long context) keeps to its own chain, never the tier model that cannot hold the prompt', () => {
    const route = resolveRoute('claude-opus-4-8', settings);
    const choice = { rule: 'long-context' as const, target: at('google/gemini-2.5-pro') };
    const attempts = planAttempts({ route, choice, fallbacks, defaultEndpoint: settings.tiers.big });
    expect(summary(attempts)).toEqual([
      '0 long-context google/gemini-2.5-pro @ https://openrouter.ai/api/v1',
      '1 long-context google/gemini-2.5-flash @ https://openrouter.ai/api/v1',
    ]);
  });

  it('a preference (background) with no chain of its own is backed by the tier model and chain', () => {
    const route = resolveRoute('claude-haiku-4-5', settings);
    const choice = { rule: 'background' as const, target: { model: 'gpt-4.1-nano' } };
    const attempts = planAttempts({ route, choice, fallbacks, defaultEndpoint: settings.tiers.small });
    expect(summary(attempts)).toEqual([
      '0 background gpt-4.1-nano @ https://api.openai.com/v1',
      '1 background gpt-4o-mini @ https://api.openai.com/v1',
      '2 background meta-llama/llama-3.1-8b-instruct @ https://openrouter.ai/api/v1',
    ]);
  });

  it('an explicit endpoint,model is tried alone', () => {
    const route = resolveRoute('openrouter,anthropic/claude-opus-4', settings);
    const choice = { rule: 'explicit' as const, target: at('anthropic/claude-opus-4') };
    const attempts = planAttempts({ route, choice, fallbacks, defaultEndpoint: settings.provider });
    expect(summary(attempts)).toEqual(['0 explicit anthropic/claude-opus-4 @ https://openrouter.ai/api/v1']);
  });

  it('drops a fallback that repeats an earlier target', () => {
    const route = resolveRoute('claude-opus-4-8', settings);
    const attempts = planAttempts({
      route,
      choice: { rule: null },
      fallbacks: { big: [{ model: 'gpt-5' }, { model: 'gpt-4o' }, { model: 'gpt-4o' }] },
      defaultEndpoint: settings.tiers.big,
    });
    expect(summary(attempts)).toEqual([
      '0 tier gpt-5 @ https://api.openai.com/v1',
      '1 tier gpt-4o @ https://api.openai.com/v1',
    ]);
  });
});

describe('routeLabel', () => {
  it('names the tier or the rule, and the fallback that served the request', () => {
    expect(routeLabel({ rule: 'tier', fallbackIndex: 0 }, 'big')).toBe('big');
    expect(routeLabel({ rule: 'tier', fallbackIndex: 1 }, 'big')).toBe('big+fallback#1');
    expect(routeLabel({ rule: 'long-context', fallbackIndex: 2 }, 'small')).toBe('long-context+fallback#2');
    expect(routeLabel({ rule: 'tier', fallbackIndex: 0 }, null)).toBeNull();
    expect(routeLabel({ rule: 'tier', fallbackIndex: 1 }, null)).toBe('model+fallback#1');
  });
});
