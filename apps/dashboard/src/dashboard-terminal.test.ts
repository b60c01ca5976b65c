import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RequestEventInput } from '@ccp/feed';
import {
  type ReplayServer,
  rebaseEvents,
  startReplayServer,
  twoSessionEvents,
} from '@ccp/terminal-dashboard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const appDirectory = fileURLToPath(new URL('..', import.meta.url));
const tsxBinary = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const artifactsDirectory = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** Keeps what the terminal showed, for people reviewing a CI run. */
function saveArtifact(name: string, text: string): void {
  mkdirSync(artifactsDirectory, { recursive: true });
  writeFileSync(`${artifactsDirectory}${name}`, text);
}
if (!hasTmux)
  console.warn(
    'Skipping the terminal dashboard tests in tmux: tmux is not installed (apt-get install -y tmux).',
  );

const events = twoSessionEvents;
const firstHalf = (all: RequestEventInput[]) =>
  all.filter((event) => ['req_01', 'req_02'].includes(event.requestId));
const secondHalf = (all: RequestEventInput[]) =>
  all.filter((event) => !['req_01', 'req_02'].includes(event.requestId));

async function eventually<T>(read: () => T, accept: (value: T) => boolean, what: string): Promise<T> {
  let last = read();
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = read();
  }
  throw new Error(`Timed out waiting for ${what}. Last seen:\n${String(last)}`);
}

function afterRestart(at: number): RequestEventInput[] {
  return [
    {
      type: 'request-start',
      requestId: 'req_after_restart',
      sessionId: 'c0ffee00-restart',
      claudeModel: 'claude-haiku-4-5',
      routedModel: 'mistral-after-restart',
      provider: 'vllm',
      endpoint: 'http://127.0.0.1:8000/v1',
      streamed: true,
      startedAt: at,
      estimatedInputTokens: 2000,
      contextWindow: 32_768,
      maxOutputTokens: 4096,
      reasoning: { effort: null, budgetTokens: null },
      route: 'small',
    },
    { type: 'request-phase', requestId: 'req_after_restart', phase: 'parse', at },
    { type: 'request-phase', requestId: 'req_after_restart', phase: 'wait', at: at + 5 },
  ];
}

describe.skipIf(!hasTmux)('ccp-dashboard in a real terminal (tmux)', () => {
  const socket = `ccp-dashboard-test-${process.pid}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-u', '-L', socket, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', 'dashboard');
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplayServer();
  });

  afterAll(async () => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    await server?.stop();
  });

  it('shows modules updating, pauses, zooms, survives a proxy restart and quits', async () => {
    const command = [
      `cd '${appDirectory}'`,
      `&& DASHBOARD_MODULES='performance:dense,activity:sparse,routing:dense,analytics:dense' DASHBOARD_REFRESH=0.1`,
      `'${tsxBinary}' src/cli.ts --url ws://127.0.0.1:${server.port}/feed`,
      '; sleep 60',
    ].join(' ');
    tmux('new-session', '-d', '-s', 'dashboard', '-x', '160', '-y', '50', command);

    await eventually(screen, (text) => text.includes('● connected'), 'the dashboard to connect');
    const empty = screen();
    for (const title of ['Performance', 'Activity', 'Routing', 'Analytics', 'Waterfall'])
      expect(empty).toContain(title);
    expect(empty).toContain('Waiting for requests');

    const rebased = rebaseEvents(events, Date.now());
    server.publish(firstHalf(rebased));
    const first = await eventually(
      screen,
      (text) => text.includes('gpt-4.1-mini') && text.includes('requests 2'),
      'the first requests',
    );
    expect(first).toMatch(/opus-4-8\s+──▶ gpt-5\.1/);
    expect(first).toContain('$0.0655');

    server.publish(secondHalf(rebased));
    const second = await eventually(
      screen,
      (text) => text.includes('qwen3-coder:30b') && text.includes('529 overloaded_error'),
      'the later requests',
    );
    expect(second).toContain('streaming · receive');
    expect(second).toContain('requests 4');
    saveArtifact('tui-four-requests.txt', second);

    tmux('send-keys', '-t', 'dashboard', 't');
    const trends = await eventually(
      screen,
      (text) => text.includes('latency · last') && !text.includes('Performance ·'),
      'the trends view',
    );
    expect(trends).toContain('output tok/s · last');
    // The trends charts: braille lines through the finished requests, y axes in ms and tok/s from 0,
    // x axes labelled with the requests' end times, oldest to newest.
    expect(trends).toMatch(/[\u2801-\u28ff]{2,}/);
    const yAxis = trends.split('\n').flatMap((line) => /^│(\S+) +⡇/.exec(line)?.[1] ?? []);
    expect(yAxis.filter((label) => ['ms', 'tok/s', '0'].includes(label))).toEqual(['ms', '0', 'tok/s', '0']);
    expect(yAxis.filter((label) => /^[1-9]\d*$/.test(label)).length).toBeGreaterThanOrEqual(4);
    expect(trends).toMatch(/│ +\d\d:\d\d:\d\d +\d\d:\d\d:\d\d +│/);
    expect(trends).toContain('oldest → newest');
    // Both charts fill the screen between the title bar and the help line.
    const lines = trends.split('\n');
    expect(lines[1]).toMatch(/^┌─ latency · last .*─┐$/);
    expect(lines[1]).toHaveLength(160);
    expect(lines[48]).toMatch(/^└─{158}┘$/);
    saveArtifact('tui-trends.txt', trends);
    tmux('send-keys', '-t', 'dashboard', 't');
    await eventually(screen, (text) => text.includes('Performance ·'), 'the modules to return');

    tmux('send-keys', '-t', 'dashboard', 'p');
    await eventually(screen, (text) => text.includes('PAUSED'), 'the pause marker');
    tmux('send-keys', '-t', 'dashboard', 'p');
    await eventually(screen, (text) => !text.includes('PAUSED'), 'the pause to end');

    tmux('send-keys', '-t', 'dashboard', '3');
    tmux('send-keys', '-t', 'dashboard', 'z');
    const zoomed = await eventually(
      screen,
      (text) => !text.includes('Performance ·'),
      'the routing module to zoom',
    );
    expect(zoomed).toContain('3 Routing');
    tmux('send-keys', '-t', 'dashboard', 'z');
    await eventually(screen, (text) => text.includes('Performance ·'), 'the layout to return');

    const port = server.port;
    await server.stop();
    saveArtifact(
      'tui-disconnected.txt',
      await eventually(screen, (text) => text.includes('disconnected'), 'the disconnected status'),
    );

    server = await startReplayServer(port);
    server.publish(afterRestart(Date.now()));
    const reconnected = await eventually(
      screen,
      (text) => text.includes('● connected') && text.includes('mistral-after-restart'),
      'the reconnection',
    );
    expect(reconnected).not.toContain('disconnected');
    saveArtifact('tui-after-restart.txt', reconnected);

    tmux('send-keys', '-t', 'dashboard', 'q');
    await eventually(
      () => tmux('list-panes', '-t', 'dashboard', '-F', '#{pane_current_command}').trim(),
      (command) => command === 'sleep',
      'the dashboard to exit on q',
    );
  }, 90_000);
});

describe('ccp-dashboard with stdout not a terminal', () => {
  let child: ChildProcess | null = null;
  let server: ReplayServer | null = null;

  afterEach(async () => {
    child?.kill();
    child = null;
    await server?.stop();
    server = null;
  });

  it('prints plain-text module blocks as events arrive and reports reconnections', async () => {
    server = await startReplayServer();
    const port = server.port;
    let output = '';
    child = spawn(
      tsxBinary,
      ['src/cli.ts', '--url', `http://127.0.0.1:${port}`, '--modules', 'routing:sparse'],
      {
        cwd: appDirectory,
        env: { ...process.env, DASHBOARD_REFRESH: '0.1', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    await eventually(
      () => output,
      (text) => text.includes('feed connected'),
      'the plain dashboard to connect',
    );
    server.publish(rebaseEvents(events, Date.now()));
    const printed = await eventually(
      () => output,
      (text) => text.includes('qwen3-coder:30b'),
      'module blocks',
    );
    expect(printed).toContain('--- 1 Routing (sparse)');
    expect(printed).toContain('--- 2 Waterfall (dense)');
    expect(printed).toContain('opus-4-8 → gpt-5.1 ×1');
    expect(printed).not.toContain('\x1b[');

    await server.stop();
    await eventually(
      () => output,
      (text) => text.includes('feed disconnected (retrying)'),
      'the disconnect note',
    );
    server = await startReplayServer(port);
    await eventually(
      () => output,
      (text) => text.split('feed connected').length === 3,
      'the reconnect note',
    );
  }, 60_000);
});
