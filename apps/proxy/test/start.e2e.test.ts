import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shellQuote } from './support/dashboard-e2e';
import { cleanEnvironment, privateTmux } from './support/private-tmux';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('Skipping the `pnpm start` terminal test: tmux is not installed (apt-get install -y tmux).');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function waitForScreen(read: () => string, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = read();
    if (pattern.test(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; the screen shows:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const home = mkdtempSync(join(tmpdir(), 'ccp-start-'));
const tmux = privateTmux('start');
afterAll(() => {
  tmux.kill();
  rmSync(home, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('pnpm start in a terminal', () => {
  it('stops on Ctrl-C with its own last line, exit code 0, nothing from pnpm, one database file; starts again without rebuilding', async () => {
    const port = await freePort();
    const database = join(home, 'ccp.db');
    const environment = cleanEnvironment(home, { PORT: String(port), METERING_DB_URL: `file:${database}` });
    // Started from an empty folder, as `pnpm --dir`: the proxy reads .env and ./data from there.
    const run = `cd ${shellQuote(home)} && ${environment} pnpm --dir ${shellQuote(repositoryRoot)} start; echo "start exited with $?"`;

    tmux.start('first', run);
    await waitForScreen(() => tmux.screen('first'), /ccp listening on/, 120_000);
    tmux.keys('first', 'C-c');
    const stopped = await waitForScreen(() => tmux.screen('first'), /start exited with \d+/, 20_000);
    expect(stopped).toMatch(/ccp stopped \(SIGINT\)/);
    expect(stopped).toContain('start exited with 0');
    expect(stopped).not.toMatch(/ELIFECYCLE|ERR_PNPM|Command failed/);
    expect(existsSync(database)).toBe(true);
    expect(existsSync(`${database}-wal`)).toBe(false);
    expect(existsSync(`${database}-shm`)).toBe(false);
    expect(existsSync(`${database}.meter-journal`), 'the emptied journal folder').toBe(false);

    // Nothing changed since that build: the second start runs the bundle as it is.
    tmux.start('second', run);
    const second = await waitForScreen(() => tmux.screen('second'), /ccp listening on/, 30_000);
    expect(second).not.toContain('building proxy');
    tmux.keys('second', 'C-c');
    expect(await waitForScreen(() => tmux.screen('second'), /start exited with \d+/, 20_000)).toContain(
      'start exited with 0',
    );
  }, 180_000);
});
