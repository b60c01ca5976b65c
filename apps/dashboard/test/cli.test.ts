import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cliPath = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsxBinary = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ccp-dashboard-cli-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Runs the real ccp-dashboard in a clean environment in the temp directory. */
function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      tsxBinary,
      [cliPath, ...args],
      {
        cwd: directory,
        env: { PATH: process.env.PATH ?? '', HOME: directory, NO_COLOR: '1', ...env },
        timeout: 20_000,
      },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('ccp-dashboard command line', () => {
  it('stops on bad settings from .env, the environment and flags with the one settings message', async () => {
    await writeFile(join(directory, '.env'), 'DASHBOARD_REFRESH=soon\nDASHBOARD_MODULES=performance,nope\n');
    const result = await run(['--layout', 'huge', '--plain'], { DASHBOARD_WATERFALL_SIZE: '0' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'Invalid ccp settings:',
        '  DASHBOARD_MODULES="performance,nope": Unknown dashboard module "nope". Use one of: performance, activity, routing, analytics, waterfall (for example "performance:dense,activity:sparse").',
        '  DASHBOARD_LAYOUT="huge": expected one of default, compact, detailed',
        '  DASHBOARD_REFRESH="soon": expected seconds from 0.05 to 10, such as 0.5 (or milliseconds written as 500ms)',
        '  DASHBOARD_WATERFALL_SIZE="0": expected a whole number from 1 to 500',
        `Fix them in ${join(directory, '.env')}, the environment or the flags, then start again.`,
        '',
      ].join('\n'),
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('reads --env-file and takes a refresh interval in seconds with a decimal point', async () => {
    await writeFile(join(directory, 'other.env'), 'DASHBOARD_REFRESH=0.5\nDASHBOARD_LAYOUT=huge\n');
    const result = await run(['--env-file', 'other.env', '--plain']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        'Invalid ccp settings:',
        '  DASHBOARD_LAYOUT="huge": expected one of default, compact, detailed',
        `Fix them in ${join(directory, 'other.env')}, the environment or the flags, then start again.`,
        '',
      ].join('\n'),
    );
  }, 30_000);
});
