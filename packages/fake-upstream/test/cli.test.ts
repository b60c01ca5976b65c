import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const packageDirectory = join(import.meta.dirname, '..');
const repositoryRoot = join(packageDirectory, '..', '..');
const cli = ['--import', 'tsx', join(packageDirectory, 'src', 'cli.ts')];
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGTERM');
});

/** Starts the CLI and resolves with the base URL it prints as its first line. */
function start(args: string[]): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [...cli, ...args], { cwd: packageDirectory, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (url) => resolve({ url, child, stderr: () => stderr }));
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
}

describe('fake-upstream CLI', () => {
  it('serves chat completions at the URL it prints, and says how to point ccp at it', async () => {
    const { url, stderr } = await start(['--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const response = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'any', messages: [{ role: 'user', content: 'hi there' }] }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]?.message.content).toContain('You said: hi there');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stderr()).toContain(`PROVIDER_BASE_URL=${url}`);
  });

  it('refuses bad options with a message and the usage, never a stack trace', () => {
    for (const args of [['--port', 'many'], ['--colour']]) {
      const result = spawnSync(process.execPath, [...cli, ...args], { cwd: packageDirectory, encoding: 'utf8' });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^fake-upstream: /);
      expect(result.stderr).toContain('Usage: pnpm fake-upstream');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('is reachable from the repository root as `pnpm fake-upstream`', () => {
    const result = spawnSync('pnpm', ['--silent', 'fake-upstream', '--help'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--delay MS');
  });
});
