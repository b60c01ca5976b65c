import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const proxyRoot = fileURLToPath(new URL('../..', import.meta.url));
const memoryReporter = fileURLToPath(new URL('./report-memory-on-signal.ts', import.meta.url));

export type MemoryFigures = {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  collected: boolean;
};

export type ProxyProcess = {
  url: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far, line by line. */
  lines(): string[];
  /** VmRSS of the process from /proc, in bytes. */
  residentBytes(): number;
  /** Runs a full GC in the process and returns its memory figures. */
  collectAndMeasure(): Promise<MemoryFigures>;
  /** SIGTERM, then waits for the exit (SIGKILL after `timeoutMs`); resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Runs the real `ccp-proxy` command (`node --import tsx src/cli.ts`) as a child process on
 * 127.0.0.1 with `env` on top of a clean environment, and waits until `/health` answers.
 * Output is captured (LOG_LEVEL decides how much); no `.env` file is read.
 *
 * @example
 * const proxy = await startProxyProcess({ PROVIDER_BASE_URL: upstream.url, PROVIDER_API_KEY: 'sk-x' });
 * await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body });
 * await proxy.stop();
 */
export async function startProxyProcess(env: Record<string, string>): Promise<ProxyProcess> {
  const port = await freePort();
  // An empty settings file, so no `.env` in the working directory is read. (Node 20 also reads
  // `--env-file` after the script name, so the file has to exist.)
  const envFile = join(mkdtempSync(join(tmpdir(), 'ccp-proxy-env-')), 'empty.env');
  writeFileSync(envFile, '');
  const output: string[] = [];
  let partial = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--import', memoryReporter, 'src/cli.ts', '--env-file', envFile],
    {
      cwd: proxyRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NO_COLOR: '1',
        HOST: '127.0.0.1',
        PORT: String(port),
        TRACK_USAGE: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const collect = (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    output.push(...parts);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`the proxy exited with ${exitCode} before answering:\n${output.join('\n')}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) {
        await response.arrayBuffer();
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the proxy did not answer /health within 30 s:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid as number;

  return {
    url,
    pid,
    lines: () => (partial === '' ? [...output] : [...output, partial]),
    residentBytes() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kilobytes = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
      return kilobytes * 1024;
    },
    async collectAndMeasure() {
      const before = output.length;
      child.kill('SIGUSR2');
      const limit = Date.now() + 10_000;
      for (;;) {
        const line = output.slice(before).find((entry) => entry.startsWith('ccp-test-memory '));
        if (line) return JSON.parse(line.slice('ccp-test-memory '.length)) as MemoryFigures;
        if (Date.now() > limit) throw new Error('the proxy did not report its memory within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop(timeoutMs = 15_000) {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
