import {
  dashboardModuleIds,
  promptInjectionModes,
  promptInjectionModules,
  promptInjectionSizes,
} from '@ccp/dashboard-modules';
import { providerDialects, reasoningBudgetLimits } from '@ccp/reasoning';
import { TIER_NAMES } from './settings-types';

/** The resolver that reads a setting; each one validates what it reads. */
export type SettingGroup = 'core' | 'routing' | 'prompt-injection' | 'logging' | 'dashboard' | 'selector';

/** What a setting accepts; the resolvers' checks and the problem texts both come from here. */
export type SettingType =
  /** Any text; nothing to validate. */
  | { kind: 'text' }
  /** true/false, 1/0, yes/no, on/off, in any case. */
  | { kind: 'boolean' }
  | { kind: 'integer'; min: number; max: number }
  /** A duration in seconds with an optional decimal point (`0.5`), or milliseconds written as `500ms`. */
  | { kind: 'seconds'; min: number; max: number }
  /** An http(s) URL. */
  | { kind: 'url' }
  /** One word of `values` in any case; `aliases` maps extra words onto them. */
  | { kind: 'choice'; values: readonly string[]; aliases?: Readonly<Record<string, string>> }
  /** A comma list of `values` (or `all`). */
  | { kind: 'choice-list'; values: readonly string[] }
  /** `model`, `name,model` (a named endpoint) or `ollama/model`. */
  | { kind: 'route-target' }
  /** Route targets separated by `;`. */
  | { kind: 'route-target-list' }
  /** A feed address: `ws://HOST:PORT/feed` or `http://HOST:PORT`. */
  | { kind: 'feed-url' }
  /** A dashboard module list such as `performance:dense,activity:sparse`. */
  | { kind: 'module-list' };

export type SettingDefinition = {
  /** The variable, or a family of them where `<NAME>` stands for any upper-case name. */
  name: string;
  type: SettingType;
  description: string;
  /** The resolvers that read it. */
  readBy: readonly SettingGroup[];
  /** A key or token: its value is never printed, not even in a problem. */
  secret?: boolean;
  /** What to accept, in words, when the type alone does not say it well. */
  expected?: string;
};

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const REASONING_EFFORTS = ['low', 'medium', 'high'] as const;
/** Words that turn reasoning off for a tier (and leave the global effort unset). */
export const REASONING_OFF_WORDS = ['none', 'off'] as const;
export const VERBOSITY_LEVELS = ['high', 'default'] as const;
export const LATE_SYSTEM_MESSAGE_POLICIES = ['keep', 'merge-into-first', 'as-user'] as const;
export const promptInjectionPlacements = ['system', 'conversation-end'] as const;
export const dashboardLayouts = ['default', 'compact', 'detailed'] as const;

const text = { kind: 'text' } as const;
const boolean = { kind: 'boolean' } as const;
const url = { kind: 'url' } as const;
const provider = { kind: 'choice', values: providerDialects } as const;

function tierSettings(): SettingDefinition[] {
  return TIER_NAMES.flatMap((tier): SettingDefinition[] => {
    const prefix = tier.toUpperCase();
    const claude = { big: 'opus', middle: 'sonnet', small: 'haiku' }[tier];
    return [
      { name: `${prefix}_MODEL`, type: text, description: `Model for ${claude} requests`, readBy: ['core'] },
      {
        name: `ENABLE_${prefix}_ENDPOINT`,
        type: boolean,
        description: `Send ${claude} requests to ${prefix}_ENDPOINT instead of the provider`,
        readBy: ['core'],
      },
      {
        name: `${prefix}_ENDPOINT`,
        type: url,
        description: `Base URL for ${claude} requests`,
        readBy: ['core'],
      },
      {
        name: `${prefix}_API_KEY`,
        type: text,
        secret: true,
        description: `Key for ${prefix}_ENDPOINT (default PROVIDER_API_KEY)`,
        readBy: ['core'],
      },
      {
        name: `${prefix}_AZURE_API_VERSION`,
        type: text,
        description: `Azure api-version for the ${tier} tier`,
        readBy: ['core'],
      },
      {
        name: `${prefix}_PROVIDER`,
        type: provider,
        description: `Provider dialect of the ${tier} tier`,
        readBy: ['core'],
      },
      ...reasoningSettings(`${prefix}_`, `for the ${tier} tier`),
    ];
  });
}

function reasoningSettings(prefix: string, scope: string): SettingDefinition[] {
  return [
    {
      name: `${prefix}REASONING_EFFORT`,
      type: { kind: 'choice', values: [...REASONING_EFFORTS, ...REASONING_OFF_WORDS] },
      description: `Reasoning effort ${scope}`,
      readBy: ['core'],
    },
    {
      name: `${prefix}REASONING_MAX_TOKENS`,
      type: { kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER },
      expected: `a positive whole number (budgets outside ${reasoningBudgetLimits.minimum}–${reasoningBudgetLimits.maximum} are clamped)`,
      description: `Exact reasoning budget in tokens ${scope}`,
      readBy: ['core'],
    },
    {
      name: `${prefix}REASONING_EXCLUDE`,
      type: boolean,
      description: `Hide the reasoning from the response ${scope}`,
      readBy: ['core'],
    },
    {
      name: `${prefix}VERBOSITY`,
      type: { kind: 'choice', values: VERBOSITY_LEVELS },
      description: `Answer verbosity ${scope}`,
      readBy: ['core'],
    },
  ];
}

const taskRoutes: ReadonlyArray<[name: string, description: string]> = [
  ['BACKGROUND', 'haiku-tier requests'],
  ['THINKING', 'requests with thinking on'],
  ['LONG_CONTEXT', 'requests whose input is above LONG_CONTEXT_THRESHOLD tokens'],
  ['WEB_SEARCH', 'requests carrying a web search tool'],
  ['IMAGE', 'requests with images, when the routed model has no vision'],
];

/**
 * Every setting of every ccp app: its name, what it accepts, which resolver reads it, and
 * whether it is a secret. The resolvers read through this table, so a setting missing here
 * cannot be read, and every bad value is reported the same way.
 */
export const SETTINGS: readonly SettingDefinition[] = [
  // The provider.
  { name: 'PROVIDER_API_KEY', type: text, secret: true, description: 'Upstream key', readBy: ['core'] },
  { name: 'PROVIDER_BASE_URL', type: url, description: 'OpenAI-compatible base URL', readBy: ['core'] },
  {
    name: 'AZURE_API_VERSION',
    type: text,
    description: 'Azure api-version of the provider',
    readBy: ['core'],
  },
  {
    name: 'PROVIDER',
    type: provider,
    description: 'Provider dialect, detected when unset',
    readBy: ['core'],
  },
  {
    name: 'OLLAMA_BASE_URL',
    type: url,
    description: 'Local Ollama (ollama/… models)',
    readBy: ['core', 'routing'],
  },
  {
    name: 'LMSTUDIO_BASE_URL',
    type: url,
    description: 'Local LM Studio (lmstudio/… models)',
    readBy: ['core', 'routing'],
  },
  {
    name: 'OPENAI_API_KEY',
    type: text,
    secret: true,
    description: 'Old name of PROVIDER_API_KEY',
    readBy: ['core'],
  },
  { name: 'OPENAI_BASE_URL', type: url, description: 'Old name of PROVIDER_BASE_URL', readBy: ['core'] },
  {
    name: 'ANTHROPIC_API_KEY',
    type: text,
    secret: true,
    description: 'Old name of PROXY_AUTH_KEY',
    readBy: ['core'],
  },
  // Models, tiers and reasoning.
  ...tierSettings(),
  ...reasoningSettings('', 'for every tier'),
  {
    name: 'LATE_SYSTEM_MESSAGES',
    type: { kind: 'choice', values: LATE_SYSTEM_MESSAGE_POLICIES },
    description: 'Where a system message in mid-conversation goes',
    readBy: ['core'],
  },
  {
    name: 'CUSTOM_HEADER_<NAME>',
    type: text,
    secret: true,
    description:
      "Extra upstream header (CUSTOM_HEADER_X_API_KEY → X-API-KEY); replaces ccp's header of the same name, Authorization included",
    readBy: ['core'],
  },
  // The proxy.
  { name: 'HOST', type: text, description: 'Address the proxy binds', readBy: ['core', 'dashboard'] },
  {
    name: 'PORT',
    type: { kind: 'integer', min: 0, max: 65_535 },
    description: 'Port the proxy listens on',
    readBy: ['core', 'dashboard'],
  },
  {
    name: 'PROXY_AUTH_KEY',
    type: text,
    secret: true,
    description: 'Key clients must send',
    readBy: ['core', 'dashboard'],
  },
  { name: 'ADMIN_KEY', type: text, secret: true, description: 'Key of the /api routes', readBy: ['core'] },
  {
    name: 'REQUEST_TIMEOUT',
    type: { kind: 'integer', min: 1, max: 86_400 },
    description: 'Seconds to wait for the upstream',
    readBy: ['core'],
  },
  {
    name: 'REQUEST_DEADLINE',
    type: { kind: 'seconds', min: 1, max: 86_400 },
    description: "Seconds a request may wait for the upstream's answer over all its tries and fallbacks",
    readBy: ['core'],
  },
  {
    name: 'MAX_BODY_MB',
    type: { kind: 'integer', min: 1, max: 1024 },
    description: 'Largest request body in MB',
    readBy: ['core'],
  },
  {
    name: 'ALLOWED_ORIGINS',
    type: text,
    description: 'Web origins allowed to call the API',
    readBy: ['core'],
  },
  {
    name: 'ALLOWED_HOSTS',
    type: text,
    description: 'Host names the proxy answers to besides loopback and HOST',
    readBy: ['core'],
    expected: 'host names with an optional :port, comma separated (ccp.example.com,10.0.0.5:8082), or *',
  },
  {
    name: 'ENABLE_DASHBOARD',
    type: boolean,
    description: 'Run the terminal dashboard in the proxy',
    readBy: ['core'],
  },
  // Metering and billing.
  { name: 'TRACK_USAGE', type: boolean, description: 'Record every request', readBy: ['core'] },
  {
    name: 'METERING_DB_URL',
    type: text,
    description: 'Metering database (file: or libsql://); the selector reads it for usage recommendations',
    readBy: ['core', 'selector'],
  },
  {
    name: 'METERING_DB_AUTH_TOKEN',
    type: text,
    secret: true,
    description: 'Token of a shared metering database',
    readBy: ['core', 'selector'],
  },
  {
    name: 'METERING_JOURNAL_DIR',
    type: text,
    description: 'Folder where metering records wait on disk until they are stored',
    readBy: ['core'],
  },
  {
    name: 'OPENROUTER_API_KEY',
    type: text,
    secret: true,
    description: 'OpenRouter key for credits and the model list',
    readBy: ['core', 'selector'],
  },
  { name: 'OPENAI_ADMIN_KEY', type: text, secret: true, description: 'OpenAI admin key', readBy: ['core'] },
  {
    name: 'ANTHROPIC_ADMIN_KEY',
    type: text,
    secret: true,
    description: 'Anthropic admin key',
    readBy: ['core'],
  },
  // Routing.
  ...taskRoutes.map(
    ([name, description]): SettingDefinition => ({
      name: `${name}_MODEL`,
      type: { kind: 'route-target' },
      description: `Target for ${description}`,
      readBy: ['routing'],
    }),
  ),
  {
    name: 'LONG_CONTEXT_THRESHOLD',
    type: { kind: 'integer', min: 1, max: 100_000_000 },
    description: 'Input tokens above which LONG_CONTEXT_MODEL is used',
    readBy: ['routing'],
  },
  ...[...TIER_NAMES.map((tier) => tier.toUpperCase()), ...taskRoutes.map(([name]) => name)].map(
    (name): SettingDefinition => ({
      name: `${name}_FALLBACK_MODELS`,
      type: { kind: 'route-target-list' },
      description: `Fallback targets of ${name}, separated by ";"`,
      readBy: ['routing'],
    }),
  ),
  {
    name: 'ENDPOINT_<NAME>_URL',
    type: url,
    description: 'A named endpoint for name,model targets',
    readBy: ['routing'],
  },
  {
    name: 'ENDPOINT_<NAME>_API_KEY',
    type: text,
    secret: true,
    description: 'Key of a named endpoint',
    readBy: ['routing'],
  },
  {
    name: 'ENDPOINT_<NAME>_PROVIDER',
    type: provider,
    description: 'Dialect of a named endpoint',
    readBy: ['routing'],
  },
  {
    name: 'ENDPOINT_<NAME>_AZURE_API_VERSION',
    type: text,
    description: 'Azure api-version of a named endpoint',
    readBy: ['routing'],
  },
  {
    name: 'RETRY_MAX_ATTEMPTS',
    type: { kind: 'integer', min: 1, max: 10 },
    description: 'Tries per target, the first included',
    readBy: ['routing'],
  },
  {
    name: 'RETRY_BASE_DELAY_MS',
    type: { kind: 'integer', min: 0, max: 60_000 },
    description: 'First retry delay in ms',
    readBy: ['routing'],
  },
  {
    name: 'RETRY_MAX_DELAY_MS',
    type: { kind: 'integer', min: 0, max: 600_000 },
    description: 'Longest retry delay in ms',
    readBy: ['routing'],
  },
  {
    name: 'CIRCUIT_BREAKER_THRESHOLD',
    type: { kind: 'integer', min: 0, max: 1000 },
    description: 'Failures in a row that pause an endpoint or a model there (0 = off)',
    readBy: ['routing'],
  },
  {
    name: 'CIRCUIT_BREAKER_OPEN_SECONDS',
    type: { kind: 'integer', min: 1, max: 86_400 },
    description: 'Seconds an open circuit stays open',
    readBy: ['routing'],
  },
  {
    name: 'CONTEXT_GUARD',
    type: boolean,
    description: 'Refuse requests too long for the model',
    readBy: ['routing'],
  },
  // Prompt injection.
  {
    name: 'PROMPT_INJECTION_ENABLED',
    type: boolean,
    description: 'Add live proxy stats to the system prompt',
    readBy: ['prompt-injection'],
  },
  {
    name: 'PROMPT_INJECTION_MODULES',
    type: { kind: 'choice-list', values: promptInjectionModules },
    description: 'Sections of the injected stats',
    readBy: ['prompt-injection'],
  },
  {
    name: 'PROMPT_INJECTION_SIZE',
    type: { kind: 'choice', values: promptInjectionSizes },
    description: 'Length of the injected stats',
    readBy: ['prompt-injection'],
  },
  {
    name: 'PROMPT_INJECTION_MODE',
    type: { kind: 'choice', values: promptInjectionModes },
    description: 'Which requests get the stats',
    readBy: ['prompt-injection'],
  },
  {
    name: 'PROMPT_INJECTION_PLACEMENT',
    type: { kind: 'choice', values: promptInjectionPlacements },
    description: 'Where the stats go in the request',
    readBy: ['prompt-injection'],
  },
  // Logging.
  {
    name: 'LOG_LEVEL',
    type: { kind: 'choice', values: LOG_LEVELS, aliases: { warning: 'warn' } },
    description: 'Lowest level logged',
    readBy: ['logging'],
  },
  { name: 'COMPACT_LOGGER', type: boolean, description: 'One log line per request', readBy: ['logging'] },
  { name: 'NO_COLOR', type: text, description: 'Any value turns colours off', readBy: ['logging'] },
  // The terminal dashboard.
  {
    name: 'CCP_FEED_URL',
    type: { kind: 'feed-url' },
    description: 'Feed of the proxy to show',
    readBy: ['dashboard'],
  },
  {
    name: 'DASHBOARD_MODULES',
    type: { kind: 'module-list' },
    description:
      'Edge modules, e.g. performance:dense,activity:sparse; unset: all four on a terminal of 160×45 or more',
    readBy: ['dashboard'],
  },
  {
    name: 'DASHBOARD_LAYOUT',
    type: { kind: 'choice', values: dashboardLayouts },
    description: 'Room given to the edge modules',
    readBy: ['dashboard'],
  },
  {
    name: 'DASHBOARD_REFRESH',
    type: { kind: 'seconds', min: 0.05, max: 10 },
    description: 'Redraw interval in seconds',
    readBy: ['dashboard'],
  },
  {
    name: 'DASHBOARD_WATERFALL_SIZE',
    type: { kind: 'integer', min: 1, max: 500 },
    description: 'Requests shown in the waterfall',
    readBy: ['dashboard'],
  },
  // The selector.
  {
    name: 'ENABLE_OPENROUTER_SELECTION',
    type: boolean,
    description: 'Offer OpenRouter marketplace models',
    readBy: ['selector'],
  },
  { name: 'CCP_CATALOG_FILE', type: text, description: 'Model catalog JSON to use', readBy: ['selector'] },
  {
    name: 'CCP_HOME',
    type: text,
    description: 'Directory of modes.json (default ~/.ccp)',
    readBy: ['selector'],
  },
  { name: 'CCP_MODES_FILE', type: text, description: 'Modes file', readBy: ['selector'] },
  {
    name: 'CCP_OPENROUTER_MODELS_URL',
    type: url,
    description: 'OpenRouter model list fetched by fetch-models',
    readBy: ['selector'],
  },
  {
    name: 'OLLAMA_URL',
    type: url,
    description: 'Ollama server searched by fetch-models',
    readBy: ['selector'],
  },
  {
    name: 'LMSTUDIO_URL',
    type: url,
    description: 'LM Studio server searched by fetch-models',
    readBy: ['selector'],
  },
];

const exactDefinitions = new Map(
  SETTINGS.filter((definition) => !definition.name.includes('<')).map((definition) => [
    definition.name,
    definition,
  ]),
);
const familyDefinitions = SETTINGS.filter((definition) => definition.name.includes('<')).map(
  (definition) => [new RegExp(`^${definition.name.replace('<NAME>', '[A-Z0-9_]+')}$`), definition] as const,
);

/**
 * The table entry of a variable, matching families such as `ENDPOINT_<NAME>_URL`; undefined for
 * a variable ccp does not read.
 */
export function findSettingDefinition(name: string): SettingDefinition | undefined {
  const exact = exactDefinitions.get(name);
  if (exact) return exact;
  // The longest family wins: ENDPOINT_X_AZURE_API_VERSION is not ENDPOINT_<NAME>_API_KEY's.
  let best: SettingDefinition | undefined;
  for (const [pattern, definition] of familyDefinitions) {
    if (pattern.test(name) && (!best || definition.name.length > best.name.length)) best = definition;
  }
  return best;
}

/** Whether a variable's value must never be printed: a listed secret, or any name ending like a key's. */
export function isSecretSetting(name: string): boolean {
  return findSettingDefinition(name)?.secret === true || /(KEY|TOKEN|SECRET|PASSWORD)$/.test(name);
}

/** What a setting accepts, in words: "a whole number from 0 to 65535". */
export function expectedValue(definition: SettingDefinition): string {
  if (definition.expected) return definition.expected;
  const type = definition.type;
  switch (type.kind) {
    case 'text':
      return 'any text';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `a whole number from ${type.min} to ${type.max}`;
    case 'seconds':
      return `seconds from ${type.min} to ${type.max}, such as 0.5 (or milliseconds written as 500ms)`;
    case 'url':
      return 'an http(s) URL such as https://api.openai.com/v1';
    case 'choice': {
      const aliases = Object.entries(type.aliases ?? {}).map(([alias, value]) => `${alias} for ${value}`);
      return `one of ${type.values.join(', ')}${aliases.length > 0 ? ` (or ${aliases.join(', ')})` : ''}`;
    }
    case 'choice-list':
      return `a comma list of ${type.values.join(', ')} (or all)`;
    case 'route-target':
      return 'a target: model, name,model with ENDPOINT_<NAME>_URL set, or ollama/model';
    case 'route-target-list':
      return 'targets (model, name,model or ollama/model) separated by ";"';
    case 'feed-url':
      return 'a feed address such as ws://127.0.0.1:8082/feed, http://127.0.0.1:8082 or just the port (8082)';
    case 'module-list':
      return `a comma list of ${dashboardModuleIds.join(', ')}, each optionally :dense or :sparse`;
  }
}
