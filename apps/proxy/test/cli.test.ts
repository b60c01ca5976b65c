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

/** Starts the proxy and resolves once it says where it listens. */
function start(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, cliPath, ...args], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ccp listening on')) resolvePromise({ child, output: () => output });
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
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT must be a whole number');
    expect(result.stderr).toContain('REASONING_EFFORT must be one of low, medium, high');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const proxy = await start([], baseEnv({ PORT: String(port) }));
    const exited = new Promise<number | null>((resolvePromise) => proxy.child.on('exit', (code) => resolvePromise(code)));
    proxy.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
