import { type ProviderDialect, reasoningBudgetLimits } from '@ccp/reasoning';
import type {
  LATE_SYSTEM_MESSAGE_POLICIES,
  REASONING_EFFORTS,
  REASONING_OFF_WORDS,
} from './setting-definitions';
import { createSettingsReader, type Environment, nonEmpty, type SettingsReader } from './settings-reader';
import {
  type EndpointSettings,
  type ReasoningSettings,
  type Settings,
  TIER_NAMES,
  type TierName,
  type TierSettings,
} from './settings-types';

export type { Environment };

type ReasoningEffortWord = (typeof REASONING_EFFORTS)[number] | (typeof REASONING_OFF_WORDS)[number];
type LateSystemMessagePolicy = (typeof LATE_SYSTEM_MESSAGE_POLICIES)[number];

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const OLLAMA_BASE_URL = 'http://localhost:11434/v1';
export const LMSTUDIO_BASE_URL = 'http://localhost:1234/v1';

const OPENAI_DEFAULT_MODELS: Record<TierName, string> = {
  big: 'gpt-4o',
  middle: 'gpt-4o',
  small: 'gpt-4o-mini',
};
const OLLAMA_DEFAULT_MODELS: Record<TierName, string> = {
  big: 'qwen3:8b',
  middle: 'qwen3:8b',
  small: 'llama3.2:3b',
};

/** Old names that still work, with the name that replaced them. */
/** Where request records go when METERING_DB_URL is not set (relative to the working directory). */
export const DEFAULT_METERING_DB_URL = 'file:./data/ccp.db';

// Headers that describe the message itself; a custom value would break the request.
const FRAMING_HEADERS = new Set(['HOST', 'CONTENT-LENGTH', 'TRANSFER-ENCODING', 'CONNECTION']);

const LEGACY_NAMES: ReadonlyArray<[legacy: string, current: string]> = [
  ['OPENAI_API_KEY', 'PROVIDER_API_KEY'],
  ['OPENAI_BASE_URL', 'PROVIDER_BASE_URL'],
  ['ANTHROPIC_API_KEY', 'PROXY_AUTH_KEY'],
];

/**
 * Validates the proxy's core settings (provider, tiers, reasoning, the server, metering,
 * billing) from one merged environment; {@link layerEnvironment} builds it from `.env`, the
 * process environment, a saved mode and CLI flags. Throws a {@link SettingsError} naming each
 * bad variable.
 *
 * @example
 * const settings = resolveSettings({ PROVIDER_API_KEY: 'sk-…', BIG_MODEL: 'gpt-4o' });
 * settings.tiers.big.model // 'gpt-4o'
 */
export function resolveSettings(input: Environment): Settings {
  const notices: string[] = [];
  const env: Environment = { ...input };
  const reportAs: Record<string, string> = {};

  for (const [legacy, current] of LEGACY_NAMES) {
    const legacyValue = nonEmpty(env[legacy]);
    if (legacyValue === undefined) continue;
    if (nonEmpty(env[current]) === undefined) {
      env[current] = legacyValue;
      reportAs[current] = legacy;
      notices.push(`${legacy} is deprecated: rename it to ${current} (it still works for now).`);
    } else {
      notices.push(`${legacy} is ignored because ${current} is set; remove ${legacy}.`);
    }
  }

  const read = createSettingsReader(env, 'core', { reportAs });

  const readReasoning = (prefix: string): ReasoningSettings => {
    const reasoning: ReasoningSettings = {};
    const effortName = `${prefix}REASONING_EFFORT`;
    const effort = read.choice<ReasoningEffortWord>(effortName);
    const setButBlank =
      env[effortName] !== undefined && effort === undefined && nonEmpty(env[effortName]) === undefined;
    if (effort === 'none' || effort === 'off' || setButBlank) {
      // Off on a tier: that tier does not inherit the global effort.
      if (prefix !== '') reasoning.effort = undefined;
    } else if (effort !== undefined) {
      reasoning.effort = effort;
    }
    const maxTokensName = `${prefix}REASONING_MAX_TOKENS`;
    const maxTokens = read.integer(maxTokensName);
    if (maxTokens !== undefined) {
      const { minimum, maximum } = reasoningBudgetLimits;
      const clamped = Math.min(Math.max(maxTokens, minimum), maximum);
      if (clamped !== maxTokens) {
        notices.push(`${maxTokensName}=${maxTokens} is outside ${minimum}–${maximum}; using ${clamped}.`);
      }
      reasoning.maxTokens = clamped;
    }
    const exclude = read.boolean(`${prefix}REASONING_EXCLUDE`);
    if (exclude !== undefined) reasoning.exclude = exclude;
    const verbosity = read.choice<'high' | 'default'>(`${prefix}VERBOSITY`);
    if (verbosity) reasoning.verbosity = verbosity;
    return reasoning;
  };

  const providerApiKey = read.text('PROVIDER_API_KEY');
  const providerBaseUrl = read.url('PROVIDER_BASE_URL');
  const usingOllamaFallback = providerApiKey === undefined && providerBaseUrl === undefined;
  const localEndpoints = {
    ollama: read.url('OLLAMA_BASE_URL') ?? OLLAMA_BASE_URL,
    lmstudio: read.url('LMSTUDIO_BASE_URL') ?? LMSTUDIO_BASE_URL,
  };
  const provider: EndpointSettings = {
    baseUrl: providerBaseUrl ?? (usingOllamaFallback ? localEndpoints.ollama : OPENAI_BASE_URL),
    apiKey: providerApiKey,
    azureApiVersion: read.text('AZURE_API_VERSION'),
    provider: read.choice<ProviderDialect>('PROVIDER'),
  };
  const defaultModels = usingOllamaFallback ? OLLAMA_DEFAULT_MODELS : OPENAI_DEFAULT_MODELS;
  const reasoning = readReasoning('');

  const bigModel = read.text('BIG_MODEL') ?? defaultModels.big;
  const tiers = {} as Record<TierName, TierSettings>;
  for (const tier of TIER_NAMES) {
    const prefix = tier.toUpperCase();
    // MIDDLE_MODEL follows BIG_MODEL when unset: both usually name the same strong model.
    const model =
      read.text(`${prefix}_MODEL`) ??
      (tier === 'middle' && read.text('BIG_MODEL') ? bigModel : defaultModels[tier]);
    const enabled = read.boolean(`ENABLE_${prefix}_ENDPOINT`) ?? false;
    const endpoint = read.url(`${prefix}_ENDPOINT`);
    const ownEndpoint = enabled && endpoint !== undefined;
    if (enabled && endpoint === undefined) {
      read.report(
        `ENABLE_${prefix}_ENDPOINT`,
        env[`ENABLE_${prefix}_ENDPOINT`],
        `expected ${prefix}_ENDPOINT to be set as well: set the tier's URL there, or turn ENABLE_${prefix}_ENDPOINT off`,
      );
    }
    if (!enabled && endpoint !== undefined) {
      notices.push(`${prefix}_ENDPOINT is set but ENABLE_${prefix}_ENDPOINT is not true, so it is not used.`);
    }
    tiers[tier] = {
      model,
      baseUrl: ownEndpoint ? endpoint : provider.baseUrl,
      apiKey: (ownEndpoint ? read.text(`${prefix}_API_KEY`) : undefined) ?? provider.apiKey,
      azureApiVersion:
        read.text(`${prefix}_AZURE_API_VERSION`) ?? (ownEndpoint ? undefined : provider.azureApiVersion),
      provider:
        read.choice<ProviderDialect>(`${prefix}_PROVIDER`) ?? (ownEndpoint ? undefined : provider.provider),
      reasoning: { ...reasoning, ...readReasoning(`${prefix}_`) },
    };
  }

  const customHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('CUSTOM_HEADER_') || value === undefined || value === '') continue;
    const header = name.slice('CUSTOM_HEADER_'.length).replace(/_/g, '-').toUpperCase();
    if (!/^[A-Z0-9-]+$/.test(header)) {
      read.report(
        name,
        undefined,
        'does not make a header name: use letters, digits and _ after CUSTOM_HEADER_',
      );
      continue;
    }
    if (FRAMING_HEADERS.has(header)) {
      read.report(
        name,
        undefined,
        `sets ${header}, which ccp computes for every request: remove the variable`,
      );
      continue;
    }
    customHeaders[header] = value;
  }

  const proxyAuthKey = read.text('PROXY_AUTH_KEY');
  const timeoutSeconds = read.integer('REQUEST_TIMEOUT') ?? 300;
  const lateSystem = read.choice<LateSystemMessagePolicy>('LATE_SYSTEM_MESSAGES');

  const settings: Settings = {
    host: read.text('HOST') ?? '127.0.0.1',
    port: read.integer('PORT') ?? 8082,
    requestTimeoutMs: timeoutSeconds * 1000,
    requestDeadlineMs:
      read.milliseconds('REQUEST_DEADLINE') ?? defaultRequestDeadlineMs(timeoutSeconds * 1000),
    maxBodyBytes: (read.integer('MAX_BODY_MB') ?? 32) * 1024 * 1024,
    proxyAuthKey,
    adminKey: read.text('ADMIN_KEY') ?? proxyAuthKey,
    allowedOrigins: (read.text('ALLOWED_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/+$/, ''))
      .filter((origin) => origin !== ''),
    allowedHosts: readAllowedHosts(read),
    provider,
    tiers,
    localEndpoints,
    customHeaders,
    reasoning,
    lateSystemMessages: lateSystem,
    metering: {
      enabled: read.boolean('TRACK_USAGE') ?? true,
      url: read.text('METERING_DB_URL') ?? DEFAULT_METERING_DB_URL,
      authToken: read.text('METERING_DB_AUTH_TOKEN'),
      journalDirectory: read.text('METERING_JOURNAL_DIR'),
    },
    billing: {
      // An OpenRouter provider key also answers OpenRouter's credit and key-usage look-ups.
      openrouterApiKey:
        read.text('OPENROUTER_API_KEY') ??
        (provider.baseUrl.includes('openrouter.ai') ? provider.apiKey : undefined),
      openaiAdminKey: read.text('OPENAI_ADMIN_KEY'),
      anthropicAdminKey: read.text('ANTHROPIC_ADMIN_KEY'),
    },
    dashboard: { enabled: read.boolean('ENABLE_DASHBOARD') ?? false },
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
  read.throwIfInvalid();
  return settings;
}

/** Claude Code's own wait for one answer (its API_TIMEOUT_MS default): ccp's error must come first. */
const CLAUDE_CODE_PATIENCE_MS = 600_000;

/**
 * `REQUEST_DEADLINE` when unset: room for one try that uses all of `REQUEST_TIMEOUT` plus as long
 * again for retries and fallbacks, but no more than 8 minutes, two under Claude Code's 10, so
 * Claude Code gets ccp's error naming the upstream instead of giving up on its own. Never shorter
 * than `REQUEST_TIMEOUT`, which someone who raised it for a slow model means as the wait for one try.
 */
function defaultRequestDeadlineMs(requestTimeoutMs: number): number {
  return Math.max(requestTimeoutMs, Math.min(2 * requestTimeoutMs, CLAUDE_CODE_PATIENCE_MS - 120_000));
}

/**
 * `ALLOWED_HOSTS`: names as a browser puts them in the Host header (`ccp.example.com`,
 * `10.0.0.5:8082`, `[fd00::1]`), or `*`. A URL is refused, since the scheme and path are never
 * part of a Host header and would make the entry match nothing.
 */
function readAllowedHosts(read: SettingsReader): string[] {
  const raw = read.text('ALLOWED_HOSTS');
  if (raw === undefined) return [];
  const hosts = raw
    .split(',')
    .map((host) => host.trim().toLowerCase().replace(/\.$/, ''))
    .filter((host) => host !== '');
  const malformed = hosts.find(
    (host) => host !== '*' && !/^(?:\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::\d{1,5})?$/.test(host),
  );
  if (malformed !== undefined) read.invalid('ALLOWED_HOSTS', raw);
  return hosts;
}
