import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeUpstream, reply, startFakeUpstream } from '@ccp/fake-upstream';
import { openMeter } from '@ccp/metering';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SINGLE_ATTEMPT } from '../support/anthropic-wire';
import { type ProxyProcess, startProxyProcess } from '../support/proxy-process';

// The real proxy process under load is killed with SIGKILL (no shutdown, no flush) after
// KILL_AFTER answers. Its metering rows were still queued in memory (written every second), but
// each was journaled when the request ended, so the next start stores them, and the user's quota
// keeps every reservation. A streamed answer is journaled in the same step that hands its last
// bytes to the socket; a JSON answer one turn of the event loop later, so only JSON answers that
// completed in the last moments before the kill (a few ms under this load) may lose their row.

const CONCURRENCY = 32;
const KILL_AFTER = 800;
const MAX_REQUESTS = 5_000;
/** Requests answered at least this long before the kill must have their row (the documented window). */
const WINDOW_MS = 50;
const ADMIN_KEY = 'admin-key-crash-test';

let upstream: FakeUpstream;
let directory: string;
let databaseUrl: string;
let journalDirectory: string;
const running: ProxyProcess[] = [];

const environment = () => ({
  PROVIDER_BASE_URL: upstream.url,
  PROVIDER_API_KEY: 'sk-upstream-crash-0123456789',
  LOG_LEVEL: 'error',
  TRACK_USAGE: 'true',
  METERING_DB_URL: databaseUrl,
  ADMIN_KEY,
  ...SINGLE_ATTEMPT,
});

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ccp-crash-'));
  databaseUrl = `file:${join(directory, 'metering.db')}`;
  journalDirectory = join(directory, 'metering.db.meter-journal');
  upstream = await startFakeUpstream({ record: false });
  upstream.setResponder(() =>
    reply({
      text: 'An answer in a few pieces.',
      fragmentSize: 5,
      usage: { promptTokens: 30, completionTokens: 8 },
    }),
  );
}, 30_000);

afterAll(async () => {
  for (const proxy of running) await proxy.stop();
  await upstream?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
}, 30_000);

describe('metering when the proxy is killed under load', { timeout: 120_000 }, () => {
  it('stores the row of every answered request at the next start, and keeps every quota reservation', async () => {
    const first = await startProxyProcess(environment());
    running.push(first);
    const created = await fetch(`${first.url}/api/users`, {
      method: 'POST',
      headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'crash', quota_requests: 100_000 }),
    });
    expect(created.status).toBe(201);
    const { api_key: apiKey, user } = (await created.json()) as { api_key: string; user: { id: string } };
    expect(existsSync(journalDirectory), 'the journal lives beside the database').toBe(true);

    const dispatcher = new Agent({ connections: CONCURRENCY });
    const answered = new Map<string, number>();
    const streamedIds = new Set<string>();
    let sent = 0;
    let killedAt: number | undefined;
    const worker = async () => {
      while (killedAt === undefined && sent < MAX_REQUESTS) {
        const index = sent++;
        try {
          const response = await request(`${first.url}/v1/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
            body: JSON.stringify({
              model: 'claude-sonnet-4-5',
              max_tokens: 64,
              stream: index % 2 === 0,
              messages: [{ role: 'user', content: `request ${index}` }],
            }),
            dispatcher,
          });
          const body = await response.body.text();
          // Answered: the whole body arrived (a stream up to message_stop).
          if (response.statusCode !== 200 || (index % 2 === 0 && !body.includes('message_stop'))) continue;
          answered.set(String(response.headers['request-id']), performance.now());
          if (index % 2 === 0) streamedIds.add(String(response.headers['request-id']));
          if (answered.size === KILL_AFTER && killedAt === undefined) {
            killedAt = performance.now();
            process.kill(first.pid, 'SIGKILL');
          }
        } catch {
          // Cut by the kill: not answered.
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await dispatcher.close();
    expect(killedAt, 'the proxy was killed under load').toBeDefined();
    await first.stop(); // returns at once: the process is already gone
    const killMoment = killedAt as number;

    // What the database holds right after the crash, before any replay.
    const before = await openMeter({ url: databaseUrl });
    const storedBeforeReplay = await before.countRequests();
    const reservedBeforeReplay = (await before.quotaStatus(user.id))?.requests.used ?? 0;
    await before.close();
    expect(readdirSync(journalDirectory).some((name) => name.endsWith('.jsonl'))).toBe(true);

    // The next start stores what the journal holds; a clean stop then writes its own queue.
    const second = await startProxyProcess(environment());
    running.push(second);
    expect(second.lines().join('\n')).not.toMatch(/metering:/);
    expect(await second.stop()).toBe(0);

    const after = await openMeter({ url: databaseUrl });
    try {
      const stored = new Set<string>();
      for await (const row of after.exportRows(1)) stored.add(row.id);
      const missing = [...answered].filter(([id]) => !stored.has(id));
      const missingOutsideWindow = missing.filter(([, at]) => at < killMoment - WINDOW_MS);
      const report = {
        answered: answered.size,
        storedBeforeReplay,
        storedAfterReplay: stored.size,
        missing: missing.length,
        missingOutsideWindow: missingOutsideWindow.length,
        missingDetail: missing.map(
          ([id, at]) => `${streamedIds.has(id) ? 'sse' : 'json'}@${(killMoment - at).toFixed(1)}ms`,
        ),
      };
      expect(missingOutsideWindow, JSON.stringify(report)).toEqual([]);
      // Rows exist only for requests that ended: never more rows than reservations.
      const used = (await after.quotaStatus(user.id))?.requests.used ?? 0;
      expect(used, JSON.stringify({ ...report, used, reservedBeforeReplay })).toBe(reservedBeforeReplay);
      expect(used).toBeGreaterThanOrEqual(Math.max(stored.size, answered.size));
      // The crashed process's journal is gone; the clean stop left none of its own (nor the folder).
      const left = existsSync(journalDirectory) ? readdirSync(journalDirectory) : [];
      expect(left.filter((name) => name.endsWith('.jsonl'))).toEqual([]);
    } finally {
      await after.close();
    }
  });
});
