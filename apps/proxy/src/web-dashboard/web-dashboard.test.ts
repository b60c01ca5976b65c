import { existsSync, mkdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type FeedServer, type RequestEventInput, createFeedServer, feedKeyFromRequest } from '@ccp/feed';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDashboardPage } from './render-dashboard-page';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  console.warn(
    `Skipping the web dashboard browser tests: ${chromiumPath} is missing. Install it with: apt-get update && apt-get install -y chromium`,
  );
}
const artifactsDirectory = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

describe('renderDashboardPage', () => {
  it('is self-contained: no external scripts, styles or fetches', () => {
    const page = renderDashboardPage({ title: 'ccp <8082>' });
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).not.toMatch(/<link[^>]+stylesheet/);
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).toContain('ccp &#60;8082&#62; · live');
    expect(page).toContain('window.ccpDashboardConfig = {"feedPath":"/feed"}');
  });

  it('cannot be broken out of its script by the feed path', () => {
    const page = renderDashboardPage({ feedPath: '/feed</script><b>x' });
    expect(page).not.toContain('</script><b>x');
  });
});

async function startPageServer(authorize?: (request: import('node:http').IncomingMessage) => boolean) {
  const server: Server = createServer((request, response) => {
    if ((request.url ?? '').split('?')[0] === '/dashboard') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderDashboardPage());
      return;
    }
    response.writeHead(404).end();
  });
  const feed: FeedServer = createFeedServer({ server, authorize });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    feed,
    base: `http://127.0.0.1:${port}`,
    async stop() {
      await feed.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function requestEvents(
  requestId: string,
  sessionId: string,
  routedModel: string,
  at: number,
): RequestEventInput[] {
  return [
    {
      type: 'request-start',
      requestId,
      sessionId,
      claudeModel: 'claude-sonnet-4-6',
      routedModel,
      provider: 'openrouter',
      endpoint: 'https://openrouter.ai/api/v1',
      streamed: true,
      startedAt: at,
      estimatedInputTokens: 12_000,
      contextWindow: 128_000,
      maxOutputTokens: 8192,
      reasoning: { effort: 'high', budgetTokens: null },
      route: 'middle',
    },
    { type: 'request-phase', requestId, phase: 'parse', at },
    { type: 'request-phase', requestId, phase: 'route', at: at + 2 },
    { type: 'request-phase', requestId, phase: 'send', at: at + 4 },
    { type: 'request-phase', requestId, phase: 'wait', at: at + 6 },
    { type: 'request-phase', requestId, phase: 'receive', at: at + 400 },
    { type: 'request-phase', requestId, phase: 'done', at: at + 1800 },
    {
      type: 'request-end',
      requestId,
      status: 200,
      inputTokens: 11_800,
      outputTokens: 640,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      thinkingTokens: 120,
      costUsd: 0.0042,
      durationMs: 1800,
      timeToFirstTokenMs: 400,
      stopReason: 'end_turn',
      at: at + 1800,
    },
  ];
}

describe.skipIf(!hasChromium)('the /dashboard page in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // A name that is not loopback, to see the page ask for the key as on a remote proxy.
        '--host-resolver-rules=MAP remote-proxy.test 127.0.0.1',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the snapshot at once, then shows a request that was just made', async () => {
    const server = await startPageServer();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const externalRequests: string[] = [];
    page.on('request', (request) => {
      if (
        !request.url().startsWith(server.base.replace('http', 'ws')) &&
        !request.url().startsWith(server.base)
      ) {
        externalRequests.push(request.url());
      }
    });
    try {
      const start = Date.now() - 10_000;
      for (const event of requestEvents('req_before', 'session-aaaa', 'deepseek/deepseek-chat', start)) {
        server.feed.publish(event);
      }
      await page.goto(`${server.base}/dashboard`);
      await page.locator('#status.connected').waitFor({ timeout: 15_000 });
      await page.locator('#recent tr[data-request-id="req_before"]').waitFor({ timeout: 15_000 });
      expect(await page.locator('#stat-requests').textContent()).toBe('1');

      for (const event of requestEvents('req_new', 'session-bbbb', 'qwen/qwen3-coder', Date.now())) {
        server.feed.publish(event);
      }
      server.feed.publish({
        type: 'request-start',
        requestId: 'req_failed',
        sessionId: 'session-bbbb',
        claudeModel: 'claude-haiku-4-5',
        routedModel: 'gpt-4.1-mini',
        provider: 'openai',
        endpoint: 'https://api.openai.com/v1',
        streamed: false,
        startedAt: Date.now(),
        estimatedInputTokens: 900,
        contextWindow: null,
        maxOutputTokens: null,
        reasoning: { effort: null, budgetTokens: null },
        route: null,
      });
      server.feed.publish({
        type: 'request-error',
        requestId: 'req_failed',
        status: 529,
        errorType: 'overloaded_error',
        message: 'Upstream openai is overloaded <b>try later</b>',
        durationMs: 300,
        at: Date.now(),
      });

      const newRow = page.locator('#recent tr[data-request-id="req_new"]');
      await newRow.waitFor({ timeout: 15_000 });
      expect(await newRow.textContent()).toContain('claude-sonnet-4-6 → qwen/qwen3-coder');
      expect(await newRow.textContent()).toContain('$0.0042');
      await page.locator('#waterfall [data-request-id="req_new"]').waitFor({ timeout: 15_000 });
      await expect.poll(() => page.locator('#stat-requests').textContent(), { timeout: 15_000 }).toBe('3');
      expect(await page.locator('#stat-success').textContent()).toBe('66.7%');
      expect(await page.locator('#routing').textContent()).toContain('→ qwen/qwen3-coder @openrouter');
      expect(await page.locator('#models').textContent()).toContain('gpt-4.1-mini');
      const errors = await page.locator('#errors').textContent();
      expect(errors).toContain('529 overloaded_error');
      // Messages are text, never markup.
      expect(errors).toContain('<b>try later</b>');
      expect(await page.locator('#errors b').count()).toBe(0);
      expect(externalRequests).toEqual([]);

      mkdirSync(artifactsDirectory, { recursive: true });
      await page.screenshot({ path: `${artifactsDirectory}web-dashboard.png`, fullPage: true });
    } finally {
      await page.close();
      await server.stop();
    }
  }, 60_000);

  it('connects to a key-protected feed with ?key= and shows the refusal otherwise', async () => {
    const server = await startPageServer((request) => feedKeyFromRequest(request) === 'proxy-key-123');
    let page = await browser.newPage();
    try {
      await page.goto(`${server.base}/dashboard?key=proxy-key-123`);
      await page.locator('#status.connected').waitFor({ timeout: 15_000 });
      expect(page.url()).toBe(`${server.base}/dashboard`);
      // A fresh tab has no stored key.
      await page.close();
      page = await browser.newPage();
      await page.goto(`${server.base}/dashboard`);
      // On loopback the page keeps retrying without a key and says it is disconnected.
      await page.locator('#status.disconnected').waitFor({ timeout: 15_000 });
      expect(server.feed.clientCount()).toBe(0);
    } finally {
      await page.close();
      await server.stop();
    }
  }, 60_000);

  it('asks for the key when the proxy is not on loopback, then connects with it', async () => {
    const server = await startPageServer((request) => feedKeyFromRequest(request) === 'proxy-key-123');
    const page = await browser.newPage();
    try {
      const port = new URL(server.base).port;
      await page.goto(`http://remote-proxy.test:${port}/dashboard`);
      await page.locator('#key-form.visible').waitFor({ timeout: 15_000 });
      expect(await page.locator('#key-message').textContent()).toContain('enter the proxy key');
      expect(server.feed.clientCount()).toBe(0);
      await page.locator('#key-input').fill('wrong-key');
      await page.locator('#key-form button').click();
      await expect
        .poll(() => page.locator('#key-message').textContent(), { timeout: 15_000 })
        .toContain('refused the feed');
      await page.locator('#key-input').fill('proxy-key-123');
      await page.locator('#key-form button').click();
      await page.locator('#status.connected').waitFor({ timeout: 15_000 });
      expect(server.feed.clientCount()).toBe(1);
      // The key is kept for this tab only, never in the address bar.
      expect(page.url()).not.toContain('proxy-key-123');
    } finally {
      await page.close();
      await server.stop();
    }
  }, 60_000);
});
