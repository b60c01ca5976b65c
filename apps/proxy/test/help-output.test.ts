import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..');
const cliPath = resolve(import.meta.dirname, '../src/cli.ts');
const tsxLoader = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs'),
).href;
const hasScript = spawnSync('script', ['--version']).status === 0;

/** A clean environment of a colour terminal user: no CI, TEST or NO_COLOR that would hide the bug. */
function userEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', ...extra };
}

function collect(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: repositoryRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.resume();
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout }));
  });
}

const controlSequence = '\u001b[';

describe('pnpm start --help', () => {
  it('prints no colour codes into a pipe, and no padding at line ends', async () => {
    const { code, stdout } = await collect('pnpm', ['start', '--help'], userEnvironment());
    expect(code).toBe(0);
    expect(stdout).toContain('--big-model=<big_model>');
    expect(stdout).toContain('USAGE ccp-proxy [OPTIONS]');
    expect(stdout).not.toContain(controlSequence);
    expect(stdout).not.toMatch(/[ \t]+\n/);
  }, 180_000);

  // `script` gives the command a terminal of its own, as a user's shell does.
  describe.skipIf(!hasScript)('in a terminal', () => {
    const inTerminal = (env: NodeJS.ProcessEnv) =>
      collect(
        'script',
        [
          '-qec',
          `${JSON.stringify(process.execPath)} --import ${tsxLoader} ${JSON.stringify(cliPath)} --help`,
          '/dev/null',
        ],
        env,
      );

    it('keeps its colours', async () => {
      const { code, stdout } = await inTerminal(userEnvironment());
      expect(code).toBe(0);
      expect(stdout).toContain(`${controlSequence}36m--big-model`);
    }, 60_000);

    it('drops them for NO_COLOR of any value', async () => {
      const { code, stdout } = await inTerminal(userEnvironment({ NO_COLOR: 'true' }));
      expect(code).toBe(0);
      expect(stdout).toContain('--big-model');
      expect(stdout).not.toContain(controlSequence);
    }, 60_000);
  });
});
