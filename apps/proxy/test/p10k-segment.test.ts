import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStatusRoutes, type StatusSnapshot } from '../src/routes/status-routes';
import { busyStatus as busy } from '../src/routes/__fixtures__/busy-status';

const scriptPath = join(import.meta.dirname, '..', '..', '..', 'examples', 'p10k_integration.zsh');
const zshInstalled = spawnSync('zsh', ['--version']).status === 0;
const curlInstalled = spawnSync('curl', ['--version']).status === 0;
if (!zshInstalled || !curlInstalled) {
  console.warn(
    `p10k-segment tests skipped: ${zshInstalled ? 'curl' : 'zsh'} is not installed (apt-get install -y zsh curl).`,
  );
}

/** Generous guard: a segment that waited on the hung proxy would never finish at all. */
const hangGuardMs = 5000;

type ZshRun = { stdout: string; status: number | null; killed: boolean };

function runZsh(command: string, env: Record<string, string>): Promise<ZshRun> {
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the status server runs in this process and must keep answering.
    const child = spawn('zsh', ['-f', '-c', `source ${JSON.stringify(scriptPath)}; ${command}`], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: env.TMPDIR ?? tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, hangGuardMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(guard);
      if (stderr.trim() !== '') reject(new Error(`zsh wrote to stderr: ${stderr}`));
      else resolve({ stdout: stdout.replace(/\n$/, ''), status, killed });
    });
  });
}

/** The URL of a port that was just closed: nothing listens there. */
async function closedPortUrl(): Promise<string> {
  const stopped = createServer();
  stopped.listen(0, '127.0.0.1');
  const url = await listen(stopped as unknown as Server);
  await new Promise<void>((resolve) => stopped.close(() => resolve()));
  return url;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) =>
    server.listening ? resolve() : server.once('listening', () => resolve()),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.skipIf(!zshInstalled || !curlInstalled)('p10k_integration.zsh in a real zsh', () => {
  let snapshot: StatusSnapshot = busy;
  let statusRequests = 0;
  let requiredKey: string | null = null;
  let server: Server;
  let proxyUrl: string;
  let directory: string;

  beforeAll(async () => {
    // Mounted like the proxy mounts it; a key is required only when a test sets one.
    const routes = new Hono().route(
      '/api',
      createStatusRoutes({
        snapshot: () => snapshot,
        authorize: (request) => requiredKey === null || request.headers.get('x-api-key') === requiredKey,
      }),
    );
    server = serve({
      fetch: (request) => {
        statusRequests += 1;
        return routes.fetch(request);
      },
      hostname: '127.0.0.1',
      port: 0,
    }) as Server;
    proxyUrl = await listen(server);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(async () => {
    snapshot = busy;
    statusRequests = 0;
    requiredKey = null;
    // A fresh TMPDIR per test: each starts without a cached status.
    directory = await mkdtemp(join(tmpdir(), 'ccp-p10k-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const environment = (extra: Record<string, string> = {}) => ({
    TMPDIR: directory,
    CCP_STATUS_URL: proxyUrl,
    CCP_STATUS_PLAIN: '1',
    ...extra,
  });

  it('shows a running proxy: requests, speed and success', async () => {
    const run = await runZsh('ccp_status_line', environment());
    expect(run).toEqual({ stdout: 'ccp ✓ 12 req · 38 tok/s · 91% ok', status: 0, killed: false });
    expect(statusRequests).toBe(1);
  });

  it('sends CCP_STATUS_KEY when the proxy protects its status', async () => {
    requiredKey = 'admin-key-for-status';
    const withoutKey = await runZsh('ccp_status_line', environment());
    expect(withoutKey.stdout).toBe('ccp ✗ down');
    await rm(directory, { recursive: true, force: true });
    directory = await mkdtemp(join(tmpdir(), 'ccp-p10k-'));
    const withKey = await runZsh('ccp_status_line', environment({ CCP_STATUS_KEY: 'admin-key-for-status' }));
    expect(withKey.stdout).toBe('ccp ✓ 12 req · 38 tok/s · 91% ok');
  });

  it('uses Nerd Font icons in a nerdfont Powerlevel10k mode, plain text otherwise', async () => {
    const icons = await runZsh(
      'ccp_status_line',
      environment({ CCP_STATUS_PLAIN: '', POWERLEVEL9K_MODE: 'nerdfont-v3' }),
    );
    expect(icons.stdout).toBe('\uf233 \uf0ec 12 \uf0e4 38 t/s \uf00c 91%');
    const ascii = await runZsh(
      'ccp_status_line',
      environment({ CCP_STATUS_PLAIN: '', POWERLEVEL9K_MODE: 'ascii' }),
    );
    expect(ascii.stdout).toBe('ccp ✓ 12 req · 38 tok/s · 91% ok');
  });

  it('answers from the cache while it is fresh, without asking the proxy', async () => {
    await runZsh('ccp_status_line', environment({ CCP_STATUS_TTL: '3600' }));
    expect(statusRequests).toBe(1);
    snapshot = { ...busy, requests: 99 };
    const cached = await runZsh('ccp_status_line', environment({ CCP_STATUS_TTL: '3600' }));
    expect(cached.stdout).toBe('ccp ✓ 12 req · 38 tok/s · 91% ok');
    expect(statusRequests).toBe(1);
  });

  it('shows the stale cache at once and refreshes it in the background', async () => {
    await runZsh('ccp_status_line', environment());
    snapshot = { ...busy, requests: 13, tokensPerSecond: 41 };
    const stale = await runZsh('ccp_status_line', environment({ CCP_STATUS_TTL: '0' }));
    expect(stale.stdout).toBe('ccp ✓ 12 req · 38 tok/s · 91% ok');
    const cacheFile = (await runZsh('_ccp_status_cache_file; print -r -- $REPLY', environment())).stdout;
    await expect.poll(() => readFile(cacheFile, 'utf8'), { timeout: 5000 }).toContain('13 req');
    const refreshed = await runZsh('ccp_status_line', environment({ CCP_STATUS_TTL: '3600' }));
    expect(refreshed.stdout).toBe('ccp ✓ 13 req · 41 tok/s · 91% ok');
  });

  it('shows a proxy whose requests fail with the proxy’s own ! mark, not a check', async () => {
    snapshot = { ...busy, requests: 3, succeeded: 0, failed: 3, successRate: 0, tokensPerSecond: null };
    const run = await runZsh('ccp_status_line', environment());
    expect(run).toEqual({ stdout: 'ccp ! 3 req · — tok/s · 0% ok', status: 2, killed: false });
    await rm(directory, { recursive: true, force: true });
    directory = await mkdtemp(join(tmpdir(), 'ccp-p10k-'));
    const icons = await runZsh('ccp_status_line', environment({ CCP_STATUS_PLAIN: '0' }));
    expect(icons.stdout).toBe('\uf233 \uf0ec 3 \uf0e4 — t/s \uf071 0%');
    const stub = 'p10k() { print -r -- "p10k $*"; }';
    const segment = await runZsh(`${stub}; prompt_custom_proxy_status`, environment());
    expect(segment.stdout).toBe('p10k segment -f yellow -t ccp ! 3 req · — tok/s · 0%% ok');
  });

  it('claims no success rate before any request has finished', async () => {
    snapshot = { ...busy, requests: 0, succeeded: 0, failed: 0, successRate: null, tokensPerSecond: null };
    const run = await runZsh('ccp_status_line', environment());
    expect(run).toEqual({ stdout: 'ccp ✓ 0 req · — tok/s · —% ok', status: 0, killed: false });
  });

  it('shows a stopped proxy as down', async () => {
    const closedUrl = await closedPortUrl();
    const run = await runZsh('ccp_status_line', environment({ CCP_STATUS_URL: closedUrl }));
    expect(run).toEqual({ stdout: 'ccp ✗ down', status: 1, killed: false });
    const icons = await runZsh(
      'ccp_status_line',
      environment({ CCP_STATUS_URL: closedUrl, CCP_STATUS_PLAIN: '0' }),
    );
    expect(icons.stdout).toBe('\uf233 \uf00d down');
  });

  describe('against a proxy that accepts connections and never answers', () => {
    let hung: ReturnType<typeof createServer>;
    let hungUrl: string;
    const sockets: Socket[] = [];

    beforeAll(async () => {
      hung = createServer((socket) => {
        sockets.push(socket);
      });
      hung.listen(0, '127.0.0.1');
      hungUrl = await listen(hung as unknown as Server);
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    });

    it('gives up after the short timeout and shows down', async () => {
      const run = await runZsh('ccp_status_line', environment({ CCP_STATUS_URL: hungUrl }));
      expect(run).toEqual({ stdout: 'ccp ✗ down', status: 1, killed: false });
    });

    it('keeps showing the cached status while a background refresh waits on it', async () => {
      const cacheFile = (
        await runZsh('_ccp_status_cache_file; print -r -- $REPLY', environment({ CCP_STATUS_URL: hungUrl }))
      ).stdout;
      await writeFile(cacheFile, 'ccp ✓ 7 req · 20 tok/s · 100% ok · $0.01\n');
      // `$( … )` is how Powerlevel10k and RPROMPT call it: it must not wait for the background curl.
      const run = await runZsh(
        'print -r -- "$(ccp_status_line)"',
        environment({ CCP_STATUS_URL: hungUrl, CCP_STATUS_TTL: '0' }),
      );
      expect(run).toEqual({ stdout: 'ccp ✓ 7 req · 20 tok/s · 100% ok', status: 0, killed: false });
      await expect.poll(() => readFile(cacheFile, 'utf8'), { timeout: 5000 }).toBe('down\n');
    });
  });

  it('renders the Powerlevel10k segment green when up and red when down, with % escaped', async () => {
    const stub = 'p10k() { print -r -- "p10k $*"; }';
    const up = await runZsh(`${stub}; prompt_custom_proxy_status`, environment());
    expect(up.stdout).toBe('p10k segment -f green -t ccp ✓ 12 req · 38 tok/s · 91%% ok');
    const down = await runZsh(
      `${stub}; prompt_custom_proxy_status`,
      environment({ CCP_STATUS_URL: await closedPortUrl() }),
    );
    expect(down.stdout).toBe('p10k segment -f red -t ccp ✗ down');
    const prompt = await runZsh('ccp_status_prompt', environment());
    expect(prompt.stdout).toBe('ccp ✓ 12 req · 38 tok/s · 91%% ok');
    // The POWERLEVEL9K_CUSTOM_* route gets a text with no `%` at all.
    const legacy = await runZsh('eval $POWERLEVEL9K_CUSTOM_PROXY_STATUS', environment());
    expect(legacy.stdout).toBe('ccp ✓ 12 req · 38 tok/s · 91％ ok');
  });
});
