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
import { readEnvironmentFile } from './env-file';
import { createTerminalStyle, shouldUseColor, type TerminalStyle } from './terminal-style';

/** Options every command accepts. */
export const sharedArguments = {
  'env-file': { type: 'string', description: 'The .env file to read and update (default ./.env)' },
  catalog: {
    type: 'string',
    description: 'Model catalog JSON (default: the shipped models/openrouter_models.json)',
  },
  'modes-file': {
    type: 'string',
    description: 'Modes file (default $CCP_MODES_FILE or <CCP_HOME or ~/.ccp>/modes.json)',
  },
} as const;

export type SharedArgumentValues = {
  'env-file'?: string;
  catalog?: string;
  'modes-file'?: string;
};

/** Everything a command needs, resolved once from argv, the environment and the .env file. */
export type AppContext = {
  catalogPath: string;
  catalogFile: CatalogFile;
  catalog: Catalog;
  modeStore: ModeStore;
  environmentFilePath: string;
  /** Values from the .env file, overridden by the process environment. */
  environment: Record<string, string | undefined>;
  /** False when ENABLE_OPENROUTER_SELECTION=false: marketplace models are hidden. */
  includeMarketplace: boolean;
  style: TerminalStyle;
  errorStyle: TerminalStyle;
  warn(message: string): void;
};

export function isFalse(value: string | undefined): boolean {
  return value !== undefined && ['false', '0', 'no', 'off'].includes(value.trim().toLowerCase());
}

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
  const fileValues = await readEnvironmentFile(environmentFilePath);
  const environment: Record<string, string | undefined> = { ...fileValues, ...process.env };
  const explicitCatalog = values.catalog ?? process.env.CCP_CATALOG_FILE;
  const catalogPath = shippedCatalogPath({
    path: explicitCatalog ? resolve(baseDirectory, explicitCatalog) : undefined,
  });
  if (!catalogPath) {
    throw new Error(
      'Cannot find models/openrouter_models.json. Pass --catalog <file> or set CCP_CATALOG_FILE.',
    );
  }
  const catalogFile = await loadCatalogFile(catalogPath);
  const modesFile =
    values['modes-file'] ?? resolveModesFilePath({ env: process.env, homeDirectory: homedir() });
  return {
    catalogPath,
    catalogFile,
    catalog: createCatalog(catalogFile.models),
    modeStore: createModeStore({ filePath: resolve(baseDirectory, modesFile), onWarning: warn }),
    environmentFilePath,
    environment,
    includeMarketplace: !isFalse(environment.ENABLE_OPENROUTER_SELECTION),
    style: createTerminalStyle(
      shouldUseColor({ isTerminal: Boolean(process.stdout.isTTY), env: process.env }),
    ),
    errorStyle,
    warn,
  };
}

/** Prints a failure as one readable line (no stack) and sets a failing exit code. */
export function reportFailure(error: unknown): void {
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
