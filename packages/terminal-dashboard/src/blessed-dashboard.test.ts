import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, rebaseEvents, startReplayServer } from './testing/feed-replay-server';
import { twoSessionEvents } from './testing';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const tsxBinary = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux)
  console.warn(
    'Skipping the terminal dashboard UI test in tmux: tmux is not installed (apt-get install -y tmux).',
  );

async function eventually(
  read: () => string,
  accept: (text: string) => boolean,
  what: string,
): Promise<string> {
  let last = read();
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = read();
  }
  throw new Error(`Timed out waiting for ${what}. Last seen:\n${last}`);
}

describe.skipIf(!hasTmux)('the blessed dashboard in a real terminal (tmux)', () => {
  const socket = `ccp-terminal-dashboard-test-${process.pid}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-u', '-L', socket, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', 'ui');
  const press = (key: string) => tmux('send-keys', '-t', 'ui', key);
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplayServer();
  });

  afterAll(async () => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    await server?.stop();
  });

  it('draws every module, and its keys switch modes, focus, zoom and trends, and quit', async () => {
    const url = `ws://127.0.0.1:${server.port}/feed`;
    const command = `cd '${packageDirectory}' && '${tsxBinary}' src/__fixtures__/start-dashboard.ts ${url}; sleep 60`;
    tmux('new-session', '-d', '-s', 'ui', '-x', '160', '-y', '50', command);

    const connected = await eventually(screen, (text) => text.includes('● connected'), 'the feed to connect');
    expect(connected).toContain(url);
    server.publish(rebaseEvents(twoSessionEvents, Date.now()));
    const shown = await eventually(
      screen,
      (text) => text.includes('qwen3-coder:30b') && text.includes('requests 4'),
      'the recorded requests',
    );
    for (const label of [
      '1 Performance · dense',
      '2 Activity · sparse',
      '3 Routing · dense',
      '4 Analytics · dense',
    ])
      expect(shown).toContain(label);
    expect(shown).toContain('5 Waterfall · dense');

    // Focus starts on the waterfall; tab wraps to the first module, m switches its mode.
    press('Tab');
    press('m');
    await eventually(screen, (text) => text.includes('1 Performance · sparse'), 'performance in sparse mode');

    press('2');
    press('z');
    const zoomed = await eventually(
      screen,
      (text) => text.includes('2 Activity') && !text.includes('Performance ·'),
      'the activity module alone',
    );
    expect(zoomed).not.toContain('Waterfall ·');
    press('z');
    await eventually(screen, (text) => text.includes('Performance ·'), 'the layout to return');

    press('t');
    const trends = await eventually(screen, (text) => text.includes('latency · last'), 'the trends view');
    expect(trends).toMatch(/[▁▂▃▄▅▆▇█]{2,}/);
    const trendLines = trends.split('\n');
    // Two charts fill the box between the title bar and the help line: latency in ms above output
    // speed in tok/s, each with its y axis values and an x axis of the recent requests.
    const row = (pattern: RegExp) => trendLines.findIndex((line) => pattern.test(line));
    expect(row(/│latency · last 2 requests/)).toBe(2);
    expect(row(/│output tok\/s · last 2 requests/)).toBeGreaterThan(20);
    expect(trends).toMatch(/│ +\d+ ms ┤/);
    expect(trends).toMatch(/│ +0 ms └─+/);
    expect(trends).toMatch(/│ +\d+ tok\/s ┤/);
    expect(trends).toMatch(/oldest +← last 2 requests → +newest/);
    const lastAxisLabels = trendLines.findLastIndex((line) => line.includes('← last 2 requests →'));
    const boxBottom = trendLines.findLastIndex((line) => line.startsWith('└'));
    expect(boxBottom).toBe(48);
    expect(lastAxisLabels).toBe(boxBottom - 1);
    press('t');
    await eventually(screen, (text) => text.includes('Performance ·'), 'the modules to return');

    press('q');
    await eventually(
      () => tmux('list-panes', '-t', 'ui', '-F', '#{pane_current_command}').trim(),
      (foreground) => foreground === 'sleep',
      'the dashboard to quit on q',
    );
  }, 60_000);

  it('shows all five modules by default on a 160 × 45 terminal, three on a smaller one', async () => {
    const url = `ws://127.0.0.1:${server.port}/feed`;
    const start = (session: string, columns: number, rows: number) =>
      tmux(
        'new-session',
        '-d',
        '-s',
        session,
        '-x',
        String(columns),
        '-y',
        String(rows),
        `cd '${packageDirectory}' && '${tsxBinary}' src/__fixtures__/start-dashboard.ts ${url} default-modules; sleep 60`,
      );
    start('large', 160, 45);
    start('small', 140, 45);
    const capture = (session: string) => tmux('capture-pane', '-p', '-t', session);
    const large = await eventually(
      () => capture('large'),
      (text) => text.includes('● connected'),
      'the large one',
    );
    for (const label of ['1 Performance', '2 Activity', '3 Routing', '4 Analytics', '5 Waterfall'])
      expect(large).toContain(label);
    const small = await eventually(
      () => capture('small'),
      (text) => text.includes('● connected'),
      'the small one',
    );
    for (const label of ['1 Performance', '2 Activity', '3 Waterfall']) expect(small).toContain(label);
    expect(small).not.toContain('Routing');
  }, 60_000);
});
