import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import {
  type Catalog,
  createCatalog,
  createModeStore,
  formatModeLine,
  loadShippedCatalog,
  ModeError,
  pickModeSettings,
  resolveCcpHome,
  resolveModesFilePath,
} from '@ccp/catalog';
import {
  collectSettings,
  type Environment,
  environmentFromFlags,
  flagArguments,
  formatSettingsError,
  layerEnvironment,
  parseDotenv,
  resolveDashboardSettings,
  resolveLoggingSettings,
  resolvePromptInjectionSettings,
  resolveRoutingSettings,
  resolveSettings,
  SETTINGS_ERROR_EXIT_CODE,
  SettingsError,
  type SettingFlagName,
  colorAllowed,
  usagePrinter,
} from '@ccp/config';
import { defineCommand, runMain } from 'citty';
import { createNullMeter, defaultJournalDirectory, type Meter, openMeter } from '@ccp/metering';
import { CircuitBreaker, configuredSecrets } from '@ccp/gateway';
import { createGracefulShutdown } from './lifecycle/graceful-shutdown';
import { startProxy } from './server';
import { createTerminalLogger } from './terminal-logger';

/** The flags that set settings; they win over a mode, the environment and `.env`. */
const SETTING_FLAG_NAMES = [
  'host',
  'port',
  'big-model',
  'middle-model',
  'small-model',
  'reasoning-effort',
  'reasoning-max-tokens',
  'verbosity',
  'log-level',
  'dashboard',
] as const satisfies readonly SettingFlagName[];

const command = defineCommand({
  meta: {
    name: 'ccp-proxy',
    description: 'Run Claude Code on any OpenAI-compatible provider: point ANTHROPIC_BASE_URL at this proxy.',
  },
  args: {
    ...flagArguments('env-file', ...SETTING_FLAG_NAMES),
    'list-modes': { type: 'boolean', description: 'List saved modes and exit' },
    'load-mode': {
      type: 'string',
      description: 'Start with a saved mode (name or ID 1–99); flags still win',
    },
    'save-mode': {
      type: 'string',
      description: 'Save the current models and reasoning settings as a mode, then exit',
    },
    'delete-mode': { type: 'string', description: 'Delete a saved mode (name or ID), then exit' },
    mode: {
      type: 'string',
      description: 'Save the model/reasoning flags given as a mode with this name, then start with it',
    },
  },
  async run({ args }) {
    // `pnpm start` runs this in apps/proxy; relative paths (.env, ./data) mean where the user ran it.
    if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
    const envFile = resolve(args['env-file'] ?? '.env');
    const dotenv = existsSync(envFile) ? parseDotenv(readFileSync(envFile, 'utf8')) : {};
    const flags = environmentFromFlags(args, SETTING_FLAG_NAMES);
    const mode = await runModeFlags(args, layerEnvironment({ dotenv, environment: process.env }), flags);
    if (mode === 'exit') return;
    const environment = layerEnvironment({ dotenv, environment: process.env, mode, flags });
    const isTerminal = process.stdout.isTTY === true;
    const hint = `Fix them in ${envFile}, the environment${Object.keys(mode).length > 0 ? ', the loaded mode' : ''} or the flags, then start again.`;
    const { settings, routing, promptInjection, logging } = settingsOrExit(
      () =>
        collectSettings({
          settings: () => resolveSettings(environment),
          routing: () => resolveRoutingSettings(environment),
          promptInjection: () => resolvePromptInjectionSettings(environment),
          logging: () => resolveLoggingSettings(environment, { isTerminal }),
        }),
      hint,
    );
    const dashboardWanted = settings.dashboard.enabled;
    // Checked before anything starts, so a bad DASHBOARD_* value stops the proxy with the same message.
    const dashboardSettings = dashboardWanted
      ? settingsOrExit(() => resolveDashboardSettings(environment, { isTerminal }), hint)
      : undefined;
    const secrets = configuredSecrets(settings, routing);
    const loggerOptions = {
      write: (line: string) => process.stdout.write(`${line}\n`),
      color: logging.color,
      compact: logging.compact,
      level: logging.level,
    };
    // While the in-process dashboard owns the terminal, log lines would corrupt it: keep only errors, on stderr.
    const logger = createTerminalLogger(
      dashboardWanted && isTerminal
        ? { ...loggerOptions, secrets, level: 'error', write: (line) => process.stderr.write(`${line}\n`) }
        : { ...loggerOptions, secrets },
    );
    const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => logger[level](message);
    for (const notice of settings.notices) log('warn', notice);

    let catalog: Catalog | undefined;
    try {
      catalog = createCatalog((await loadShippedCatalog()).models);
    } catch (error) {
      log(
        'warn',
        `model catalog unavailable (${error instanceof Error ? error.message : String(error)}): costs and model limits will be unknown`,
      );
    }

    let meter: Meter = createNullMeter();
    if (settings.metering.enabled) {
      try {
        // Records wait on local disk until stored: beside a file database, under CCP_HOME for a server.
        const journalDirectory =
          settings.metering.journalDirectory ??
          defaultJournalDirectory(settings.metering.url, {
            homeDirectory: resolveCcpHome({ env: environment, homeDirectory: homedir() }),
          }) ??
          undefined;
        meter = await openMeter({
          url: settings.metering.url,
          authToken: settings.metering.authToken,
          journalDirectory,
          onError: (error) =>
            log('error', `metering: ${error instanceof Error ? error.message : String(error)}`),
        });
        log(
          'info',
          `metering to ${describeDatabase(settings.metering.url)} (TRACK_USAGE=false turns it off)`,
        );
        const { replayed } = meter.stats();
        if (replayed > 0)
          log('info', `metering: stored ${replayed} record(s) left in the journal ${journalDirectory}`);
      } catch (error) {
        process.stderr.write(
          `ccp could not open the metering database ${describeDatabase(settings.metering.url)}: ${error instanceof Error ? error.message : String(error)}.\n` +
            'Check METERING_DB_URL, or set TRACK_USAGE=false to run without metering.\n',
        );
        process.exit(1);
      }
    }

    const breaker = new CircuitBreaker({
      ...routing.breaker,
      onStateChange: (change) =>
        log(
          change.to === 'open' ? 'warn' : 'info',
          `upstream ${change.endpointKey}${change.model === undefined ? '' : ` model ${change.model}`}: circuit ${change.from} → ${change.to} (${change.consecutiveFailures} failures in a row)`,
        ),
    });
    let proxy: Awaited<ReturnType<typeof startProxy>>;
    try {
      proxy = await startProxy({
        settings,
        log,
        catalog,
        routing,
        breaker,
        meter,
        promptInjection,
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason =
        code === 'EADDRINUSE'
          ? `port ${settings.port} is already in use: stop the other process or set PORT`
          : error instanceof Error
            ? error.message
            : String(error);
      process.stderr.write(`ccp could not start: ${reason}.\n`);
      process.exit(1);
    }
    const running = proxy;
    const lifecycle = createGracefulShutdown({
      server: running.server,
      deadlineMs: 10_000,
      // Run after the last response: close the upstream pool, then flush and close metering.
      onDrained: [() => running.close(), () => meter.close()],
      log,
    });
    const stop = async (signal: string) => {
      if (!lifecycle.accepting()) {
        log('warn', `${signal} again: cutting the requests still running`);
        lifecycle.force();
        return;
      }
      const report = await lifecycle.shutdown(signal);
      if (report.destroyed > 0)
        log('warn', `${report.destroyed} response(s) were cut at the shutdown deadline`);
      for (const failure of report.hookFailures) log('warn', `while stopping: ${failure}`);
      // The last line of a clean stop says that nothing was lost: responses finished, records written.
      log(
        'info',
        `ccp stopped (${signal}): ${report.finished} response(s) in flight finished` +
          (settings.metering.enabled
            ? `; every request record written to ${describeDatabase(settings.metering.url)}`
            : ''),
      );
      process.exit(report.hookFailures.length > 0 ? 1 : 0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    log('info', `ccp listening on ${proxy.url}`);
    for (const [tier, value] of Object.entries(settings.tiers)) {
      log('info', `  ${tier.padEnd(6)} → ${value.model} at ${value.baseUrl}`);
    }
    log(
      'info',
      `Use it: ANTHROPIC_BASE_URL=${proxy.url} ANTHROPIC_API_KEY=${settings.proxyAuthKey ? '<PROXY_AUTH_KEY>' : 'any'} claude`,
    );
    log('info', `Dashboards: ${proxy.url}/dashboard in a browser, or \`pnpm dashboard\` in another terminal`);
    proxy.feed.subscribe((event) => logger.handle(event));
    if (dashboardSettings) {
      if (!process.stdout.isTTY) {
        log('warn', 'ENABLE_DASHBOARD is set but this is not a terminal: logging instead.');
      } else {
        const { runTerminalDashboard } = await import('@ccp/terminal-dashboard');
        // In process, the dashboard subscribes to the feed directly: no URL and no key.
        const { feedUrl: _url, apiKey: _key, ...display } = dashboardSettings;
        const dashboard = runTerminalDashboard({
          ...display,
          feed: { subscribe: proxy.feed.subscribe },
          input: process.stdin,
          output: process.stdout,
        });
        // The dashboard captures Ctrl-C; quitting it stops the proxy.
        void dashboard.closed.then(() => stop('dashboard closed'));
      }
    }
  },
});

/** Resolves settings, or prints the one settings message and exits without a stack trace. */
function settingsOrExit<Resolved>(resolve: () => Resolved, hint: string): Resolved {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(formatSettingsError(error, { hint }));
    process.exit(SETTINGS_ERROR_EXIT_CODE);
  }
}

/** A database URL as safe to print: scheme, host and path, never a token or password. */
function describeDatabase(url: string): string {
  if (url.startsWith('file:') || url === ':memory:') return url;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(the configured database)';
  }
}

type ModeFlags = {
  'list-modes'?: boolean;
  'load-mode'?: string;
  'save-mode'?: string;
  'delete-mode'?: string;
  mode?: string;
};

/**
 * Handles the mode flags: the ones that only manage modes return 'exit'; `--load-mode` and
 * `--mode` return the mode's settings as a layer between the environment and the flags.
 */
async function runModeFlags(
  args: ModeFlags,
  environment: Environment,
  flagValues: Environment,
): Promise<Environment | 'exit'> {
  const wantsModes =
    args['list-modes'] || args['load-mode'] || args['save-mode'] || args['delete-mode'] || args.mode;
  if (!wantsModes) return {};
  const store = createModeStore({
    filePath: resolveModesFilePath({ env: environment, homeDirectory: homedir() }),
    onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
  });
  try {
    if (args['list-modes']) {
      const modes = await store.list();
      process.stdout.write(
        modes.length === 0
          ? 'No saved modes yet: save one with --save-mode NAME.\n'
          : `${modes.map(formatModeLine).join('\n')}\n`,
      );
      return 'exit';
    }
    if (args['delete-mode']) {
      const deleted = await store.delete(args['delete-mode']);
      process.stdout.write(`Deleted mode ${formatModeLine(deleted)}\n`);
      return 'exit';
    }
    if (args['save-mode']) {
      const { settings } = pickModeSettings(layerEnvironment({ environment, flags: flagValues }));
      const saved = await store.save({ name: args['save-mode'], settings });
      process.stdout.write(`Saved mode ${formatModeLine(saved)}\n`);
      return 'exit';
    }
    if (args.mode) {
      const { settings } = pickModeSettings(flagValues);
      const saved = await store.save({ name: args.mode, settings });
      process.stdout.write(`Saved mode ${formatModeLine(saved)}; starting with it\n`);
      return saved.settings as Environment;
    }
    const loaded = await store.load(String(args['load-mode']));
    process.stdout.write(`Loaded mode ${formatModeLine(loaded)}\n`);
    return loaded.settings as Environment;
  } catch (error) {
    if (error instanceof ModeError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

runMain(command, {
  showUsage: usagePrinter({
    color: () => colorAllowed({ isTerminal: process.stdout.isTTY === true, env: process.env }),
    write: (text) => process.stdout.write(text),
  }),
});
