import { join } from 'node:path';

/**
 * Where the modes file lives: `CCP_MODES_FILE` if set, else `<CCP_HOME or ~/.ccp>/modes.json`.
 * Pure: the caller passes its environment and home directory.
 *
 * @example
 * resolveModesFilePath({ env: process.env, homeDirectory: os.homedir() });
 */
export function resolveModesFilePath(options: {
  env: Record<string, string | undefined>;
  homeDirectory: string;
}): string {
  const explicit = options.env.CCP_MODES_FILE;
  if (explicit && explicit.trim() !== '') return explicit;
  return join(resolveCcpHome(options), 'modes.json');
}

/** The ccp home directory: `CCP_HOME` if set, else `~/.ccp`. */
export function resolveCcpHome(options: {
  env: Record<string, string | undefined>;
  homeDirectory: string;
}): string {
  const home = options.env.CCP_HOME;
  return home && home.trim() !== '' ? home : join(options.homeDirectory, '.ccp');
}
