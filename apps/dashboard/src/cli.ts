import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  environmentFromFlags,
  flagArguments,
  formatSettingsError,
  layerEnvironment,
  parseDotenv,
  SETTINGS_ERROR_EXIT_CODE,
  SettingsError,
  type SettingFlagName,
  type DashboardSettings,
  resolveDashboardSettings,
  colorAllowed,
  usagePrinter,
} from '@ccp/config';
import { defineCommand, runMain } from 'citty';
import { configureDashboard } from './configure-dashboard';
import { runTerminalDashboard } from '@ccp/terminal-dashboard';

/** The flags that set settings; they win over the environment and `.env`. */
const SETTING_FLAG_NAMES = [
  'url',
  'api-key',
  'modules',
  'layout',
  'refresh',
  'waterfall-size',
] as const satisfies readonly SettingFlagName[];

const dashboardCommand = defineCommand({
  meta: {
    name: 'ccp-dashboard',
    description:
      'Live terminal dashboard of a running ccp proxy; --url 9000 watches the one on port 9000. Run `ccp-dashboard configure` to pick modules interactively.',
  },
  args: {
    ...flagArguments('env-file', ...SETTING_FLAG_NAMES),
    plain: {
      type: 'boolean',
      description: 'Print text blocks instead of a full-screen UI (automatic when not a TTY)',
    },
  },
  async run({ args }) {
    // `pnpm dashboard` runs this in apps/dashboard; a relative --env-file means where the user ran it.
    const envFile = resolve(process.env.INIT_CWD ?? process.cwd(), args['env-file'] ?? '.env');
    const dotenv = existsSync(envFile) ? parseDotenv(readFileSync(envFile, 'utf8')) : {};
    const flags = environmentFromFlags(args, SETTING_FLAG_NAMES);
    const environment = layerEnvironment({ dotenv, environment: process.env, flags });
    let settings: DashboardSettings;
    try {
      settings = resolveDashboardSettings(environment, {
        isTerminal: process.stdout.isTTY === true,
        plain: args.plain,
      });
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      const hint = `Fix them in ${envFile}, the environment or the flags, then start again.`;
      process.stderr.write(formatSettingsError(error, { hint }));
      process.exit(SETTINGS_ERROR_EXIT_CODE);
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

const printUsage = usagePrinter({
  color: () => colorAllowed({ isTerminal: process.stdout.isTTY === true, env: process.env }),
  write: (text) => process.stdout.write(text),
});

// citty runs a parent's `run` after its sub-command, so the sub-command is dispatched here instead.
if (process.argv[2] === 'configure') {
  void runMain(configureCommand, { rawArgs: process.argv.slice(3), showUsage: printUsage });
} else {
  void runMain(dashboardCommand, { showUsage: printUsage });
}
