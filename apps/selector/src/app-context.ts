import { homedir } from 'node:os';
import { resolve } from 'node:path';
import {
  type Catalog,
  type CatalogFile,
  createCatalog,
  createModeStore,
  loadCatalogFile,
  type ModeStore,
  resolveModesFilePath,
  shippedCatalogPath,
} from '@ccp/catalog';
import {
  environmentFromFlags,
  flagArguments,
  formatSettingsError,
  layerEnvironment,
  resolveSelectorSettings,
  SETTINGS_ERROR_EXIT_CODE,
  SettingsError,
  type SelectorSettings,
  type SettingFlagName,
  type SettingLayers,
} from '@ccp/config';
import { readEnvironmentFile } from './env-file';
import { createTerminalStyle, shouldUseColor, type TerminalStyle } from './terminal-style';

/** Options every command accepts. */
export const sharedArguments = flagArguments('env-file', 'catalog', 'modes-file');

/** The selector's flags that set settings, each winning over the environment and `.env`. */
const SETTING_FLAG_NAMES = [
  'catalog',
  'modes-file',
  'openrouter-url',
  'ollama-url',
  'lmstudio-url',
] as const satisfies readonly SettingFlagName[];

export type SharedArgumentValues = {
  'env-file'?: string;
  catalog?: string;
  'modes-file'?: string;
  'openrouter-url'?: string;
  'ollama-url'?: string;
  'lmstudio-url'?: string;
};

/** Everything a command needs, resolved once from argv, the environment and the .env file. */
export type AppContext = {
  /** The directory relative paths are read from (see {@link userDirectory}). */
  baseDirectory: string;
  catalogPath: string;
  catalogFile: CatalogFile;
  catalog: Catalog;
  modeStore: ModeStore;
  environmentFilePath: string;
  /** Values from the .env file, overridden by the process environment, then by flags. */
  environment: Record<string, string | undefined>;
  /** The layers `environment` was merged from, to tell where each value comes from (`settingOrigin`). */
  layers: SettingLayers;
  /** The selector's own settings, checked. */
  settings: SelectorSettings;
  /** False when ENABLE_OPENROUTER_SELECTION=false: marketplace models are hidden. */
  includeMarketplace: boolean;
  style: TerminalStyle;
  errorStyle: TerminalStyle;
  warn(message: string): void;
};

/**
 * The directory relative paths mean. `pnpm select` runs our start script inside
 * apps/selector, so there the user's directory is pnpm's INIT_CWD; elsewhere it is the cwd.
 */
export function userDirectory(env: Record<string, string | undefined>, cwd: string): string {
  const viaOwnStartScript = env.npm_package_name === '@ccp/selector' && env.npm_lifecycle_event === 'start';
  return viaOwnStartScript && env.INIT_CWD ? env.INIT_CWD : cwd;
}

export async function createAppContext(values: SharedArgumentValues): Promise<AppContext> {
  const baseDirectory = userDirectory(process.env, process.cwd());
  const errorStyle = createTerminalStyle(
    shouldUseColor({ isTerminal: Boolean(process.stderr.isTTY), env: process.env }),
  );
  const warn = (message: string) => process.stderr.write(`${errorStyle.yellow('warning:')} ${message}\n`);
  const environmentFilePath = resolve(baseDirectory, values['env-file'] ?? '.env');
  const layers: SettingLayers = {
    dotenv: await readEnvironmentFile(environmentFilePath),
    environment: process.env,
    flags: environmentFromFlags(values, SETTING_FLAG_NAMES),
  };
  const environment = layerEnvironment(layers);
  let settings: SelectorSettings;
  try {
    settings = resolveSelectorSettings(environment);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    const hint = `Fix them in ${environmentFilePath}, the environment or the flags, then run again.`;
    process.stderr.write(formatSettingsError(error, { hint }));
    process.exit(SETTINGS_ERROR_EXIT_CODE);
  }
  const catalogPath = shippedCatalogPath({
    path: settings.catalogFile ? resolve(baseDirectory, settings.catalogFile) : undefined,
  });
  if (!catalogPath) {
    throw new Error(
      'Cannot find models/openrouter_models.json. Pass --catalog <file> or set CCP_CATALOG_FILE.',
    );
  }
  const catalogFile = await loadCatalogFile(catalogPath);
  const modesFile = resolveModesFilePath({ env: environment, homeDirectory: homedir() });
  return {
    baseDirectory,
    catalogPath,
    catalogFile,
    catalog: createCatalog(catalogFile.models),
    modeStore: createModeStore({ filePath: resolve(baseDirectory, modesFile), onWarning: warn }),
    environmentFilePath,
    environment,
    layers,
    settings,
    includeMarketplace: settings.includeMarketplace,
    style: createTerminalStyle(
      shouldUseColor({ isTerminal: Boolean(process.stdout.isTTY), env: process.env }),
    ),
    errorStyle,
    warn,
  };
}

/** Prints a failure as one readable line, or the settings problems (no stack), and sets a failing exit code. */
export function reportFailure(error: unknown): void {
  if (error instanceof SettingsError) {
    process.stderr.write(formatSettingsError(error));
    process.exitCode = SETTINGS_ERROR_EXIT_CODE;
    return;
  }
  const style = createTerminalStyle(
    shouldUseColor({ isTerminal: Boolean(process.stderr.isTTY), env: process.env }),
  );
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${style.red('error:')} ${message}\n`);
  process.exitCode = 1;
}

/** Wraps a command body so failures print cleanly. */
export function guarded<T>(body: (args: T) => Promise<void>): (context: { args: T }) => Promise<void> {
  return async ({ args }) => {
    try {
      await body(args);
    } catch (error) {
      reportFailure(error);
    }
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
