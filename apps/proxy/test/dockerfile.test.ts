import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { validate } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// There is no Docker engine here: this test reads docker/Dockerfile, checks what matters for
// production, builds the bundle the way the image's build stage does, and runs the image's CMD
// with the image's ENV from a folder laid out like the image's /app.

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const proxyDirectory = join(root, 'apps/proxy');
const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');

type Instruction = { keyword: string; args: string; line: number };
type Stage = { image: string; name: string | undefined; instructions: Instruction[] };

/** Docker's own reading: `\` joins lines, `#` lines are comments (also inside a continued instruction). */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const first = lines[index]?.trim() ?? '';
    if (first === '' || first.startsWith('#')) continue;
    const startLine = index + 1;
    let joined = first;
    while (joined.endsWith('\\') && index + 1 < lines.length) {
      joined = joined.slice(0, -1);
      index += 1;
      const next = lines[index]?.trim() ?? '';
      if (!next.startsWith('#')) joined += ` ${next}`;
    }
    const match = /^(\S+)\s*(.*)$/s.exec(joined);
    if (!match?.[1]) continue;
    const instruction = { keyword: match[1].toUpperCase(), args: (match[2] ?? '').trim(), line: startLine };
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/).filter((part) => !part.startsWith('--'));
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    }
    const stage = stages.at(-1);
    if (!stage)
      throw new Error(`docker/Dockerfile line ${startLine}: ${instruction.keyword} before the first FROM`);
    stage.instructions.push(instruction);
  }
  return stages;
}

/** `ENV A=1 B="two words"` → { A: '1', B: 'two words' }. */
function parseEnv(args: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))/g)) {
    if (match[1]) values[match[1]] = match[3] ?? match[4] ?? match[5] ?? '';
  }
  return values;
}

const stages = parseDockerfile(dockerfile);
const finalStage = stages.at(-1) as Stage;
const inFinal = (keyword: string) =>
  finalStage.instructions.filter((instruction) => instruction.keyword === keyword);

/** The command README's quick start ends up running, followed through the package.json scripts. */
function readmeStartCommand(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  expect(readme).toMatch(/\bpnpm start\b/);
  const rootScripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;
  // `exec node [options] scripts/start-app.mjs proxy`: build the bundle when stale, then run it
  // with those Node options; the image runs only the bundle, with the same options.
  const start = /^exec node((?: --\S+)*) scripts\/start-app\.mjs (\S+)$/.exec(rootScripts.start ?? '');
  expect(start, `root "start" script is "${rootScripts.start}"`).not.toBeNull();
  const starter = readFileSync(join(root, 'scripts', 'start-app.mjs'), 'utf8');
  expect(starter).toContain("join(appDirectory, 'dist', 'cli.js')");
  const appPackage = JSON.parse(readFileSync(join(root, 'apps', start?.[2] ?? '', 'package.json'), 'utf8'));
  expect(appPackage.name).toBe('@ccp/proxy');
  return `node${start?.[1] ?? ''} apps/${start?.[2]}/dist/cli.js`;
}

function imageCommand(): string[] {
  const [cmd] = inFinal('CMD');
  expect(cmd, 'the final stage needs a CMD').toBeDefined();
  const parsed: unknown = JSON.parse(cmd?.args ?? '');
  expect(Array.isArray(parsed), 'CMD should use the exec form ["node", "…"] so SIGTERM reaches node').toBe(
    true,
  );
  return parsed as string[];
}

describe('docker/Dockerfile', () => {
  it('is multi-stage: the final image copies the build output from an earlier stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const copiesFromStage = inFinal('COPY').filter((copy) => /--from=\S+/.test(copy.args));
    expect(copiesFromStage.length).toBeGreaterThan(0);
    const names = stages.slice(0, -1).map((stage) => stage.name);
    for (const copy of copiesFromStage) expect(names).toContain(/--from=(\S+)/.exec(copy.args)?.[1]);
  });

  it('runs as a non-root user', () => {
    const user = inFinal('USER').at(-1)?.args.split(':')[0];
    expect(user, 'the final stage needs a USER').toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('has a HEALTHCHECK on /health', () => {
    const [healthcheck] = inFinal('HEALTHCHECK');
    expect(healthcheck?.args).toMatch(/\bCMD\b/);
    expect(healthcheck?.args).toContain('/health');
  });

  it('starts with the same command as the README quick start', () => {
    expect(imageCommand().join(' ')).toBe(readmeStartCommand());
    expect(readmeStartCommand()).toBe('node --max-semi-space-size=8 apps/proxy/dist/cli.js');
  });

  it('binds beyond loopback inside the container', () => {
    const env = Object.assign({}, ...inFinal('ENV').map((instruction) => parseEnv(instruction.args)));
    expect(env.HOST).toBe('0.0.0.0');
  });
});

describe('Dockerfile linters', () => {
  it('has no findings from dockerfile-utils (the VS Code Docker language server checks)', () => {
    const findings = validate(dockerfile).map(
      (finding) => `line ${finding.range.start.line + 1}: ${finding.message}`,
    );
    expect(findings).toEqual([]);
  });

  it('dockerfile-utils does report a broken Dockerfile (so the check above can fail)', () => {
    const findings = validate('FROM node:20\nEXPOSE http\nCMD ["a"]\nCMD ["b"]\n');
    expect(findings.map((finding) => finding.message).join('\n')).toMatch(/containerPort|one CMD/);
  });

  const hadolint = findOnPath('hadolint');
  // hadolint is not packaged for Debian and ships as a prebuilt binary: it runs where it is installed.
  it.skipIf(hadolint === undefined)('has no hadolint warnings or errors', async () => {
    const result = await run(hadolint ?? 'hadolint', [
      '--no-fail',
      '--format',
      'json',
      join(root, 'docker/Dockerfile'),
    ]);
    const findings = (
      JSON.parse(result.stdout || '[]') as Array<{
        level: string;
        code: string;
        message: string;
        line: number;
      }>
    )
      .filter((finding) => finding.level === 'error' || finding.level === 'warning')
      .map((finding) => `line ${finding.line} ${finding.code}: ${finding.message}`);
    expect(findings).toEqual([]);
  });
  if (hadolint === undefined) {
    it.skip('hadolint is not installed: lint with it where it is', () => {});
  }
});

describe('the image command, run outside Docker', () => {
  let app: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    // Laid out like the image: /app/apps/proxy/dist from the build stage, /app/node_modules, /app/models.
    app = mkdtempSync(join(tmpdir(), 'ccp-image-'));
    await run('pnpm', ['exec', 'tsup', '--silent', '--out-dir', join(app, 'apps/proxy/dist')], {
      cwd: proxyDirectory,
    });
    symlinkSync(join(proxyDirectory, 'node_modules'), join(app, 'node_modules'), 'dir');
    if (existsSync(join(root, 'models'))) symlinkSync(join(root, 'models'), join(app, 'models'), 'dir');
  }, 120_000);

  afterAll(() => {
    if (child && child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('imports nothing at run time that the image does not install', () => {
    // tsup splits dynamic imports into chunks beside cli.js: read them all.
    const dist = join(app, 'apps/proxy/dist');
    const bundle = readdirSync(dist)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(dist, file), 'utf8'))
      .join('\n');
    // A CommonJS package inlined into the ESM bundle keeps its require() calls as esbuild's
    // __require, which throws "Dynamic require ... is not supported" when that code first runs.
    expect(bundle.match(/__require\(\s*["'][^"']+["']\s*\)/g) ?? []).toEqual([]);
    const imported = new Set<string>();
    for (const match of bundle.matchAll(
      /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)["']([^"'.][^"']*)["']/g,
    )) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '')) continue;
      // Only package names: the loose pattern above also meets prose such as `from "prompt is too long…"`.
      if (!/^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*(\/[\w./-]*)?$/.test(specifier)) continue;
      imported.add(
        specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : (specifier.split('/')[0] ?? ''),
      );
    }
    const install = stages
      .flatMap((stage) => stage.instructions)
      .filter((instruction) => instruction.keyword === 'RUN' && /npm install/.test(instruction.args))
      .flatMap((instruction) => instruction.args.split(/\s+/))
      .filter((word) => /^(@[\w.-]+\/)?[\w.-]+@[\w.^~-]+$/.test(word))
      .map((word) => word.replace(/(?!^)@[^@]*$/, ''));
    expect(imported.size).toBeGreaterThan(0);
    expect([...imported].filter((name) => !install.includes(name))).toEqual([]);
  });

  it('installs the runtime dependencies at the exact versions of pnpm-lock.yaml', () => {
    const lockfile = readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8');
    const pinned = stages
      .filter((stage) => stage.name === 'runtime-deps')
      .flatMap((stage) => stage.instructions)
      .filter((instruction) => instruction.keyword === 'RUN' && /npm install/.test(instruction.args))
      .flatMap((instruction) => instruction.args.split(/\s+/))
      .filter((word) => /^(@[\w.-]+\/)?[\w.-]+@[\w.^~-]+$/.test(word));
    expect(pinned.length).toBeGreaterThan(5);
    const unlocked = pinned.filter((word) => {
      const at = word.lastIndexOf('@');
      const [name, version] = [word.slice(0, at), word.slice(at + 1)];
      // A locked package is listed as `name@version:` (quoted when scoped) under `packages:`.
      return !/^\d+\.\d+\.\d+$/.test(version) || !lockfile.includes(`\n  ${name.startsWith('@') ? `'${name}@${version}'` : `${name}@${version}`}:`);
    });
    expect(unlocked).toEqual([]);
  });

  it('serves /health, passes its own HEALTHCHECK and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const imageEnv = Object.assign({}, ...inFinal('ENV').map((instruction) => parseEnv(instruction.args)));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: app,
      ...imageEnv,
      HOST: '127.0.0.1',
      PORT: String(port),
      METERING_DB_URL: `file:${join(app, 'data/ccp.db')}`,
      CCP_HOME: join(app, 'data'),
    };
    const [command = 'node', ...args] = imageCommand();
    const started = spawn(command, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.includes('listening on')) resolve();
      };
      started.stdout?.on('data', check);
      void exited.then((code) =>
        reject(new Error(`the proxy exited with ${code} before listening:\n${output}`)),
      );
    });

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const [healthcheck] = inFinal('HEALTHCHECK');
    const probe = /\bCMD\s+(.*)$/s.exec(healthcheck?.args ?? '')?.[1] ?? '';
    const shellForm = !probe.startsWith('[');
    const [execFile = '', ...execArgs] = shellForm ? [] : (JSON.parse(probe) as string[]);
    const probeResult = await (shellForm
      ? run('/bin/sh', ['-c', probe], { env })
      : run(execFile, execArgs, { env })
    ).then(
      () => 0,
      (error: { code?: number }) => error.code ?? 1,
    );
    expect(probeResult).toBe(0);

    started.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});

function findOnPath(name: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    if (directory && existsSync(join(directory, name))) return join(directory, name);
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
