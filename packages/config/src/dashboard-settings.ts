import { type ModuleSpec, ModuleSpecError, parseModuleSpecs } from '@ccp/dashboard-modules';
import { toFeedUrl } from './feed-url';
import { dashboardLayouts } from './setting-definitions';
import { createSettingsReader, type Environment } from './settings-reader';

export { dashboardLayouts };
/** How much room the edge modules get around the centre waterfall. */
export type DashboardLayout = (typeof dashboardLayouts)[number];

export type DashboardSettings = {
  feedUrl: string;
  apiKey: string | undefined;
  /**
   * Edge modules in slot order (top, bottom, left, right); the waterfall is always in the centre.
   * Undefined when `DASHBOARD_MODULES` is not set: the dashboard then picks them for the size of
   * the terminal (all four on a large one).
   */
  modules: ModuleSpec[] | undefined;
  /** Display mode of the centre waterfall (set by listing `waterfall:…` or by the layout). */
  waterfallMode: 'dense' | 'sparse';
  layout: DashboardLayout;
  refreshMs: number;
  /** Requests shown in the waterfall. */
  waterfallSize: number;
  /** Print text blocks instead of drawing a screen (used when the output is not a terminal). */
  plain: boolean;
};

/**
 * Resolves the terminal dashboard's settings: `CCP_FEED_URL` (else built from `HOST` and
 * `PORT`), `PROXY_AUTH_KEY`, `DASHBOARD_MODULES`, `DASHBOARD_LAYOUT`, `DASHBOARD_REFRESH`
 * (seconds, default 0.25) and `DASHBOARD_WATERFALL_SIZE`. Flags reach it as the variables they
 * set (see {@link environmentFromFlags}). Throws a {@link SettingsError} naming each bad variable.
 *
 * @example
 * resolveDashboardSettings({ DASHBOARD_REFRESH: '0.5' }, { isTerminal: true }).refreshMs // 500
 */
export function resolveDashboardSettings(
  env: Environment,
  output: { isTerminal: boolean; plain?: boolean },
): DashboardSettings {
  const read = createSettingsReader(env, 'dashboard');

  const explicitUrl = read.custom('CCP_FEED_URL', 'feed-url');
  const host = read.text('HOST');
  const port = read.integer('PORT');
  let feedUrl = '';
  try {
    feedUrl = toFeedUrl(explicitUrl ?? `ws://${_loopbackHost(host)}:${port ?? 8082}/feed`);
  } catch {
    if (explicitUrl !== undefined) read.invalid('CCP_FEED_URL', explicitUrl);
    else read.report('HOST', host, 'expected a host name or IP address the feed URL can be built from');
  }

  const modulesText = read.custom('DASHBOARD_MODULES', 'module-list');
  let specs: ModuleSpec[] = [];
  try {
    specs = modulesText === undefined ? [] : parseModuleSpecs(modulesText, 5);
  } catch (error) {
    if (!(error instanceof ModuleSpecError)) throw error;
    read.report('DASHBOARD_MODULES', modulesText, error.message);
  }
  const waterfall = specs.find((spec) => spec.id === 'waterfall');
  const modules = modulesText === undefined ? undefined : specs.filter((spec) => spec.id !== 'waterfall');
  if (modules && modules.length > 4) {
    read.report(
      'DASHBOARD_MODULES',
      modulesText,
      'expected at most 4 edge modules (and the waterfall): remove some',
    );
  }

  const layout = read.choice<DashboardLayout>('DASHBOARD_LAYOUT') ?? 'default';
  const settings: DashboardSettings = {
    feedUrl,
    apiKey: read.text('PROXY_AUTH_KEY'),
    modules,
    waterfallMode: waterfall?.mode ?? (layout === 'compact' ? 'sparse' : 'dense'),
    layout,
    refreshMs: read.milliseconds('DASHBOARD_REFRESH') ?? 250,
    waterfallSize: read.integer('DASHBOARD_WATERFALL_SIZE') ?? (layout === 'detailed' ? 20 : 10),
    plain: output.plain === true || !output.isTerminal,
  };
  read.throwIfInvalid();
  return settings;
}

/** A proxy listening on every interface is reached on loopback from the same machine. */
function _loopbackHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
