import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecord, tempDatabase } from '../test/temp-database';
import { defaultJournalDirectory, openMeter, type OpenMeterOptions } from './open-meter';
import { toRequestRow } from './request-rows';
import type { Meter, RequestRecord } from './types';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const killedWriter = fileURLToPath(new URL('../test/killed-writer.ts', import.meta.url));
const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-');

function journaledDatabase() {
  const database = tempDatabase();
  cleanups.push(database.remove);
  return { ...database, journalDirectory: join(database.directory, 'journal') };
}

async function open(options: OpenMeterOptions): Promise<Meter> {
  const meter = await openMeter(options);
  cleanups.push(() => meter.close());
  return meter;
}

/** The journal files in a folder; a clean close removes the emptied folder itself. */
const journalFiles = (directory: string) =>
  existsSync(directory) ? readdirSync(directory).filter((name) => name.endsWith('.jsonl')) : [];

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A record of a user request with round numbers, so the daily usage can be checked exactly. */
function userRecord(id: string, userId: string, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return sampleRecord({
    id,
    userId,
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.01,
    ...overrides,
  });
}

describe('a process killed before its records were written', () => {
  it('keeps its quota reservations, and its journal brings every record back exactly once', async () => {
    const database = journaledDatabase();
    const setup = await openMeter({ url: database.url });
    const { user } = await setup.createUser({ username: 'ada', quotaRequests: 100 });
    await setup.close();

    const child = spawn(
      process.execPath,
      // `--import tsx` runs the script in this very process, so the kill reaches the writer itself.
      ['--import', 'tsx', killedWriter, database.url, database.journalDirectory, user.id, '40'],
      { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let output = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      errors += chunk;
    });
    const exited = once(child, 'exit');
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the writer exited early: ${errors}`);
        return output.includes('recorded');
      },
      'the writer to record',
      30_000,
    );
    expect(output).toContain('"queued":40');
    child.kill('SIGKILL');
    expect((await exited)[1]).toBe('SIGKILL');

    // Without the journal: no row was written, yet every reservation is counted (nothing refunds it).
    const withoutJournal = await openMeter({ url: database.url });
    expect(await withoutJournal.countRequests()).toBe(0);
    expect((await withoutJournal.quotaStatus(user.id))?.requests.used).toBe(40);
    await withoutJournal.close();

    // With it: the 40 rows come back; the request count stays 40 and the tokens are added once.
    const recovered = await open({ url: database.url, journalDirectory: database.journalDirectory });
    expect(recovered.stats().replayed).toBe(40);
    expect(await recovered.countRequests()).toBe(40);
    expect(await recovered.dailyUsage(user.id, 1)).toEqual([
      expect.objectContaining({ requests: 40, inputTokens: 400, outputTokens: 200, totalTokens: 600 }),
    ]);
    // The dead process's files are gone; only the new meter's own file is there.
    expect(journalFiles(database.journalDirectory)).toHaveLength(1);
    await recovered.close();
    expect(journalFiles(database.journalDirectory)).toEqual([]);

    const again = await open({ url: database.url, journalDirectory: database.journalDirectory });
    expect(again.stats().replayed).toBe(0);
    expect((await again.quotaStatus(user.id))?.requests.used).toBe(40);
  }, 60_000);
});

describe('journal replay', () => {
  it('is idempotent: records already stored (a crash between the write and emptying the journal) count once', async () => {
    const database = journaledDatabase();
    const meter = await open({ url: database.url, journalDirectory: database.journalDirectory });
    const { user } = await meter.createUser({ username: 'ada' });
    const reserved = await meter.reserveQuota(user.id, { requestId: 'reserved' });
    if (!reserved.ok) throw new Error('unlimited user refused');
    const records = [
      userRecord('reserved', user.id),
      userRecord('plain', user.id),
      userRecord('anonymous', 'usr_none', { userId: null }),
    ];
    for (const record of records) meter.record(record);
    await meter.flush();
    const stored = await meter.dailyUsage(user.id, 1);
    expect(stored).toEqual([expect.objectContaining({ requests: 2, inputTokens: 20, totalTokens: 30 })]);

    // The same records, still in the journal of a process that died right after storing them.
    const lines = [
      {
        row: toRequestRow(records[0]!),
        requestDelta: 0,
        requestDay: reserved.reservation.day,
        countUsage: true,
      },
      {
        row: toRequestRow(records[1]!),
        requestDelta: 1,
        requestDay: reserved.reservation.day,
        countUsage: true,
      },
      {
        row: toRequestRow(records[2]!),
        requestDelta: 1,
        requestDay: reserved.reservation.day,
        countUsage: true,
      },
      {
        row: toRequestRow(userRecord('only-in-journal', user.id)),
        requestDelta: 1,
        requestDay: reserved.reservation.day,
        countUsage: true,
      },
    ];
    const orphan = join(database.journalDirectory, `meter_${host}_${process.pid}_1700000000000_dead_0.jsonl`);
    writeFileSync(orphan, lines.map((line) => `${JSON.stringify({ v: 1, ...line })}\n`).join(''));
    await meter.close();

    const reopened = await open({ url: database.url, journalDirectory: database.journalDirectory });
    expect(reopened.stats().replayed).toBe(4);
    expect(await reopened.countRequests()).toBe(4);
    expect(await reopened.dailyUsage(user.id, 1)).toEqual([
      expect.objectContaining({ requests: 3, inputTokens: 30, outputTokens: 15, totalTokens: 45 }),
    ]);
    expect(journalFiles(database.journalDirectory)).not.toContain(orphan.split('/').at(-1));
  });

  it('stores what was queued when the meter is closed, and leaves no journal behind', async () => {
    const database = journaledDatabase();
    const meter = await openMeter({
      url: database.url,
      journalDirectory: database.journalDirectory,
      flushIntervalMs: 60_000,
    });
    for (let index = 0; index < 25; index += 1) meter.record(sampleRecord());
    expect(journalFiles(database.journalDirectory)).toHaveLength(1);
    await meter.close();
    expect(journalFiles(database.journalDirectory)).toEqual([]);
    const reopened = await open({ url: database.url, journalDirectory: database.journalDirectory });
    expect(await reopened.countRequests()).toBe(25);
    expect(reopened.stats().replayed).toBe(0);
  });

  it('says which directory it could not use', async () => {
    const database = journaledDatabase();
    writeFileSync(join(database.directory, 'a-file'), '');
    await expect(
      openMeter({ url: database.url, journalDirectory: join(database.directory, 'a-file', 'journal') }),
    ).rejects.toThrow(/metering journal in .*a-file/);
  });
});

describe('quota refunds', () => {
  it('gives a failed request its reservation back at once, exactly once, while a user error still counts', async () => {
    const database = journaledDatabase();
    const meter = await open({
      url: database.url,
      journalDirectory: database.journalDirectory,
      flushIntervalMs: 60_000,
    });
    const { user } = await meter.createUser({ username: 'ada', quotaRequests: 2 });
    const used = async () => (await meter.quotaStatus(user.id))?.requests.used;

    const failed = await meter.reserveQuota(user.id, { requestId: 'upstream-500' });
    expect(failed.ok).toBe(true);
    expect(await used()).toBe(1);
    meter.record(
      userRecord('upstream-500', user.id, { status: 500, errorType: 'api_error', refundsQuota: true }),
    );
    // No flush is asked for and the interval is a minute: the refund is written on its own.
    await waitFor(async () => (await used()) === 0, 'the refund');
    // Recording the same request again (a replay, a second observer) refunds nothing more.
    meter.record(
      userRecord('upstream-500', user.id, { status: 500, errorType: 'api_error', refundsQuota: true }),
    );
    await meter.flush();
    expect(await used()).toBe(0);

    const userError = await meter.reserveQuota(user.id, { requestId: 'bad-request' });
    expect(userError.ok).toBe(true);
    meter.record(userRecord('bad-request', user.id, { status: 400, errorType: 'invalid_request_error' }));
    // A refund for a request that reserved nothing (the proxy key) does not count or uncount anything.
    meter.record(userRecord('unreserved', user.id, { status: 529, refundsQuota: true }));
    await meter.flush();
    expect(await used()).toBe(1);
    expect(await meter.countRequests()).toBe(3);
    // Tokens a failed request did use still count.
    expect(await meter.dailyUsage(user.id, 1)).toEqual([
      expect.objectContaining({ requests: 1, inputTokens: 30, outputTokens: 15 }),
    ]);
  });
});

describe('defaultJournalDirectory', () => {
  it('puts the journal beside a file database, under the home for a server, and nowhere for memory', () => {
    const home = '/home/ada/.ccp';
    expect(defaultJournalDirectory('file:/srv/ccp/ccp.db', { homeDirectory: home })).toBe(
      '/srv/ccp/ccp.db.meter-journal',
    );
    expect(defaultJournalDirectory('file:./data/ccp.db', { homeDirectory: home })).toBe(
      `${process.cwd()}/data/ccp.db.meter-journal`,
    );
    expect(defaultJournalDirectory('libsql://metering.example.com', { homeDirectory: home })).toBe(
      '/home/ada/.ccp/meter-journal/metering.example.com',
    );
    expect(defaultJournalDirectory('http://sqld:8080', { homeDirectory: home })).toBe(
      '/home/ada/.ccp/meter-journal/sqld-8080',
    );
    expect(defaultJournalDirectory(':memory:', { homeDirectory: home })).toBeNull();
  });
});
