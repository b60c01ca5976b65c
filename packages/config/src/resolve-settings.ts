import { isProviderDialect, type ProviderDialect, providerDialects } from '@ccp/reasoning';
import { SettingsError } from './settings-error';
import {
  type EndpointSettings,
  type LogLevel,
  type ReasoningSettings,
  type Settings,
  TIER_NAMES,
  type TierName,
  type TierSettings,
} from './settings-types';

export type Environment = Record<string, string | undefined>;

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const OLLAMA_BASE_URL = 'http://localhost:11434/v1';
export const LMSTUDIO_BASE_URL = 'http://localhost:1234/v1';

const OPENAI_DEFAULT_MODELS: Record<TierName, string> = { big: 'gpt-4o', middle: 'gpt-4o', small: 'gpt-4o-mini' };
const OLLAMA_DEFAULT_MODELS: Record<TierName, string> = { big: 'qwen3:8b', middle: 'qwen3:8b', small: 'llama3.2:3b' };

/** Old names that still work, with the name that replaced them. */
const LEGACY_NAMES: ReadonlyArray<[legacy: string, current: string]> = [
  ['OPENAI_API_KEY', 'PROVIDER_API_KEY'],
  ['OPENAI_BASE_URL', 'PROVIDER_BASE_URL'],
  ['ANTHROPIC_API_KEY', 'PROXY_AUTH_KEY'],
];

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off', '']);

/**
 * Validates every ccp setting once, from one merged environment (the app merges `.env`,
 * the process environment, a loaded mode and CLI flags in that order of precedence).
 * Throws a {@link SettingsError} naming each bad variable.
 *
 * @example
 * const settings = resolveSettings({ PROVIDER_API_KEY: 'sk-…', BIG_MODEL: 'gpt-4o' });
 * settings.tiers.big.model // 'gpt-4o'
 */
export function resolveSettings(input: Environment): Settings {
  const problems: string[] = [];
  const notices: string[] = [];
  const env: Environment = { ...input };

  for (const [legacy, current] of LEGACY_NAMES) {
    const legacyValue = nonEmpty(env[legacy]);
    if (legacyValue === undefined) continue;
    if (nonEmpty(env[current]) === undefined) {
      env[current] = legacyValue;
      notices.push(`${legacy} is deprecated: rename it to ${current} (it still works for now).`);
    } else {
      notices.push(`${legacy} is ignored because ${current} is set; remove ${legacy}.`);
    }
  }

  const read = {
    string: (name: string) => nonEmpty(env[name]),
    boolean(name: string, fallback: boolean): boolean {
      const raw = env[name];
      if (raw === undefined) return fallback;
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return word === '' ? fallback : false;
      problems.push(`${name} must be true or false (got "${raw}").`);
      return fallback;
    },
    integer(name: string, fallback: number, min: number, max: number): number {
      const raw = nonEmpty(env[name]);
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min || value > max) {
        problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
        return fallback;
      }
      return value;
    },
    oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
      const raw = nonEmpty(env[name]);
      if (raw === undefined) return undefined;
      const value = raw.toLowerCase() as T;
      if (!allowed.includes(value)) {
        problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}").`);
        return undefined;
      }
      return value;
    },
    provider(name: string): ProviderDialect | undefined {
      const raw = nonEmpty(env[name])?.toLowerCase();
      if (raw === undefined) return undefined;
      if (!isProviderDialect(raw)) {
        problems.push(`${name} must be one of ${providerDialects.join(', ')} (got "${raw}").`);
        return undefined;
      }
      return raw;
    },
    url(name: string): string | undefined {
      const raw = nonEmpty(env[name]);
      if (raw === undefined) return undefined;
      try {
        const url = new URL(raw);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
        return raw.replace(/\/+$/, '');
      } catch {
        problems.push(`${name} must be an http(s) URL such as https://api.openai.com/v1 (got "${raw}").`);
        return undefined;
      }
    },
  };

  const readReasoning = (prefix: string): ReasoningSettings => {
    const reasoning: ReasoningSettings = {};
    const effortRaw = env[`${prefix}REASONING_EFFORT`];
    if (effortRaw !== undefined) {
      if (['', 'none', 'off'].includes(effortRaw.trim().toLowerCase())) {
        // Set but empty/off on a tier: that tier does not inherit the global effort.
        if (prefix !== '') reasoning.effort = undefined;
      } else {
        const effort = read.oneOf(`${prefix}REASONING_EFFORT`, ['low', 'medium', 'high'] as const);
        if (effort) reasoning.effort = effort;
      }
    }
    const maxTokensRaw = nonEmpty(env[`${prefix}REASONING_MAX_TOKENS`]);
    if (maxTokensRaw !== undefined) {
      const value = Number(maxTokensRaw);
      if (!Number.isInteger(value) || value <= 0) {
        problems.push(`${prefix}REASONING_MAX_TOKENS must be a positive whole number (got "${maxTokensRaw}").`);
      } else {
        const clamped = Math.min(Math.max(value, 1024), 32000);
        if (clamped !== value) {
          notices.push(`${prefix}REASONING_MAX_TOKENS=${value} is outside 1024–32000; using ${clamped}.`);
        }
        reasoning.maxTokens = clamped;
      }
    }
    if (env[`${prefix}REASONING_EXCLUDE`] !== undefined) {
      reasoning.exclude = read.boolean(`${prefix}REASONING_EXCLUDE`, false);
    }
    const verbosity = read.oneOf(`${prefix}VERBOSITY`, ['high', 'default'] as const);
    if (verbosity) reasoning.verbosity = verbosity;
    return reasoning;
  };

  const providerApiKey = read.string('PROVIDER_API_KEY');
  const providerBaseUrl = read.url('PROVIDER_BASE_URL');
  const usingOllamaFallback = providerApiKey === undefined && providerBaseUrl === undefined;
  const localEndpoints = {
    ollama: read.url('OLLAMA_BASE_URL') ?? OLLAMA_BASE_URL,
    lmstudio: read.url('LMSTUDIO_BASE_URL') ?? LMSTUDIO_BASE_URL,
  };
  const provider: EndpointSettings = {
    baseUrl: providerBaseUrl ?? (usingOllamaFallback ? localEndpoints.ollama : OPENAI_BASE_URL),
    apiKey: providerApiKey,
    azureApiVersion: read.string('AZURE_API_VERSION'),
    provider: read.provider('PROVIDER'),
  };
  const defaultModels = usingOllamaFallback ? OLLAMA_DEFAULT_MODELS : OPENAI_DEFAULT_MODELS;
  const reasoning = readReasoning('');

  const bigModel = read.string('BIG_MODEL') ?? defaultModels.big;
  const tiers = {} as Record<TierName, TierSettings>;
  for (const tier of TIER_NAMES) {
    const prefix = tier.toUpperCase();
    // MIDDLE_MODEL follows BIG_MODEL when unset, like the seed did.
    const model =
      read.string(`${prefix}_MODEL`) ?? (tier === 'middle' && read.string('BIG_MODEL') ? bigModel : defaultModels[tier]);
    const enabled = read.boolean(`ENABLE_${prefix}_ENDPOINT`, false);
    const endpoint = read.url(`${prefix}_ENDPOINT`);
    const ownEndpoint = enabled && endpoint !== undefined;
    if (enabled && endpoint === undefined) {
      problems.push(`ENABLE_${prefix}_ENDPOINT is true but ${prefix}_ENDPOINT is not set: set the URL or turn it off.`);
    }
    if (!enabled && endpoint !== undefined) {
      notices.push(`${prefix}_ENDPOINT is set but ENABLE_${prefix}_ENDPOINT is not true, so it is not used.`);
    }
    tiers[tier] = {
      model,
      baseUrl: ownEndpoint ? endpoint : provider.baseUrl,
      apiKey: (ownEndpoint ? read.string(`${prefix}_API_KEY`) : undefined) ?? provider.apiKey,
      azureApiVersion: read.string(`${prefix}_AZURE_API_VERSION`) ?? (ownEndpoint ? undefined : provider.azureApiVersion),
      provider: read.provider(`${prefix}_PROVIDER`) ?? (ownEndpoint ? undefined : provider.provider),
      reasoning: { ...reasoning, ...readReasoning(`${prefix}_`) },
    };
  }

  const customHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('CUSTOM_HEADER_') || value === undefined || value === '') continue;
    const header = name.slice('CUSTOM_HEADER_'.length).replace(/_/g, '-').toUpperCase();
    if (!/^[A-Z0-9-]+$/.test(header)) {
      problems.push(`${name} does not make a valid header name.`);
      continue;
    }
    customHeaders[header] = value;
  }

  const proxyAuthKey = read.string('PROXY_AUTH_KEY');
  const timeoutSeconds = read.integer('REQUEST_TIMEOUT', 300, 1, 86_400);
  const lateSystem = read.oneOf('LATE_SYSTEM_MESSAGES', ['keep', 'merge-into-first', 'as-user'] as const);
  const colorSetting = env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? false : undefined;

  const settings: Settings = {
    host: read.string('HOST') ?? '127.0.0.1',
    port: read.integer('PORT', 8082, 0, 65_535),
    logLevel: read.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error']) ?? 'info',
    requestTimeoutMs: timeoutSeconds * 1000,
    maxBodyBytes: read.integer('MAX_BODY_MB', 32, 1, 1024) * 1024 * 1024,
    proxyAuthKey,
    adminKey: read.string('ADMIN_KEY') ?? proxyAuthKey,
    allowedOrigins: (read.string('ALLOWED_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/+$/, ''))
      .filter((origin) => origin !== ''),
    provider,
    tiers,
    localEndpoints,
    customHeaders,
    reasoning,
    lateSystemMessages: lateSystem,
    metering: {
      enabled: read.boolean('TRACK_USAGE', true),
      url: read.string('METERING_DB_URL') ?? 'file:./data/ccp.db',
      authToken: read.string('METERING_DB_AUTH_TOKEN'),
      journalDirectory: read.string('METERING_JOURNAL_DIR'),
    },
    billing: {
      // An OpenRouter provider key also answers OpenRouter's credit and key-usage look-ups.
      openrouterApiKey:
        read.string('OPENROUTER_API_KEY') ??
        (provider.baseUrl.includes('openrouter.ai') ? provider.apiKey : undefined),
      openaiAdminKey: read.string('OPENAI_ADMIN_KEY'),
      anthropicAdminKey: read.string('ANTHROPIC_ADMIN_KEY'),
    },
    logging: { compact: read.boolean('COMPACT_LOGGER', false), color: colorSetting },
    dashboard: { enabled: read.boolean('ENABLE_DASHBOARD', false) },
    usingOllamaFallback,
    notices,
  };
  if (usingOllamaFallback) {
    notices.push(
      `No provider configured (PROVIDER_API_KEY / PROVIDER_BASE_URL unset): using Ollama at ${provider.baseUrl} ` +
        `with ${tiers.big.model} (opus), ${tiers.middle.model} (sonnet) and ${tiers.small.model} (haiku). ` +
        'Set PROVIDER_API_KEY and PROVIDER_BASE_URL in .env, or run `pnpm select`, to use another provider.',
    );
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

function nonEmpty(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
