import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from './run-cli';
import { seedUsage, usageRecord } from './seed-usage';

const tmuxAvailable = spawnSync('tmux', ['-V']).status === 0;
if (!tmuxAvailable) {
  console.warn('SKIPPED: the interactive selector test needs tmux (apt-get install -y tmux).');
}

// A private tmux server (own socket) so the test never touches the user's sessions.
const socket = `ccp-select-test-${randomBytes(4).toString('hex')}`;
const session = 'selector';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

/** The whole pane history as plain text. */
function history(): string {
  return tmux('capture-pane', '-p', '-J', '-t', session, '-S', '-');
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Waits until `needle` has appeared more than `seenBefore` times; returns the history then. */
async function waitFor(needle: string, seenBefore = 0): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = history();
    if (count(text, needle) > seenBefore) return text;
    if (Date.now() > deadline)
      throw new Error(
        `"${needle}" did not appear (seen ${seenBefore} before). Screen:\n${text.slice(-3000)}`,
      );
    await sleep(100);
  }
}

/** Types a line and waits for the next occurrence of `expect`. */
async function answer(line: string, expected: string): Promise<string> {
  const before = count(history(), expected);
  if (line !== '') tmux('send-keys', '-t', session, '-l', line);
  tmux('send-keys', '-t', session, 'Enter');
  return waitFor(expected, before);
}

afterAll(() => {
  if (!tmuxAvailable) return;
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  // kill-server leaves the socket file behind.
  rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
});

describe.skipIf(!tmuxAvailable)('interactive selector in a real terminal (tmux)', () => {
  it('picks a template, changes BIG, saves a mode and writes .env', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'ccp-tmux-'));
    const ccpHome = join(cwd, 'ccp-home');
    await writeFile(
      join(cwd, '.env'),
      '# my own comment\nPROVIDER_API_KEY=sk-test-key\nBIG_MODEL=openai/gpt-4o # old big\n',
    );
    const command = `env -u NO_COLOR -u FORCE_COLOR CCP_HOME='${ccpHome}' '${process.execPath}' '${CLI_PATH}'; echo SELECTOR-EXITED-$?; sleep 120`;
    tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', '-c', cwd, command);

    let screen = await waitFor('Choice>');
    expect(screen).toContain('ccp model selector');
    expect(screen).toMatch(/BIG\s+openai\/gpt-4o/);
    expect(screen).toMatch(/12\) List modes/);

    await answer('7', 'Template number or id');
    screen = await answer('1', 'Applied template "Free on OpenRouter"');
    await waitFor('Choice>', 1);
    expect(screen).toMatch(/BIG\s+deepseek\/deepseek-chat-v3-0324:free/);

    // Change BIG: page forward, then search and pick the number shown on screen.
    screen = await answer('1', 'Pick>');
    const firstPage = screen.slice(screen.lastIndexOf('Select BIG model'));
    expect(firstPage).toMatch(/page 1\/\d+/);
    const rows = firstPage.split('\n').filter((line) => /^\s+\d+\s{2}\S+\//.test(line));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThanOrEqual(50);
    screen = await answer('n', 'Pick>');
    expect(screen.slice(screen.lastIndexOf('Select BIG model'))).toMatch(/page 2\/\d+/);
    screen = await answer('/claude sonnet 4', 'Pick>');
    const results = screen.slice(screen.lastIndexOf('Select BIG model'));
    const number = /^\s+(\d+)\s{2}anthropic\/claude-sonnet-4\s/m.exec(results)?.[1];
    expect(number, results).toBeDefined();
    await answer(number ?? '', 'BIG model set to anthropic/claude-sonnet-4.');

    await answer('11', 'Mode name:');
    await answer('Tmux Mode', 'Slot 1-99');
    await answer('', 'Saved mode 1 "Tmux Mode".');

    screen = await answer('9', 'Restart the proxy');
    expect(screen).toMatch(/Saved .*\.env \(backup: .*\.env\.backup-\d{8}T\d{6}Z\)/);
    await answer('12', 'Tmux Mode  anthropic/claude-sonnet-4');
    await answer('q', 'SELECTOR-EXITED-0');

    // Colour is on in a real terminal.
    expect(tmux('capture-pane', '-p', '-e', '-t', session, '-S', '-')).toContain('\u001b[');

    const env = await readFile(join(cwd, '.env'), 'utf8');
    expect(env).toMatch(
      /^# my own comment\nPROVIDER_API_KEY=sk-test-key\nBIG_MODEL=anthropic\/claude-sonnet-4 # old big\n/,
    );
    expect(env).toContain('MIDDLE_MODEL=deepseek/deepseek-chat-v3-0324:free\n');
    expect(env).toContain('SMALL_MODEL=mistralai/mistral-small-3.2-24b-instruct:free\n');
    // The template's models do not reason, so it sets no effort.
    expect(env).not.toMatch(/^REASONING_EFFORT=/m);
    const backups = (await readdir(cwd)).filter((name) => name.startsWith('.env.backup-'));
    expect(backups.length).toBe(1);
    expect(await readFile(join(cwd, backups[0] ?? ''), 'utf8')).toContain(
      'BIG_MODEL=openai/gpt-4o # old big',
    );

    const modes = JSON.parse(await readFile(join(ccpHome, 'modes.json'), 'utf8')) as {
      modes: { id: number; name: string; settings: Record<string, string> }[];
    };
    expect(modes.modes).toHaveLength(1);
    expect(modes.modes[0]).toMatchObject({
      id: 1,
      name: 'Tmux Mode',
      settings: {
        BIG_MODEL: 'anthropic/claude-sonnet-4',
        MIDDLE_MODEL: 'deepseek/deepseek-chat-v3-0324:free',
      },
    });
  });

  it('recommends from metered usage, local only when asked, and puts the pick on a tier', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'ccp-tmux-usage-'));
    await seedUsage(join(cwd, 'data', 'ccp.db'), [
      usageRecord({ routedModel: 'anthropic/claude-sonnet-4', provider: 'openrouter', costUsd: 0.2 }),
      usageRecord({ routedModel: 'anthropic/claude-sonnet-4', provider: 'openrouter', costUsd: 0.2 }),
    ]);
    spawnSync('tmux', ['-L', socket, 'kill-session', '-t', session]);
    const command = `env -u NO_COLOR -u FORCE_COLOR CCP_HOME='${join(cwd, 'ccp-home')}' '${process.execPath}' '${CLI_PATH}'; echo SELECTOR-EXITED-$?; sleep 120`;
    tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '60', '-c', cwd, command);
    await waitFor('Choice>');
    await answer('6', 'Local models only: on.');
    await answer('8', 'or u for your metered usage?');
    const screen = await answer('u', 'Use one? number');
    const report = screen.slice(screen.lastIndexOf('Usage of the last 30 day(s)'));
    expect(report).toMatch(/all users: 2 request\(s\) in file:.*data\/ccp\.db/);
    expect(report).toMatch(/anthropic\/claude-sonnet-4 @openrouter: 2 request\(s\), .*\$0\.40/);
    expect(report).toMatch(/saves \$0\.40 \(100%\)/);
    const ids = [...report.matchAll(/^\s+\d+\s{2}(\S+)\s/gm)].map((match) => match[1] ?? '');
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('ollama/') || id.startsWith('lmstudio/'))).toBe(true);
    await answer('1', 'on which tier?');
    await answer('m', `MIDDLE model set to ${ids[0]}.`);
    await answer('q', 'SELECTOR-EXITED-0');
  });
});
