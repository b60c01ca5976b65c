import { toFeedUrl } from '@ccp/feed';
import { type ModuleSpec, ModuleSpecError, parseModuleSpecs } from '@ccp/dashboard-modules';

export const dashboardLayouts = ['default', 'compact', 'detailed'] as const;
export type DashboardLayout = (typeof dashboardLayouts)[number];

export interface DashboardSettings {
  feedUrl: string;
  apiKey: string | undefined;
  /** Edge modules in slot order (top, bottom, left, right); the waterfall is always in the centre. */
  modules: ModuleSpec[];
  /** Display mode of the centre waterfall (set by listing `waterfall:…` or by the layout). */
  waterfallMode: 'dense' | 'sparse';
  layout: DashboardLayout;
  refreshMs: number;
  /** Requests shown in the waterfall. */
  waterfallSize: number;
  /** Print text blocks instead of drawing a screen (used when stdout is not a terminal). */
  plain: boolean;
}

/** A setting that cannot be used; the message says what to write instead. */
export class DashboardSettingsError extends Error {
  override name = 'DashboardSettingsError';
}

export interface DashboardSettingsInput {
  url?: string;
  apiKey?: string;
  modules?: string;
  layout?: string;
  refresh?: string;
  waterfallSize?: string;
  plain?: boolean;
}

export const defaultModules = 'performance:dense,activity:sparse';

/**
 * Resolves the dashboard settings from flags (first) and environment variables: CCP_FEED_URL,
 * PROXY_AUTH_KEY, DASHBOARD_MODULES, DASHBOARD_LAYOUT, DASHBOARD_REFRESH, DASHBOARD_WATERFALL_SIZE,
 * HOST and PORT (to build the feed URL when none is given).
 */
export function resolveDashboardSettings(
  input: DashboardSettingsInput,
  environment: Record<string, string | undefined>,
  isTerminal: boolean,
): DashboardSettings {
  const rawUrl =
    input.url ??
    environment.CCP_FEED_URL ??
    `ws://${_loopbackHost(environment.HOST)}:${environment.PORT ?? '8082'}/feed`;
  let feedUrl: string;
  try {
    feedUrl = toFeedUrl(rawUrl);
  } catch {
    throw new DashboardSettingsError(
      `The feed URL "${rawUrl}" is not a URL. Use e.g. --url ws://127.0.0.1:8082/feed or http://127.0.0.1:8082.`,
    );
  }
  let specs: ModuleSpec[];
  try {
    specs = parseModuleSpecs(input.modules ?? environment.DASHBOARD_MODULES ?? defaultModules, 5);
  } catch (error) {
    if (error instanceof ModuleSpecError)
      throw new DashboardSettingsError(`DASHBOARD_MODULES: ${error.message}`);
    throw error;
  }
  const waterfall = specs.find((spec) => spec.id === 'waterfall');
  const modules = specs.filter((spec) => spec.id !== 'waterfall');
  if (modules.length > 4) {
    throw new DashboardSettingsError(
      'DASHBOARD_MODULES lists more than 4 edge modules; at most 4 fit. Remove some.',
    );
  }
  const layoutName = (input.layout ?? environment.DASHBOARD_LAYOUT ?? 'default').trim().toLowerCase();
  if (!(dashboardLayouts as readonly string[]).includes(layoutName)) {
    throw new DashboardSettingsError(
      `DASHBOARD_LAYOUT "${layoutName}" is unknown. Use one of: ${dashboardLayouts.join(', ')}.`,
    );
  }
  const layout = layoutName as DashboardLayout;
  return {
    feedUrl,
    apiKey: input.apiKey ?? environment.PROXY_AUTH_KEY ?? undefined,
    modules,
    waterfallMode: waterfall?.mode ?? (layout === 'compact' ? 'sparse' : 'dense'),
    layout,
    refreshMs: _positiveInteger(input.refresh ?? environment.DASHBOARD_REFRESH, 250, 'DASHBOARD_REFRESH', 50),
    waterfallSize: _positiveInteger(
      input.waterfallSize ?? environment.DASHBOARD_WATERFALL_SIZE,
      layout === 'detailed' ? 20 : 10,
      'DASHBOARD_WATERFALL_SIZE',
      1,
    ),
    plain: input.plain === true || !isTerminal,
  };
}

function _positiveInteger(raw: string | undefined, fallback: number, name: string, minimum: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw new DashboardSettingsError(`${name} must be a whole number ≥ ${minimum} (got "${raw}").`);
  }
  return value;
}

/** A proxy listening on every interface is reached on loopback from the same machine. */
function _loopbackHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
