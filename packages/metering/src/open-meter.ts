import { mkdirSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as analytics from './analytics';
import * as benchmarks from './benchmarks';
import type { MeteringContext } from './metering-context';
import { applyMigrations } from './migrations/apply-migrations';
import { embeddedMigrations } from './migrations/embedded-migrations';
import * as quota from './quota';
import { openRecordJournal, type RecordJournal, readJournals } from './record-journal';
import { RecordQueue } from './record-queue';
import { batchStatements, type QueuedRecord, toRequestRow } from './request-rows';
import * as schema from './schema';
import { utcDay } from './time';
import type { Meter, QuotaReservation } from './types';
import * as users from './users';
import { anyUserRow, UsersPresence } from './users-presence';

/** Options of {@link openMeter}. */
export interface OpenMeterOptions {
  /** `file:./data/ccp.db` (embedded), `libsql://…` / `http://…` (shared sqld server) or `:memory:`. */
  url: string;
  /** Token for a remote libsql/sqld server. */
  authToken?: string;
  /** Most records per write (one multi-row insert). Default 200. */
  batchSize?: number;
  /** Longest a record waits in memory before being written. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Most records held in memory; beyond it records are dropped and counted. Default 10 000. */
  maxQueue?: number;
  /** How long a write waits for another process holding the file lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * Directory of the write-ahead journal. Each record is appended there (one JSON line, written
   * synchronously, about 5 µs) before it is queued, the file is emptied once its records are in
   * the database, and records left by a process that died are stored at the next open. Without
   * it, records still queued in memory are lost when the process is killed.
   * {@link defaultJournalDirectory} derives one from the database URL.
   */
  journalDirectory?: string;
  /** Longest a journaled record waits for `fsync` (done off the event loop). Default 100 ms. */
  journalSyncIntervalMs?: number;
  /** Size at which a journal file is closed and a new one started. Default 4 MiB. */
  journalSegmentBytes?: number;
  /** Told when a batch failed twice and its records were given up, or the journal failed. Must not throw. */
  onError?: (error: unknown, lostRecords: number) => void;
  /** Clock (epoch ms); tests pin it. */
  now?: () => number;
}

/** A queued record and the journal file that holds it until it is stored. */
type PendingRecord = QueuedRecord & { journalSegment?: number | null };

/**
 * Stores the records journaled by processes that stopped before writing them, then deletes the
 * files of those that are certainly gone. Returns how many records were found.
 */
async function replayJournals(
  client: Client,
  directory: string,
  batchSize: number,
  report: (error: unknown, lostRecords: number) => void,
): Promise<number> {
  const recovered = readJournals(directory);
  if (recovered.unreadableLines > 0) {
    report(
      new Error(
        `${recovered.unreadableLines} unreadable line(s) in the metering journal in ${directory} were skipped`,
      ),
      recovered.unreadableLines,
    );
  }
  for (let start = 0; start < recovered.records.length; start += batchSize) {
    const statements = batchStatements(recovered.records.slice(start, start + batchSize));
    if (statements.length > 0) await client.batch(statements, 'write');
  }
  for (const path of recovered.orphanedFiles) {
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') report(error, 0);
    }
  }
  return recovered.records.length;
}

/** Reservations remembered until their request is recorded, so usage is not counted twice. */
const maxTrackedReservations = 50_000;

/** The file path behind a `file:` URL, or null for memory and remote URLs. */
export function localDatabasePath(url: string): string | null {
  if (!url.startsWith('file:') || url.includes(':memory:')) return null;
  const withoutQuery = url.split('?')[0] ?? url;
  if (withoutQuery.startsWith('file://')) return fileURLToPath(withoutQuery);
  return resolve(withoutQuery.slice('file:'.length));
}

/**
 * Where the journal of a database goes by default: beside a `file:` database
 * (`data/ccp.db` → `data/ccp.db.meter-journal`), under `<home>/meter-journal/<host>` for a remote
 * server, none for `:memory:`.
 *
 * @example
 * defaultJournalDirectory('file:/srv/ccp/ccp.db', { homeDirectory: '/home/ada/.ccp' });
 * // → '/srv/ccp/ccp.db.meter-journal'
 * defaultJournalDirectory('libsql://db.example.com', { homeDirectory: '/home/ada/.ccp' });
 * // → '/home/ada/.ccp/meter-journal/db.example.com'
 */
export function defaultJournalDirectory(url: string, options: { homeDirectory: string }): string | null {
  if (url.includes(':memory:')) return null;
  const path = localDatabasePath(url);
  if (path !== null) return `${path}.meter-journal`;
  let server: string;
  try {
    const parsed = new URL(url);
    server = `${parsed.hostname}${parsed.port ? `-${parsed.port}` : ''}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    server = url;
  }
  const name = server.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'remote';
  return join(options.homeDirectory, 'meter-journal', name);
}

/**
 * Opens (and migrates) the metering database, stores what a previous process left in the
 * journal, and starts the background writer.
 *
 * @example
 * const meter = await openMeter({ url: 'file:./data/ccp.db', journalDirectory: './data/ccp.db.meter-journal' });
 * meter.record(record);          // at the end of each request: synchronous, never throws
 * await meter.close();           // on shutdown: writes what is queued
 */
export async function openMeter(options: OpenMeterOptions): Promise<Meter> {
  const path = localDatabasePath(options.url);
  let client: Client | undefined;
  try {
    if (path !== null) mkdirSync(dirname(path), { recursive: true });
    client = createClient({
      url: options.url,
      ...(options.authToken ? { authToken: options.authToken } : {}),
      timeout: options.busyTimeoutMs ?? 5000,
    });
    if (path !== null) {
      // WAL lets several proxy processes read while one writes; it is stored in the file itself.
      await client.execute('PRAGMA journal_mode=WAL');
    }
    await applyMigrations(client, embeddedMigrations);
  } catch (error) {
    client?.close();
    throw new Error(
      `Could not open the metering database at ${path ?? options.url.replace(/\/\/[^@/]*@/, '//')}: ` +
        `${error instanceof Error ? error.message : String(error)}. Check the URL (METERING_DB_URL), its auth token ` +
        'and that the directory is writable, or set TRACK_USAGE=false to run without metering.',
    );
  }
  const context: MeteringContext = { client, db: drizzle(client, { schema }), now: options.now ?? Date.now };
  const batchSize = options.batchSize ?? 200;
  // Asked before every client request while no user exists.
  const presence = new UsersPresence(() => anyUserRow(client));
  const report = (error: unknown, lostRecords: number) => {
    try {
      options.onError?.(error, lostRecords);
    } catch {
      // reporting must never fail a request
    }
  };
  let journal: RecordJournal | null = null;
  let replayed = 0;
  if (options.journalDirectory !== undefined) {
    try {
      replayed = await replayJournals(client, options.journalDirectory, batchSize, report);
      journal = openRecordJournal({
        directory: options.journalDirectory,
        syncIntervalMs: options.journalSyncIntervalMs ?? 100,
        segmentBytes: options.journalSegmentBytes ?? 4 * 1024 * 1024,
        onError: (error) => report(error, 0),
      });
    } catch (error) {
      client.close();
      throw new Error(
        `Could not open the metering journal in ${options.journalDirectory}: ` +
          `${error instanceof Error ? error.message : String(error)}. Check that the directory is writable ` +
          '(METERING_JOURNAL_DIR), or set TRACK_USAGE=false to run without metering.',
      );
    }
  }
  const queue = new RecordQueue<PendingRecord>({
    batchSize,
    flushIntervalMs: options.flushIntervalMs ?? 1000,
    maxQueue: options.maxQueue ?? 10_000,
    write: async (batch) => {
      await client.batch(batchStatements(batch), 'write');
    },
    onError: report,
    onSettled: (batch) => journal?.settle(batch.map((record) => record.journalSegment)),
  });
  const reservations = new Map<string, { state: 'reserved' | 'settled'; day: string }>();
  const remember = (requestId: string, state: 'reserved' | 'settled', day: string) => {
    reservations.delete(requestId);
    reservations.set(requestId, { state, day });
    if (reservations.size > maxTrackedReservations) {
      const oldest = reservations.keys().next().value;
      if (oldest !== undefined) reservations.delete(oldest);
    }
  };
  let closed: Promise<void> | null = null;

  return {
    record(record) {
      try {
        const row = toRequestRow(record);
        const reservation = reservations.get(row.id);
        if (reservation) reservations.delete(row.id);
        const refunds = record.refundsQuota === true;
        const pending: PendingRecord = {
          row,
          // Without a reservation nothing was counted yet: a refunded request then simply is not.
          requestDelta: reservation ? (refunds ? -1 : 0) : refunds ? 0 : 1,
          requestDay: reservation?.day ?? utcDay(row.startedAt),
          countUsage: reservation?.state !== 'settled',
        };
        if (!queue.push(pending)) return;
        // Queued first, journaled right after in the same turn: no write can start in between.
        if (journal) pending.journalSegment = journal.append(pending);
        // A refund is written at once, so a user at the limit can retry without waiting a flush.
        if (pending.requestDelta === -1) queue.flushSoon();
      } catch (error) {
        report(error, 1);
      }
    },
    flush: () => queue.flush(),
    close() {
      closed ??= (async () => {
        await queue.close();
        await journal?.close();
        if (path !== null) {
          // Leaving WAL mode folds the log into the database file, so a stopped proxy leaves one
          // file behind. Another process still using the file keeps WAL mode (the change fails at
          // once instead of waiting), and the next open turns it on again.
          await client.execute('PRAGMA busy_timeout = 0').catch(() => {});
          await client.execute('PRAGMA journal_mode=DELETE').catch(() => {});
        }
        client.close();
      })();
      return closed;
    },
    stats: () => ({ ...queue.stats(), replayed }),

    summary: (days) => analytics.summary(context, days),
    timeseries: (days, interval) => analytics.timeseries(context, days, interval),
    costBreakdown: (days) => analytics.costBreakdown(context, days),
    errors: (days) => analytics.errors(context, days),
    exportRows: (days) => analytics.exportRows(context, days),
    countRequests: () => analytics.countRequests(context),
    recentRequests: (options) => analytics.recentRequests(context, options),

    async createUser(input) {
      const created = await users.createUser(context, input);
      presence.userCreated();
      return created;
    },
    listUsers: () => users.listUsers(context),
    getUser: (userId) => users.getUser(context, userId),
    disableUser: (userId) => users.disableUser(context, userId),
    rotateKey: (userId) => users.rotateKey(context, userId),
    authenticate: (apiKey) => users.authenticate(context, apiKey),
    hasUsers: () => presence.hasUsers(),

    async reserveQuota(userId, reserveOptions) {
      const decision = await quota.reserveQuota(context, userId, reserveOptions?.requestId ?? null);
      if (decision.ok && decision.reservation.requestId !== null)
        remember(decision.reservation.requestId, 'reserved', decision.reservation.day);
      return decision;
    },
    async settleQuota(reservation: QuotaReservation, usage) {
      await quota.settleQuota(context, reservation, usage);
      if (reservation.requestId !== null) remember(reservation.requestId, 'settled', reservation.day);
    },
    quotaStatus: (userId) => quota.quotaStatus(context, userId),
    dailyUsage: (userId, days) => quota.dailyUsage(context, userId, days),

    createBenchmarkRun: (input) => benchmarks.createBenchmarkRun(context, input),
    recordBenchmarkResult: (result) => benchmarks.recordBenchmarkResult(context, result),
    finishBenchmarkRun: (runId, outcome) => benchmarks.finishBenchmarkRun(context, runId, outcome),
    listBenchmarkRuns: () => benchmarks.listBenchmarkRuns(context),
    getBenchmarkRun: (runId) => benchmarks.getBenchmarkRun(context, runId),
  };
}
