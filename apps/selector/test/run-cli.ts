import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const CLI_PATH = join(import.meta.dirname, '..', 'dist', 'cli.js');

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs the built ccp-select with an isolated environment (no colour, temp CCP_HOME). */
export function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; input?: string },
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI_PATH, ...args],
      {
        cwd: options.cwd,
        env: { PATH: process.env.PATH ?? '', HOME: options.cwd, NO_COLOR: '1', ...options.env },
      },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // Input ends at once, so a command that reads lines sees the end instead of waiting.
    child.stdin?.end(options.input ?? '');
  });
}
