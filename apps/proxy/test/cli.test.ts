import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cliPath = resolve(import.meta.dirname, '../src/cli.ts');
// The children run in a temp directory, so tsx is named by absolute URL.
const tsxLoader = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs'),
).href;
let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'ccp-cli-'));
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, CCP_HOME: home, TRACK_USAGE: 'false', NO_COLOR: '1', ...extra };
}

function run(args: string[], env: NodeJS.ProcessEnv = baseEnv()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, cliPath, ...args], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/** Starts the proxy and resolves once its output shows `ready` (by default, where it listens). */
function start(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready = 'ccp listening on',
): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, cliPath, ...args], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) resolvePromise({ child, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`proxy exited with ${code}: ${output}`)));
  });
}

describe('ccp-proxy command line', () => {
  it('prints help naming the flags', async () => {
    const result = await run(['--help']);
    for (const flag of ['--big-model', '--middle-model', '--small-model', '--reasoning-effort', '--reasoning-max-tokens', '--verbosity', '--save-mode', '--load-mode', '--list-modes', '--delete-mode', '--mode']) {
      expect(result.stdout).toContain(flag);
    }
  }, 30_000);

  it('saves, lists, loads and deletes modes', async () => {
    const saved = await run(['--save-mode', 'Cheap', '--big-model', 'deepseek/deepseek-chat', '--reasoning-effort', 'low']);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toMatch(/Saved mode .*Cheap/);

    const listed = await run(['--list-modes']);
    expect(listed.stdout).toContain('Cheap');

    const port = await freePort();
    const proxy = await start(['--load-mode', 'cheap', '--small-model', 'flag-wins'], baseEnv({ PORT: String(port), PROVIDER_API_KEY: 'sk-test' }));
    try {
      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { tiers: Record<string, string> };
      expect(health.tiers).toMatchObject({ big: 'deepseek/deepseek-chat', small: 'flag-wins' });
      expect(proxy.output()).toMatch(/Loaded mode .*Cheap/);
    } finally {
      proxy.child.kill('SIGTERM');
    }

    const deleted = await run(['--delete-mode', 'CHEAP']);
    expect(deleted.code).toBe(0);
    const missing = await run(['--load-mode', 'cheap']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No mode named "cheap"/i);
  }, 60_000);

  it('reads .env from where it was started and refuses bad settings with a clear message', async () => {
    writeFileSync(join(home, '.env'), 'PORT=not-a-port\nREASONING_EFFORT=extreme\n');
    const result = await run([]);
    rmSync(join(home, '.env'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid ccp settings:\n');
    expect(result.stderr).toContain('  PORT="not-a-port": expected a whole number from 0 to 65535\n');
    expect(result.stderr).toContain('  REASONING_EFFORT="extreme": expected one of low, medium, high, none, off\n');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('stops on a bad value of any app setting, from the environment or a flag, with exit code 2', async () => {
    const result = await run(
      ['--dashboard', '--log-level', 'loud'],
      baseEnv({
        DASHBOARD_REFRESH: 'soon',
        PROMPT_INJECTION_SIZE: 'huge',
        RETRY_MAX_ATTEMPTS: 'many',
        PROVIDER_API_KEY: 'sk-never-printed',
        ENDPOINT_NOWHERE_API_KEY: 'sk-orphan-never-printed',
      }),
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'Invalid ccp settings:',
        '  ENDPOINT_NOWHERE_API_KEY=<hidden>: expected ENDPOINT_NOWHERE_URL to be set as well: set the endpoint URL, or remove ENDPOINT_NOWHERE_API_KEY',
        '  RETRY_MAX_ATTEMPTS="many": expected a whole number from 1 to 10',
        '  PROMPT_INJECTION_SIZE="huge": expected one of large, medium, small',
        '  LOG_LEVEL="loud": expected one of debug, info, warn, error (or warning for warn)',
        `Fix them in ${join(home, '.env')}, the environment or the flags, then start again.`,
        '',
      ].join('\n'),
    );
    // The dashboard's settings are checked once the others are right, still before anything starts.
    const dashboard = await run(['--dashboard'], baseEnv({ DASHBOARD_REFRESH: '0.5', DASHBOARD_LAYOUT: 'huge' }));
    expect(dashboard.code).toBe(2);
    expect(dashboard.stderr).toMatch(/^Invalid ccp settings:\n {2}DASHBOARD_LAYOUT="huge": expected one of default, compact, detailed\n/);
    expect(dashboard.stderr).not.toContain('DASHBOARD_REFRESH');
    expect(dashboard.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('accepts LOG_LEVEL=warning and a refresh interval in seconds with a decimal point', async () => {
    const port = await freePort();
    const proxy = await start(
      ['--dashboard'],
      baseEnv({ PORT: String(port), LOG_LEVEL: 'warning', DASHBOARD_REFRESH: '0.5' }),
      // At warn level the start line is not logged; the notice that this is no terminal is.
      'not a terminal',
    );
    try {
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      expect(proxy.output()).not.toContain('ccp listening on');
    } finally {
      proxy.child.kill('SIGTERM');
    }
  }, 30_000);

  it('stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const proxy = await start([], baseEnv({ PORT: String(port) }));
    const exited = new Promise<number | null>((resolvePromise) => proxy.child.on('exit', (code) => resolvePromise(code)));
    proxy.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
