import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as analytics from './analytics';
import * as benchmarks from './benchmarks';
import type { MeteringContext } from './metering-context';
import { applyMigrations } from './migrations/apply-migrations';
import { embeddedMigrations } from './migrations/embedded-migrations';
import * as quota from './quota';
import { RecordQueue } from './record-queue';
import { batchStatements, type QueuedRecord, toRequestRow } from './request-rows';
import * as schema from './schema';
import type { Meter, QuotaReservation } from './types';
import * as users from './users';

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
  /** Told when a batch failed twice and its records were given up. Must not throw. */
  onError?: (error: unknown, lostRecords: number) => void;
  /** Clock (epoch ms); tests pin it. */
  now?: () => number;
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
 * Opens (and migrates) the metering database and starts the background writer.
 *
 * @example
 * const meter = await openMeter({ url: 'file:./data/ccp.db' });
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
  const queue = new RecordQueue<QueuedRecord>({
    batchSize: options.batchSize ?? 200,
    flushIntervalMs: options.flushIntervalMs ?? 1000,
    maxQueue: options.maxQueue ?? 10_000,
    write: async (batch) => {
      await client.batch(batchStatements(batch), 'write');
    },
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const reservations = new Map<string, 'reserved' | 'settled'>();
  const remember = (requestId: string, state: 'reserved' | 'settled') => {
    reservations.delete(requestId);
    reservations.set(requestId, state);
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
        const state = reservations.get(row.id);
        if (state) reservations.delete(row.id);
        queue.push({ row, countRequest: state ? 0 : 1, countUsage: state !== 'settled' });
      } catch (error) {
        try {
          options.onError?.(error, 1);
        } catch {
          // recording must never fail a request
        }
      }
    },
    flush: () => queue.flush(),
    close() {
      closed ??= (async () => {
        await queue.close();
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
    stats: () => queue.stats(),

    summary: (days) => analytics.summary(context, days),
    timeseries: (days, interval) => analytics.timeseries(context, days, interval),
    costBreakdown: (days) => analytics.costBreakdown(context, days),
    errors: (days) => analytics.errors(context, days),
    exportRows: (days) => analytics.exportRows(context, days),
    countRequests: () => analytics.countRequests(context),

    createUser: (input) => users.createUser(context, input),
    listUsers: () => users.listUsers(context),
    getUser: (userId) => users.getUser(context, userId),
    disableUser: (userId) => users.disableUser(context, userId),
    rotateKey: (userId) => users.rotateKey(context, userId),
    authenticate: (apiKey) => users.authenticate(context, apiKey),
    hasUsers: () => users.hasUsers(context),

    async reserveQuota(userId, reserveOptions) {
      const decision = await quota.reserveQuota(context, userId, reserveOptions?.requestId ?? null);
      if (decision.ok && decision.reservation.requestId !== null)
        remember(decision.reservation.requestId, 'reserved');
      return decision;
    },
    async settleQuota(reservation: QuotaReservation, usage) {
      await quota.settleQuota(context, reservation, usage);
      if (reservation.requestId !== null) remember(reservation.requestId, 'settled');
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
