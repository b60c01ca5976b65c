import { existsSync } from 'node:fs';
import { type FakeUpstream, httpError, startFakeUpstream, streamText } from '@ccp/fake-upstream';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProxy } from '../src/server';
import {
  artifactPath,
  claudeCodeClient,
  pricedModel,
  pricedModelCost,
  startProxyFor,
  upstreamSecret,
} from './support/dashboard-e2e';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  console.warn(
    `Skipping the web dashboard end-to-end test: ${chromiumPath} is missing. Install it with: apt-get update && apt-get install -y chromium`,
  );
}

describe.skipIf(!hasChromium)('the web dashboard of a running proxy, in headless Chromium', () => {
  let upstream: FakeUpstream;
  let proxy: RunningProxy;
  let browser: Browser;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    proxy = await startProxyFor(upstream);
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
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await upstream?.close();
  });

  it('shows a request made through the proxy with the SDK, with models, tokens and cost', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const foreignRequests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.host !== new URL(proxy.url).host) foreignRequests.push(request.url());
    });
    try {
      const response = await page.goto(`${proxy.url}/dashboard`);
      expect(response?.status()).toBe(200);
      await page.locator('#status.connected').waitFor({ timeout: 15_000 });
      expect(await page.locator('#recent').textContent()).toContain('Waiting for requests');
      expect(await page.locator('#stat-requests').textContent()).toBe('0');

      upstream.enqueue(
        streamText('The dashboard should show this request.', {
          fragmentSize: 5,
          usage: { promptTokens: 4000, completionTokens: 321 },
        }),
      );
      const client = claudeCodeClient(proxy.url, '5e55a0aa-web-dashboard-e2e');
      const stream = client.messages.stream({
        model: 'claude-opus-4-8',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'Show up on the dashboard.' }],
      });
      await stream.finalMessage();
      const requestId = String(stream.request_id);

      const row = page.locator(`#recent tr[data-request-id="${requestId}"]`);
      await row.waitFor({ timeout: 15_000 });
      // The row appears at request-start; wait for the end to be folded in.
      await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('✓ 200');
      const rowText = (await row.textContent()) ?? '';
      expect(rowText).toContain(`claude-opus-4-8 → ${pricedModel.id}`);
      expect(rowText).toContain('321');
      const cost = `$${pricedModelCost({ inputTokens: 4000, outputTokens: 321 }).toFixed(4)}`;
      expect(rowText).toContain(cost);
      expect(rowText).toContain('5e55a0');

      expect(await page.locator('#stat-requests').textContent()).toBe('1');
      expect(await page.locator('#stat-cost').textContent()).toBe(cost);
      expect(await page.locator('#routing').textContent()).toContain(`→ ${pricedModel.id}`);
      expect(await page.locator('#models').textContent()).toContain(pricedModel.id);
      await page.locator(`#waterfall [data-request-id="${requestId}"]`).waitFor({ timeout: 15_000 });

      // A failing request lands in the errors panel.
      upstream.enqueue(httpError(429, undefined, { 'retry-after': '1' }));
      await expect(
        client.messages.create({
          model: 'claude-haiku-4-5',
          max_tokens: 16,
          messages: [{ role: 'user', content: 'too many' }],
        }),
      ).rejects.toMatchObject({ status: 429 });
      await expect
        .poll(() => page.locator('#errors').textContent(), { timeout: 15_000 })
        .toContain('429 rate_limit_error');
      await expect.poll(() => page.locator('#stat-requests').textContent(), { timeout: 15_000 }).toBe('2');
      expect(await page.locator('#stat-success').textContent()).toBe('50.0%');
      expect(await page.locator('#models').textContent()).toContain('small-model');

      const pageText = await page.locator('body').textContent();
      expect(pageText).not.toContain(upstreamSecret);
      expect(foreignRequests).toEqual([]);
      await page.screenshot({ path: artifactPath('web-dashboard-e2e.png'), fullPage: true });
    } finally {
      await page.close();
    }
  }, 60_000);
});
