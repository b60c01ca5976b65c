import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { getPriority, setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** apps/proxy */
export const proxyRoot = join(here, '..');
const children = new Set<ChildProcess>();

/** Kills every child this bench started (also called on exit and on signals). */
export function killChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}
process.once('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killChildren();
    process.exit(130);
  });
}

function track(child: ChildProcess, name: string): ChildProcess {
  children.add(child);
  let errorText = '';
  child.stderr?.on('data', (part: Buffer) => {
    errorText = (errorText + part.toString('utf8')).slice(-4000);
  });
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (code !== 0 && code !== null && signal === null) {
      process.stderr.write(`bench: ${name} exited with ${code}\n${errorText}\n`);
    }
  });
  return child;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type StartedProcess = { child: ChildProcess; pid: number; url: string; stop(): Promise<void> };

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** Starts a TypeScript script (through tsx) that prints its URL on stdout, and resolves with that URL. */
export async function startScriptProcess(
  name: string,
  script: string,
  args: string[],
  nodeArguments: string[] = [],
): Promise<StartedProcess> {
  const child = track(
    spawn(process.execPath, [...nodeArguments, '--import', 'tsx', script, ...args], {
      cwd: proxyRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    name,
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not print its URL within 20 s`)), 20_000);
    child.stdout?.on('data', (part: Buffer) => {
      text += part.toString('utf8');
      const line = text.split('\n').find((candidate) => candidate.startsWith('http'));
      if (line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before printing its URL`));
    });
  });
  return { child, pid: child.pid ?? 0, url, stop: stopper(child) };
}

/**
 * Starts the in-repo fake OpenAI upstream in its own process and resolves with its base URL
 * (`http://127.0.0.1:PORT/v1`).
 */
export async function startFakeUpstreamProcess(options: {
  delayMs?: number;
  fragmentSize?: number;
}): Promise<StartedProcess> {
  const script = join(proxyRoot, 'node_modules', '@ccp', 'fake-upstream', 'src', 'cli.ts');
  const args = ['--port', '0'];
  if (options.delayMs !== undefined) args.push('--delay', String(options.delayMs));
  if (options.fragmentSize !== undefined) args.push('--fragment-size', String(options.fragmentSize));
  return await startScriptProcess('fake upstream', script, args);
}

/**
 * The Node options the proxy runs with, as `pnpm start` (the root package's start script) and
 * the Docker image give them, so the bench measures the proxy as it is run.
 */
export function proxyNodeOptions(): string[] {
  const scripts = JSON.parse(readFileSync(join(proxyRoot, '..', '..', 'package.json'), 'utf8')).scripts as {
    start?: string;
  };
  const options = /^exec node((?: --\S+)*) scripts\/start-app\.mjs proxy$/.exec(scripts.start ?? '')?.[1];
  if (options === undefined) throw new Error(`the root start script changed shape: ${scripts.start}`);
  return options.split(' ').filter((option) => option !== '');
}

/**
 * Starts the built proxy (`dist/cli.js`) in its own process on a port picked here, with the
 * Node options of `pnpm start`, and waits until `GET /health` answers.
 */
export async function startProxyProcess(options: {
  upstreamUrl: string;
  nodeArguments?: string[];
  environment?: Record<string, string>;
  /** Another build of the proxy to run; default this one's `dist/cli.js`. */
  script?: string;
  /** Node options in place of those of `pnpm start`. */
  nodeOptions?: string[];
}): Promise<StartedProcess> {
  const port = await freePort();
  const child = track(
    spawn(
      process.execPath,
      [
        ...(options.nodeOptions ?? proxyNodeOptions()),
        ...(options.nodeArguments ?? []),
        options.script ?? join(proxyRoot, 'dist', 'cli.js'),
      ],
      {
        // bench/ has no .env, so only the settings below apply (Node 20 would take `--env-file` for itself)
        cwd: here,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: String(port),
          PROVIDER_BASE_URL: options.upstreamUrl,
          PROVIDER_API_KEY: 'bench',
          BIG_MODEL: 'fake-model',
          MIDDLE_MODEL: 'fake-model',
          SMALL_MODEL: 'fake-model-mini',
          TRACK_USAGE: 'false',
          LOG_LEVEL: 'error',
          ...options.environment,
        },
      },
    ),
    'proxy',
  );
  child.stdout?.resume();
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (true) {
    if (child.exitCode !== null) throw new Error(`the proxy exited with ${child.exitCode} while starting`);
    try {
      const response = await fetch(`${url}/health`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the proxy did not answer ${url}/health within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, pid: child.pid ?? 0, url, stop: stopper(child) };
}

/**
 * The settings that run a proxy with metering on, as `pnpm start` does by default, on a database
 * file and journal named `name` under `directory` (each proxy its own, so none waits on another).
 */
export function meteringEnvironment(directory: string, name: string): Record<string, string> {
  return {
    TRACK_USAGE: 'true',
    METERING_DB_URL: `file:${join(directory, `${name}.db`)}`,
    METERING_JOURNAL_DIR: join(directory, `${name}-journal`),
  };
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux, 100 ticks/s). */
export function cpuMilliseconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the parenthesised command name; utime and stime are the 12th and 13th of them
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function autogroupNice(): number | undefined {
  try {
    const match = /nice (-?\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Raises this process's priority (and its autogroup's, which children share) so other work on a
 * shared machine disturbs the figures less; the autogroup's value is put back when this process
 * exits, as the group also holds the shell that started it. Needs root; returns what went wrong.
 */
export function raisePriority(nice: number): string | undefined {
  try {
    setPriority(nice);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const previous = autogroupNice();
  if (previous === undefined) return undefined;
  try {
    writeFileSync('/proc/self/autogroup', String(nice));
    process.once('exit', () => {
      try {
        writeFileSync('/proc/self/autogroup', String(previous));
      } catch {
        // nothing more to do while exiting
      }
    });
  } catch {
    // autogroup not writable: the nice value alone applies
  }
  return undefined;
}

/** This process's scheduling priority: its nice value and, with autogroup scheduling, its group's. */
export function schedulingPriority(): string {
  let group = '';
  try {
    group = readFileSync('/proc/self/autogroup', 'utf8').trim();
  } catch {
    // no autogroup scheduling on this kernel
  }
  return `nice ${getPriority()}${group ? `, ${group}` : ''}`;
}

/** One-minute load average and CPU count, to tell whether the machine was quiet. */
export function machineLoad(): { load1: number; cpus: number } {
  const [load1] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  const cpus = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('processor')).length;
  return { load1: Number(load1), cpus };
}

/**
 * Runs a bench script's `main` and ends the process: 0 once it resolves, 1 when it fails or
 * outlives `limitMs` (a watchdog), killing every child it started either way.
 */
export function runBenchScript(
  main: () => Promise<void>,
  options: { limitMs: number; log: (message: string) => void },
): void {
  const watchdog = setTimeout(() => {
    options.log(`took longer than ${Math.round(options.limitMs / 60_000)} minutes: stopping`);
    killChildren();
    process.exit(1);
  }, options.limitMs);
  watchdog.unref();
  main().then(
    () => {
      killChildren();
      process.exit(0);
    },
    (error: unknown) => {
      options.log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      killChildren();
      process.exit(1);
    },
  );
}
