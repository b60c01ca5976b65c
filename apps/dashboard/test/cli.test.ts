import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFeedServer } from '@ccp/feed';
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

  it('watches the proxy on another port when given just the port', async () => {
    const server = createServer();
    const feed = createFeedServer({ server, path: '/feed' });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    // Earlier tests left a bad .env in the directory: this one reads an empty settings file.
    await writeFile(join(directory, 'empty.env'), '');
    const child = spawn(tsxBinary, [cliPath, '--env-file', 'empty.env', '--url', String(port), '--plain'], {
      cwd: directory,
      env: { PATH: process.env.PATH ?? '', HOME: directory, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    try {
      await expect
        .poll(() => output, { timeout: 20_000, interval: 100 })
        .toContain(`feed connected ws://127.0.0.1:${port}/feed`);
    } finally {
      child.kill('SIGTERM');
      await feed.close();
      await new Promise<void>((done) => server.close(() => done()));
    }
  }, 30_000);
});

describe('pnpm dashboard --help', () => {
  it('says how to watch a proxy on another port, with no colour codes into a pipe', async () => {
    const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
    const stdout = await new Promise<string>((done, fail) => {
      // A colour terminal's environment, without the CI, TEST or NO_COLOR that would hide colours anyway.
      const child = spawn('pnpm', ['dashboard', '--help'], {
        cwd: repositoryRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? directory, TERM: 'xterm-256color' },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      child.on('error', fail);
      child.on('close', (code) => (code === 0 ? done(text) : fail(new Error(`exit ${code}: ${text}`))));
    });
    expect(stdout).toContain('--url 9000 watches the one on port 9000');
    expect(stdout).toMatch(
      /--url=<url>\s+The proxy to watch: ws:\/\/127\.0\.0\.1:PORT\/feed, .* or just the port/,
    );
    expect(stdout).not.toContain('\u001b[');
  }, 180_000);
});
