import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { runTerminalDashboard } from '@ccp/terminal-dashboard';
import { defineCommand, runMain } from 'citty';
import { configureDashboard } from './configure-dashboard';
import { DashboardSettingsError, resolveDashboardSettings } from './dashboard-settings';

const dashboardCommand = defineCommand({
  meta: {
    name: 'ccp-dashboard',
    description:
      'Live terminal dashboard of a running ccp proxy. Run `ccp-dashboard configure` to pick modules interactively.',
  },
  args: {
    url: {
      type: 'string',
      description:
        'Feed URL: ws://HOST:PORT/feed or http://HOST:PORT (default $CCP_FEED_URL or ws://127.0.0.1:8082/feed)',
    },
    'api-key': {
      type: 'string',
      description: 'Proxy key for a proxy not on loopback (default $PROXY_AUTH_KEY)',
    },
    modules: {
      type: 'string',
      description: 'Edge modules, e.g. "performance:dense,activity:sparse" ($DASHBOARD_MODULES)',
    },
    layout: { type: 'string', description: 'default | compact | detailed ($DASHBOARD_LAYOUT)' },
    refresh: { type: 'string', description: 'Redraw interval in ms ($DASHBOARD_REFRESH, default 250)' },
    'waterfall-size': {
      type: 'string',
      description: 'Requests in the waterfall ($DASHBOARD_WATERFALL_SIZE)',
    },
    plain: {
      type: 'boolean',
      description: 'Print text blocks instead of a full-screen UI (automatic when not a TTY)',
    },
  },
  async run({ args }) {
    let settings: ReturnType<typeof resolveDashboardSettings>;
    try {
      settings = resolveDashboardSettings(
        {
          url: args.url,
          apiKey: args['api-key'],
          modules: args.modules,
          layout: args.layout,
          refresh: args.refresh,
          waterfallSize: args['waterfall-size'],
          plain: args.plain,
        },
        process.env,
        process.stdout.isTTY === true,
      );
    } catch (error) {
      if (error instanceof DashboardSettingsError) {
        process.stderr.write(`ccp-dashboard: ${error.message}\n`);
        process.exit(2);
      }
      throw error;
    }
    const dashboard = runTerminalDashboard({
      feed: { url: settings.feedUrl, apiKey: settings.apiKey },
      modules: settings.modules,
      waterfallMode: settings.waterfallMode,
      layout: settings.layout,
      refreshMs: settings.refreshMs,
      waterfallSize: settings.waterfallSize,
      plain: settings.plain,
      input: process.stdin,
      output: process.stdout,
    });
    const stop = () => dashboard.close();
    process.once('SIGTERM', stop);
    if (settings.plain) process.once('SIGINT', stop);
    await dashboard.closed;
    process.exit(0);
  },
});

const configureCommand = defineCommand({
  meta: {
    name: 'configure',
    description: 'Pick dashboard modules and modes with live previews; writes a start script',
  },
  args: {
    script: { type: 'string', description: 'Where to write the start script', default: './ccp-dashboard.sh' },
  },
  async run({ args }) {
    await configureDashboard({
      input: process.stdin,
      output: process.stdout,
      scriptPath: resolve(args.script),
      command: _selfCommand(),
    });
  },
});

/** How the start script should call this program again. */
function _selfCommand(): string {
  const entry = process.argv[1];
  // Double quotes: the alias line wraps the whole command in single quotes.
  if (entry?.endsWith('.js')) return `"${process.execPath}" "${realpathSync(entry)}"`;
  return 'ccp-dashboard';
}

// citty runs a parent's `run` after its sub-command, so the sub-command is dispatched here instead.
if (process.argv[2] === 'configure') {
  void runMain(configureCommand, { rawArgs: process.argv.slice(3) });
} else {
  void runMain(dashboardCommand);
}
