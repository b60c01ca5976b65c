import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIError } from '@anthropic-ai/sdk';
import { type FakeUpstream, httpError, startFakeUpstream, streamText } from '@ccp/fake-upstream';
import { type Meter, openMeter } from '@ccp/metering';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProxy } from '../src/server';
import {
  artifactPath,
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
import { cleanEnvironment, privateTmux } from './support/private-tmux';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasChromium || !hasTmux) {
  console.warn(
    'Skipping the dashboard history end-to-end tests: they need /usr/bin/chromium and tmux ' +
      '(apt-get update && apt-get install -y chromium tmux).',
  );
}

async function streamed(proxyUrl: string, upstream: FakeUpstream, model: string, session: string) {
  upstream.enqueue(
    streamText('A request to remember across a restart.', {
      fragmentSize: 6,
      delayMs: 1,
      usage: { promptTokens: 3000, completionTokens: 123 },
    }),
  );
  const stream = claudeCodeClient(proxyUrl, session).messages.stream({
    model,
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Remember me.' }],
  });
  await stream.finalMessage();
  return String(stream.request_id);
}

async function rateLimited(proxyUrl: string, upstream: FakeUpstream, session: string) {
  upstream.enqueue(httpError(429, undefined, { 'retry-after': '1' }));
  const failure = await claudeCodeClient(proxyUrl, session)
    .messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 16,
      messages: [{ role: 'user', content: 'x' }],
    })
    .then(
      () => null,
      (error: unknown) => error,
    );
  if (!(failure instanceof APIError) || failure.status !== 429)
    throw new Error(`expected a 429, got ${failure}`);
  return String(failure.requestID);
}

describe.skipIf(!hasChromium || !hasTmux)(
  'the dashboards after a proxy restart on the same metering file',
  () => {
    const tmux = privateTmux('history-e2e');
    let directory: string;
    let upstream: FakeUpstream;
    let meter: Meter;
    let proxy: RunningProxy;
    let browser: Browser;

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), 'ccp-history-e2e-'));
      upstream = await startFakeUpstream();
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
        ],
      });
    }, 60_000);

    afterAll(async () => {
      tmux.kill();
      await browser?.close();
      await proxy?.close();
      await meter?.close();
      await upstream?.close();
      rmSync(directory, { recursive: true, force: true });
    });

    it('open on the requests from before the restart, then add new ones; /api/status counts since start', async () => {
      const url = `file:${join(directory, 'ccp.db')}`;
      meter = await openMeter({ url, flushIntervalMs: 50 });
      proxy = await startProxyFor(upstream, {}, { meter });
      const earlierOk = await streamed(proxy.url, upstream, 'claude-opus-4-8', '1a2b3c4d-before-restart');
      const earlierFailed = await rateLimited(proxy.url, upstream, '1a2b3c4d-before-restart');
      await proxy.close();
      await meter.close();

      meter = await openMeter({ url, flushIntervalMs: 50 });
      proxy = await startProxyFor(upstream, {}, { meter });

      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      try {
        await page.goto(`${proxy.url}/dashboard`);
        await page.locator('#status.connected').waitFor({ timeout: 15_000 });
        // Before any new request: both earlier ones, as they ended, counted in the cards.
        const okRow = page.locator(`#recent tr[data-request-id="${earlierOk}"]`);
        await okRow.waitFor({ timeout: 15_000 });
        const okText = (await okRow.textContent()) ?? '';
        expect(okText).toContain(`claude-opus-4-8 → ${pricedModel.id}`);
        expect(okText).toContain('✓ 200');
        expect(okText).toContain('123');
        const cost = `$${pricedModelCost({ inputTokens: 3000, outputTokens: 123 }).toFixed(4)}`;
        expect(okText).toContain(cost);
        expect(await page.locator(`#recent tr[data-request-id="${earlierFailed}"]`).textContent()).toContain(
          '✗ 429',
        );
        expect(await page.locator('#errors').textContent()).toContain('429 rate_limit_error');
        expect(await page.locator('#stat-requests').textContent()).toBe('2');
        expect(await page.locator('#stat-success').textContent()).toBe('50.0%');
        expect(await page.locator('#stat-cost').textContent()).toBe(cost);
        expect(await page.locator('#history-note').textContent()).toBe(
          'incl. 2 requests from before the proxy started',
        );
        await page.locator(`#waterfall [data-request-id="${earlierOk}"]`).waitFor({ timeout: 15_000 });
        await page.screenshot({ path: artifactPath('web-dashboard-after-restart.png'), fullPage: true });

        // The terminal dashboard, opened now, shows them too before anything new.
        const home = join(directory, 'home');
        const environment = cleanEnvironment(home, { DASHBOARD_REFRESH: '0.1' });
        tmux.start(
          'dashboard',
          `mkdir -p ${shellQuote(home)} && cd ${shellQuote(home)} && ${environment} ${shellQuote(process.execPath)} --import ${shellQuote(tsxLoader)} ${shellQuote(dashboardCliPath)} --url ws://127.0.0.1:${proxy.port}/feed`,
        );
        const opened = await eventually(
          () => tmux.screen('dashboard'),
          (text) => text.includes('● connected') && text.includes('requests 2  active 0'),
          'the terminal dashboard with the earlier requests',
        );
        expect(opened).toContain('(2 from before the proxy started)');
        expect(opened).toMatch(new RegExp(`opus-4-8→${pricedModel.id.replace('/', '\\/')} 200 \\S+ 123 out`));
        expect(opened).toMatch(/haiku-4-5→small-model 429 rate_limit_error/);
        // Every module is shown by default on this 160×50 terminal.
        for (const title of ['Performance', 'Activity', 'Routing', 'Analytics', 'Waterfall'])
          expect(opened).toContain(title);
        expect(opened).not.toContain(upstreamSecret);
        saveArtifact('tui-after-restart-history.txt', opened);

        // Live again: a new request joins the earlier ones everywhere; /api/status counts it alone.
        await streamed(proxy.url, upstream, 'claude-sonnet-4-6', '5e6f7a8b-after-restart');
        await expect.poll(() => page.locator('#stat-requests').textContent(), { timeout: 15_000 }).toBe('3');
        expect(await page.locator(`#recent tr[data-request-id="${earlierOk}"]`).count()).toBe(1);
        await eventually(
          () => tmux.screen('dashboard'),
          (text) => text.includes('requests 3  active 0') && /sonnet-4-6→middle-model 200/.test(text),
          'the new request in the terminal dashboard',
        );
        const status = (await (await fetch(`${proxy.url}/api/status`)).json()) as {
          requests: number;
          successRate: number;
        };
        expect(status).toMatchObject({ requests: 1, successRate: 1 });
        await page.screenshot({ path: artifactPath('web-dashboard-after-restart-live.png'), fullPage: true });
      } finally {
        await page.close();
      }
    }, 90_000);
  },
);

describe.skipIf(!hasTmux)('ccp-proxy --dashboard after a restart', () => {
  const tmux = privateTmux('proxy-history-e2e');
  let upstream: FakeUpstream;
  let home: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'ccp-proxy-history-e2e-'));
    upstream = await startFakeUpstream();
  });

  afterAll(async () => {
    tmux.kill();
    await upstream?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('opens on the requests stored by the previous run', async () => {
    const url = `file:${join(home, 'ccp.db')}`;
    const port = await freePort();
    const environment = cleanEnvironment(home, {
      CCP_HOME: home,
      TRACK_USAGE: 'true',
      METERING_DB_URL: url,
      PORT: String(port),
      PROVIDER_BASE_URL: upstream.url,
      PROVIDER_API_KEY: upstreamSecret,
      BIG_MODEL: 'history-big-model',
      MIDDLE_MODEL: 'history-middle-model',
      SMALL_MODEL: 'history-small-model',
      DASHBOARD_REFRESH: '0.1',
    });
    const run = (session: string) =>
      tmux.start(
        session,
        `cd ${shellQuote(home)} && ${environment} ${shellQuote(process.execPath)} --import ${shellQuote(tsxLoader)} ${shellQuote(proxyCliPath)} --dashboard; echo "ccp-proxy exited with code $?"`,
      );
    const baseUrl = `http://127.0.0.1:${port}`;
    const healthy = () =>
      eventually(
        () =>
          fetch(`${baseUrl}/health`).then(
            (response) => response.status,
            () => 0,
          ),
        (status) => status === 200,
        'the proxy to answer /health',
        30_000,
      );

    run('first');
    await healthy();
    await streamed(baseUrl, upstream, 'claude-sonnet-4-6', '9c8d7e6f-first-run');
    await eventually(
      () => tmux.screen('first'),
      (text) => text.includes('requests 1  active 0'),
      'the request in the first run',
    );
    tmux.keys('first', 'q');
    await eventually(
      () => tmux.screen('first'),
      (text) => text.includes('ccp-proxy exited with code 0'),
      'the first run to stop and write its records',
      20_000,
    );

    run('second');
    const opened = await eventually(
      () => tmux.screen('second'),
      (text) => text.includes('requests 1  active 0') && /history-middle-model 200 \S+ 123 out/.test(text),
      'the second run to show the first run’s request',
      30_000,
    );
    expect(opened).toContain('(1 from before the proxy started)');
    saveArtifact('proxy-dashboard-after-restart.txt', opened);
    tmux.keys('second', 'q');
    await eventually(
      () => tmux.screen('second'),
      (text) => text.includes('ccp-proxy exited with code 0'),
      'the second run to stop',
      20_000,
    );
  }, 90_000);
});
