import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeUpstream, startFakeUpstream, streamText } from '@ccp/fake-upstream';
import { cleanEnvironment, privateTmux } from './support/private-tmux';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProxy } from '../src/server';
import {
  claudeCodeClient,
  dashboardCliPath,
  eventually,
  freePort,
  pricedModel,
  pricedModelCost,
  proxyCliPath,
  saveArtifact,
  shellQuote,
  startProxyFor,
  tsxLoader,
  upstreamSecret,
} from './support/dashboard-e2e';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) {
  console.warn(
    'Skipping the terminal dashboard end-to-end tests: tmux is not installed (apt-get install -y tmux).',
  );
}

async function streamThroughProxy(proxyUrl: string, upstream: FakeUpstream, model: string, session: string) {
  upstream.enqueue(
    streamText('A request for the terminal dashboard.', {
      fragmentSize: 6,
      delayMs: 1,
      usage: { promptTokens: 2500, completionTokens: 77 },
    }),
  );
  const stream = claudeCodeClient(proxyUrl, session).messages.stream({
    model,
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Show me in the terminal.' }],
  });
  const message = await stream.finalMessage();
  expect(message.stop_reason).toBe('end_turn');
}

describe.skipIf(!hasTmux)('ccp-dashboard in tmux, following a running proxy', () => {
  const tmux = privateTmux('tui-e2e');
  let upstream: FakeUpstream;
  let proxy: RunningProxy;
  let home: string;
  const screen = () => tmux.screen('dashboard');

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'ccp-tui-e2e-'));
    upstream = await startFakeUpstream();
    proxy = await startProxyFor(upstream);
  });

  afterAll(async () => {
    tmux.kill();
    await proxy?.close();
    await upstream?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('shows requests made through the proxy, survives a proxy restart on the same port', async () => {
    const port = proxy.port;
    const environment = cleanEnvironment(home, {
      DASHBOARD_MODULES: 'activity:dense,routing:dense',
      DASHBOARD_REFRESH: '0.1',
    });
    tmux.start(
      'dashboard',
      `cd ${shellQuote(home)} && ${environment} ${shellQuote(process.execPath)} --import ${shellQuote(tsxLoader)} ${shellQuote(dashboardCliPath)} --url ws://127.0.0.1:${port}/feed`,
    );
    const connected = await eventually(
      screen,
      (text) => text.includes('● connected'),
      'the dashboard to connect',
    );
    for (const title of ['Activity', 'Routing', 'Waterfall']) expect(connected).toContain(title);

    await streamThroughProxy(proxy.url, upstream, 'claude-opus-4-8', '0a1b2c3d-tui-e2e-first');
    await streamThroughProxy(proxy.url, upstream, 'claude-sonnet-4-6', '0a1b2c3d-tui-e2e-first');
    const shown = await eventually(
      screen,
      (text) => text.includes('requests 2  active 0'),
      'the two requests to complete',
    );
    saveArtifact('tui-proxy-e2e-requests.txt', shown);
    // A completed request in the activity module: status, then its output tokens.
    const cost = pricedModelCost({ inputTokens: 2500, outputTokens: 77 }).toFixed(4);
    const pricedLine = shown.split('\n').find((line) => line.includes(`opus-4-8→${pricedModel.id} 200`));
    expect(pricedLine).toContain(`77 out $${cost}`);
    expect(shown).toMatch(/sonnet-4-6→middle-model 200 \S+ 77 out/);
    expect(shown).toContain('active 0');
    expect(shown).not.toContain(upstreamSecret);

    await proxy.close();
    saveArtifact(
      'tui-proxy-e2e-disconnected.txt',
      await eventually(screen, (text) => text.includes('disconnected'), 'the disconnected status'),
    );

    proxy = await startProxyFor(upstream, { PORT: String(port), SMALL_MODEL: 'after-restart-model' });
    expect(proxy.port).toBe(port);
    await eventually(screen, (text) => text.includes('● connected'), 'the reconnection');
    await streamThroughProxy(proxy.url, upstream, 'claude-haiku-4-5', '0a1b2c3d-tui-e2e-second');
    const reconnected = await eventually(
      screen,
      (text) => /after-restart-model 200 \S+ 77 out/.test(text) && text.includes('active 0'),
      'the request made after the restart, completed',
    );
    expect(reconnected).not.toContain('disconnected');
    saveArtifact('tui-proxy-e2e-after-restart.txt', reconnected);

    tmux.keys('dashboard', 'q');
    await eventually(
      () => tmux.foreground('dashboard'),
      (command) => command === 'sleep',
      'the dashboard to quit on q',
    );
  }, 60_000);
});

describe.skipIf(!hasTmux)('ccp-proxy --dashboard in tmux', () => {
  const tmux = privateTmux('proxy-tui-e2e');
  let upstream: FakeUpstream;
  let home: string;
  const screen = () => tmux.screen('proxy');

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'ccp-proxy-tui-e2e-'));
    upstream = await startFakeUpstream();
  });

  afterAll(async () => {
    tmux.kill();
    await upstream?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('renders the dashboard in the proxy terminal, shows a request, and q stops the proxy', async () => {
    const port = await freePort();
    const environment = cleanEnvironment(home, {
      CCP_HOME: home,
      TRACK_USAGE: 'false',
      PORT: String(port),
      PROVIDER_BASE_URL: upstream.url,
      PROVIDER_API_KEY: upstreamSecret,
      BIG_MODEL: 'tui-big-model',
      MIDDLE_MODEL: 'tui-middle-model',
      SMALL_MODEL: 'tui-small-model',
      DASHBOARD_REFRESH: '0.1',
    });
    tmux.start(
      'proxy',
      `cd ${shellQuote(home)} && ${environment} ${shellQuote(process.execPath)} --import ${shellQuote(tsxLoader)} ${shellQuote(proxyCliPath)} --dashboard; echo "ccp-proxy exited with code $?"`,
    );
    const started = await eventually(
      screen,
      (text) => text.includes('ccp dashboard') && text.includes('Waterfall'),
      'the in-process dashboard',
      30_000,
    );
    expect(started).not.toContain('ccp listening on');

    const baseUrl = `http://127.0.0.1:${port}`;
    await eventually(
      () =>
        fetch(`${baseUrl}/health`).then(
          (response) => response.status,
          () => 0,
        ),
      (status) => status === 200,
      'the proxy to answer /health',
    );
    await streamThroughProxy(baseUrl, upstream, 'claude-sonnet-4-6', 'feedface-proxy-tui-e2e');
    const shown = await eventually(
      screen,
      (text) => /tui-middle-model 200 \S+ 77 out/.test(text) && text.includes('requests 1  active 0'),
      'the completed request in the in-process dashboard',
    );
    saveArtifact('proxy-dashboard-e2e.txt', shown);
    expect(shown).not.toContain(upstreamSecret);

    tmux.keys('proxy', 'q');
    const exited = await eventually(
      screen,
      (text) => text.includes('ccp-proxy exited with code'),
      'the proxy to exit after q',
      20_000,
    );
    expect(exited).toContain('ccp-proxy exited with code 0');
    const stillServing = await fetch(`${baseUrl}/health`).then(
      () => true,
      () => false,
    );
    expect(stillServing).toBe(false);
  }, 60_000);
});
