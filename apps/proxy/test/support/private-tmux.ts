import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from './dashboard-e2e';

/** A private tmux server (its own socket), so the test never touches the user's sessions. */
export function privateTmux(name: string) {
  const socket = `ccp-${name}-${process.pid}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-u', '-L', socket, ...args], { encoding: 'utf8' });
  return {
    /** Runs `command` in a detached 160×50 session; `; sleep 60` keeps the pane after it exits. */
    start(session: string, command: string) {
      tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', `${command}; sleep 60`);
    },
    screen: (session: string) => tmux('capture-pane', '-p', '-t', session),
    /** The program in the foreground of the pane (`sleep` once the command under test has exited). */
    foreground: (session: string) =>
      tmux('list-panes', '-t', session, '-F', '#{pane_current_command}').trim(),
    keys: (session: string, ...keys: string[]) => tmux('send-keys', '-t', session, ...keys),
    kill() {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
      // kill-server leaves the socket file behind.
      const user = process.getuid?.() ?? 0;
      rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${user}`, socket), { force: true });
    },
  };
}

/**
 * A clean environment for a child in tmux, as an `env -i …` prefix: nothing from this process
 * leaks in (pnpm's INIT_CWD would move the proxy to the repository and read its .env). TERM is
 * the pane's own.
 */
export function cleanEnvironment(home: string, values: Record<string, string>): string {
  const assignments = Object.entries({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...values })
    .map(([name, value]) => `${name}=${shellQuote(value)}`)
    .join(' ');
  return `env -i TERM="$TERM" ${assignments}`;
}
