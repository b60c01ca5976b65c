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
    const trendLines = trends.split('\n');
    const row = (pattern: RegExp) => trendLines.findIndex((line) => pattern.test(line));
    // Two blessed-contrib line charts fill the screen between the title bar and the help line:
    // latency in ms above output speed in tok/s, each as wide as the terminal.
    expect(row(/^┌─ latency · last 2 requests · newest /)).toBe(1);
    const speedTop = row(/^┌─ output tok\/s · last 2 requests · newest /);
    expect(speedTop).toBe(25);
    expect(trendLines[speedTop - 1]).toMatch(/^└─+┘$/);
    expect(trendLines[48]).toMatch(/^└─+┘$/);
    for (const border of [1, speedTop - 1, speedTop, 48]) expect(trendLines[border]).toHaveLength(160);
    expect(trendLines[49]).toContain('t back to the modules');
    // y axes: the unit on top, then values in round steps down to 0, beside the axis line.
    const yAxis = (from: number, to: number) =>
      trendLines.slice(from, to).flatMap((line) => /^│(\S+) +⡇/.exec(line)?.[1] ?? []);
    expect(yAxis(2, speedTop).join(' ')).toBe('ms 4500 4000 3500 3000 2500 2000 1500 1000 500 0');
    expect(yAxis(speedTop + 1, 48).join(' ')).toBe('tok/s 450 400 350 300 250 200 150 100 50 0');
    // The lines themselves are braille dots right of the axis, above the x axis.
    const plotted = (from: number, to: number) =>
      trendLines.slice(from, to).filter((line) => /⡇.*[\u2801-\u28ff]/.test(line)).length;
    expect(plotted(2, speedTop)).toBeGreaterThan(5);
    expect(plotted(speedTop + 1, 48)).toBeGreaterThan(3);
    // x axes: the end time of the oldest and the newest request under each chart, and what they count.
    const xLabels = trendLines.filter((line) => /^│ +\d\d:\d\d:\d\d +\d\d:\d\d:\d\d +│$/.test(line));
    expect(xLabels).toHaveLength(2);
    expect(trendLines.filter((line) => line.includes('request end time · oldest → newest'))).toHaveLength(2);
    // Resized to 100 × 30, the charts fill the smaller screen, with fewer y labels.
    tmux('resize-window', '-t', 'ui', '-x', '100', '-y', '30');
    const resized = await eventually(
      screen,
      (text) => /^└─{98}┘$/.test(text.split('\n')[28] ?? ''),
      'the charts to fit 100 × 30',
    );
    const resizedLines = resized.split('\n');
    expect(resizedLines[1]).toMatch(/^┌─ latency · last 2 requests .*─┐$/);
    expect(resizedLines[1]).toHaveLength(100);
    expect(resizedLines[15]).toMatch(/^┌─ output tok\/s · last 2 requests .*─┐$/);
    expect(resizedLines.flatMap((line) => /^│(\S+) +⡇/.exec(line)?.[1] ?? []).join(' ')).toBe(
      'ms 4000 3000 2000 1000 0 tok/s 400 300 200 100 0',
    );
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
