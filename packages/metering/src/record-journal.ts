import {
  closeSync,
  fsync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { QueuedRecord } from './request-rows';
import { requestRowFields } from './request-rows';
import type { RequestRow } from './types';

/** Options of {@link openRecordJournal}. */
export interface RecordJournalOptions {
  /** Where this process's journal files go; created when missing. */
  directory: string;
  /** Longest a journaled record waits for `fsync`. */
  syncIntervalMs: number;
  /** Size at which a journal file is closed and a new one started. */
  segmentBytes: number;
  /** Told about a failed append, `fsync` or clean-up. Must not throw. */
  onError: (error: unknown) => void;
}

/** Format version of a journal line; lines of other versions are skipped. */
const lineVersion = 1;

/**
 * Who owns a journal file, from its name: `meter_<host>_<pid>_<process start ms>_<instance>_<n>.jsonl`.
 * The process start tells a previous process that had the same pid (a restarted container is
 * pid 1 again) from this one; the instance tells two meters of one process apart.
 */
const fileNamePattern = /^meter_([A-Za-z0-9.-]+)_(\d+)_(\d+)_([a-z0-9]+)_(\d+)\.jsonl$/;

const thisHost = hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'host';
const thisProcessStartedAt = Math.round(Date.now() - process.uptime() * 1000);

interface Segment {
  path: string;
  fd: number | null;
  bytes: number;
  /** Records appended here and not yet written to the database (or given up). */
  pending: number;
  /** Appended to since the last `fsync` began. */
  dirty: boolean;
  syncing: Promise<void> | null;
  sealed: boolean;
}

/** What {@link readJournals} found in a journal directory. */
export interface RecoveredJournals {
  records: QueuedRecord[];
  /** Files whose owner is gone: delete them once their records are in the database. */
  orphanedFiles: string[];
  /** Files of processes that may still be running: replayed (harmless) but left in place. */
  foreignFiles: string[];
  /** Lines that were not a complete record (a line torn by the crash, or damage). */
  unreadableLines: number;
}

/**
 * A write-ahead journal of metering records, local to this process: {@link RecordJournal.append}
 * writes one JSON line synchronously (into the OS page cache: it survives the process being
 * killed) and `fsync` follows within `syncIntervalMs` off the event loop (so it survives a power
 * loss after that). Once every record of a file is in the database the file is emptied (the
 * current one) or deleted (older ones), so the journal holds only what is still queued.
 *
 * @example
 * const journal = openRecordJournal({ directory, syncIntervalMs: 100, segmentBytes: 4 << 20, onError });
 * const segment = journal.append(record); // before the record is queued
 * journal.settle([segment]);               // once its batch is written
 * await journal.close();
 */
export class RecordJournal {
  readonly #options: RecordJournalOptions;
  readonly #instance = Math.random().toString(36).slice(2, 10) || 'meter';
  readonly #segments = new Map<number, Segment>();
  #generation = 0;
  #active: Segment;
  #timer: ReturnType<typeof setInterval>;
  #appendFailing = false;
  #closed = false;

  constructor(options: RecordJournalOptions) {
    this.#options = options;
    mkdirSync(options.directory, { recursive: true });
    this.#active = this.#openSegment();
    this.#timer = setInterval(() => {
      if (this.#active.dirty) void this.#sync(this.#active);
    }, options.syncIntervalMs);
    this.#timer.unref?.();
  }

  /** Path of the file new records go to. */
  get activePath(): string {
    return this.#active.path;
  }

  /**
   * Appends one record (one line); returns the segment to settle later, or null when the write
   * failed (reported once until an append succeeds again; the record is still queued).
   */
  append(record: QueuedRecord): number | null {
    const segment = this.#active;
    if (this.#closed || segment.fd === null) return null;
    const line = `${JSON.stringify({
      v: lineVersion,
      row: record.row,
      requestDelta: record.requestDelta,
      requestDay: record.requestDay,
      countUsage: record.countUsage,
    })}\n`;
    try {
      writeSync(segment.fd, line);
    } catch (error) {
      if (!this.#appendFailing) this.#report(error);
      this.#appendFailing = true;
      return null;
    }
    this.#appendFailing = false;
    segment.pending += 1;
    segment.bytes += Buffer.byteLength(line);
    segment.dirty = true;
    const generation = this.#generation;
    if (segment.bytes >= this.#options.segmentBytes) this.#rotate();
    return generation;
  }

  /** Marks records as stored (or given up): empties or deletes files that hold nothing else. */
  settle(segments: readonly (number | null | undefined)[]): void {
    const counts = new Map<number, number>();
    for (const generation of segments) {
      if (generation === null || generation === undefined) continue;
      counts.set(generation, (counts.get(generation) ?? 0) + 1);
    }
    for (const [generation, count] of counts) {
      const segment = this.#segments.get(generation);
      if (!segment) continue;
      segment.pending = Math.max(0, segment.pending - count);
      if (segment.pending > 0) continue;
      try {
        if (!segment.sealed && segment.fd !== null) {
          // Truncating needs no fsync: if it is lost, the replay of stored records is a no-op.
          ftruncateSync(segment.fd, 0);
          segment.bytes = 0;
          segment.dirty = false;
        } else if (segment.sealed) {
          unlinkSync(segment.path);
          this.#segments.delete(generation);
        }
      } catch (error) {
        this.#report(error);
      }
    }
  }

  /** Stops the sync timer, waits for running syncs, and removes the files that hold nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await Promise.all([...this.#segments.values()].map((segment) => this.#sync(segment)));
    for (const [generation, segment] of this.#segments) {
      try {
        if (segment.fd !== null) closeSync(segment.fd);
        segment.fd = null;
        if (segment.pending === 0) {
          unlinkSync(segment.path);
          this.#segments.delete(generation);
        }
      } catch (error) {
        this.#report(error);
      }
    }
    // A clean stop leaves no empty journal folder behind; one another process still uses stays.
    if (this.#segments.size === 0) {
      try {
        rmdirSync(this.#options.directory);
      } catch {
        // not empty, or already gone
      }
    }
  }

  #openSegment(): Segment {
    const name = `meter_${thisHost}_${process.pid}_${thisProcessStartedAt}_${this.#instance}_${this.#generation}.jsonl`;
    const path = join(this.#options.directory, name);
    const segment: Segment = {
      path,
      fd: openSync(path, 'a'),
      bytes: 0,
      pending: 0,
      dirty: false,
      syncing: null,
      sealed: false,
    };
    this.#segments.set(this.#generation, segment);
    return segment;
  }

  #rotate(): void {
    const full = this.#active;
    full.sealed = true;
    this.#generation += 1;
    try {
      this.#active = this.#openSegment();
    } catch (error) {
      // Keep appending to the full file rather than not journaling at all.
      full.sealed = false;
      this.#generation -= 1;
      this.#report(error);
      return;
    }
    // The full file is synced once more, then its descriptor is no longer needed.
    void this.#sync(full).then(() => {
      if (full.fd === null) return;
      try {
        closeSync(full.fd);
      } catch (error) {
        this.#report(error);
      }
      full.fd = null;
    });
  }

  /** One `fsync` at a time per file, on libuv's thread pool: the event loop never waits for the disk. */
  #sync(segment: Segment): Promise<void> {
    if (segment.syncing) return segment.syncing.then(() => (segment.dirty ? this.#sync(segment) : undefined));
    if (!segment.dirty || segment.fd === null) return Promise.resolve();
    segment.dirty = false;
    const fd = segment.fd;
    segment.syncing = new Promise<void>((resolve) => {
      fsync(fd, (error) => {
        segment.syncing = null;
        if (error) this.#report(error);
        resolve();
      });
    });
    return segment.syncing;
  }

  #report(error: unknown): void {
    try {
      this.#options.onError(error);
    } catch {
      // a throwing error callback must not break metering
    }
  }
}

/** Creates the directory and starts a journal file for this meter. */
export function openRecordJournal(options: RecordJournalOptions): RecordJournal {
  return new RecordJournal(options);
}

/** Whether the process that owns a journal file has certainly stopped (only knowable on this host). */
function ownerIsGone(owner: { host: string; pid: number; startedAt: number }): boolean {
  if (owner.host !== thisHost) return false;
  if (owner.pid === process.pid) return Math.abs(owner.startedAt - thisProcessStartedAt) > 1000;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function isRow(value: unknown): value is RequestRow {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  if (typeof row.id !== 'string' || typeof row.startedAt !== 'number') return false;
  return requestRowFields.every((field) => {
    const item = row[field];
    return item === null || ['string', 'number', 'boolean'].includes(typeof item);
  });
}

/** One journal line back into a record, or null when it is not a complete line of this format. */
export function parseJournalLine(line: string): QueuedRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const entry = value as Record<string, unknown>;
  if (entry.v !== lineVersion || !isRow(entry.row)) return null;
  const requestDelta = entry.requestDelta;
  if (requestDelta !== -1 && requestDelta !== 0 && requestDelta !== 1) return null;
  if (typeof entry.requestDay !== 'string' || typeof entry.countUsage !== 'boolean') return null;
  return { row: entry.row, requestDelta, requestDay: entry.requestDay, countUsage: entry.countUsage };
}

/**
 * Reads every journal file in `directory` (none when it does not exist). Records of files whose
 * writer is gone, and of files that may belong to a running process, are all returned: storing
 * them is idempotent, so replaying a live process's records early does no harm.
 */
export function readJournals(directory: string): RecoveredJournals {
  const recovered: RecoveredJournals = {
    records: [],
    orphanedFiles: [],
    foreignFiles: [],
    unreadableLines: 0,
  };
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return recovered;
    throw error;
  }
  for (const name of names.sort()) {
    const match = fileNamePattern.exec(name);
    if (!match) continue;
    const path = join(directory, name);
    const owner = { host: match[1] ?? '', pid: Number(match[2]), startedAt: Number(match[3]) };
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      // Deleted by its owner between the listing and the read: nothing left to replay.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const record = parseJournalLine(line);
      if (record) recovered.records.push(record);
      else recovered.unreadableLines += 1;
    }
    (ownerIsGone(owner) ? recovered.orphanedFiles : recovered.foreignFiles).push(path);
  }
  return recovered;
}
