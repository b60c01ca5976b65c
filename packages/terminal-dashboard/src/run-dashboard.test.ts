import { createServer } from 'node:http';
import { PassThrough } from 'node:stream';
import { type RequestEvent, createFeedServer } from '@ccp/feed';
import { describe, expect, it } from 'vitest';
import recorded from './__fixtures__/two-sessions.events.json';
import { runTerminalDashboard } from './run-dashboard';
import { rebaseEvents } from './testing/feed-replay-server';

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

function capture(isTTY: boolean) {
  const output = Object.assign(new PassThrough(), { isTTY, columns: 140, rows: 45 });
  let text = '';
  output.on('data', (chunk) => {
    text += String(chunk);
  });
  // Blessed moves the cursor over blank cells instead of printing spaces; put the spaces back.
  const read = () => text.replace(/\x1b\[(\d+)C/g, (_move, count: string) => ' '.repeat(Number(count)));
  return { output, read };
}

describe('runTerminalDashboard with an in-process feed', () => {
  it('draws the screen from an in-process subscription, without a socket', async () => {
    const feed = createFeedServer({ server: createServer() });
    const { output, read } = capture(true);
    const dashboard = runTerminalDashboard({
      feed: { subscribe: feed.subscribe },
      modules: [{ id: 'analytics', mode: 'dense' }],
      refreshMs: 50,
      input: new PassThrough(),
      output,
    });
    try {
      for (const event of rebaseEvents(recorded as RequestEvent[], Date.now())) feed.publish(event);
      await eventually(() => read().includes('Hot models'), 'the analytics module');
      await eventually(() => read().includes('gpt-4.1-mini'), 'a routed model');
      expect(read()).toContain('in-process');
    } finally {
      dashboard.close();
      await dashboard.closed;
      await feed.close();
    }
  });

  it('opens on the requests a restarted proxy replayed, counted in its title', async () => {
    const events = rebaseEvents(recorded as RequestEvent[], Date.now() - 60_000);
    const replayedIds = new Set(['req_01', 'req_02']);
    const feed = createFeedServer({
      server: createServer(),
      history: events.filter((event) => replayedIds.has(event.requestId)),
    });
    const { output, read } = capture(true);
    const dashboard = runTerminalDashboard({
      feed: { subscribe: feed.subscribe },
      modules: [{ id: 'routing', mode: 'dense' }],
      refreshMs: 50,
      input: new PassThrough(),
      output,
    });
    try {
      await eventually(() => read().includes('gpt-4.1-mini'), 'a replayed request');
      await eventually(() => read().includes('(2 from before the proxy started)'), 'the note in the title');
      for (const event of events.filter((event) => !replayedIds.has(event.requestId))) feed.publish(event);
      await eventually(() => read().includes('qwen3-coder:30b'), 'a live request beside the replayed ones');
    } finally {
      dashboard.close();
      await dashboard.closed;
      await feed.close();
    }
  });

  it('prints plain text blocks in plain mode', async () => {
    const feed = createFeedServer({ server: createServer() });
    const { output, read } = capture(false);
    const dashboard = runTerminalDashboard({
      feed: { subscribe: feed.subscribe },
      refreshMs: 50,
      plain: true,
      input: new PassThrough(),
      output,
    });
    try {
      for (const event of rebaseEvents(recorded as RequestEvent[], Date.now())) feed.publish(event);
      await eventually(() => read().includes('--- 1 Performance (dense)'), 'the performance block');
      expect(read()).toContain('qwen3-coder:30b');
    } finally {
      dashboard.close();
      await feed.close();
    }
  });
});
