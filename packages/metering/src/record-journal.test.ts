import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecord } from '../test/temp-database';
import { openRecordJournal, parseJournalLine, type RecordJournal, readJournals } from './record-journal';
import { type QueuedRecord, toRequestRow } from './request-rows';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'ccp-journal-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

function journalIn(directory: string, segmentBytes = 1 << 20): RecordJournal {
  const errors: unknown[] = [];
  const journal = openRecordJournal({
    directory,
    syncIntervalMs: 5,
    segmentBytes,
    onError: (error) => errors.push(error),
  });
  cleanups.push(async () => {
    await journal.close();
    expect(errors).toEqual([]);
  });
  return journal;
}

function queued(id: string, overrides: Partial<QueuedRecord> = {}): QueuedRecord {
  return {
    row: toRequestRow(sampleRecord({ id, userId: 'usr_1' })),
    requestDelta: 1,
    requestDay: '2026-05-01',
    countUsage: true,
    ...overrides,
  };
}

/** The journal files in a folder; a clean close removes the emptied folder itself. */
const journalFiles = (directory: string) =>
  existsSync(directory) ? readdirSync(directory).filter((name) => name.endsWith('.jsonl')) : [];

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-');

describe('RecordJournal', () => {
  it('appends one line per record, and empties the file once every record is settled', () => {
    const directory = tempDirectory();
    const journal = journalIn(directory);
    const records = [queued('a'), queued('b', { requestDelta: -1 }), queued('c', { countUsage: false })];
    const segments = records.map((record) => journal.append(record));
    const lines = readFileSync(journal.activePath, 'utf8').trim().split('\n');
    expect(lines.map((line) => parseJournalLine(line))).toEqual(records);

    journal.settle(segments.slice(0, 2));
    expect(readFileSync(journal.activePath, 'utf8').trim().split('\n')).toHaveLength(3);
    journal.settle(segments.slice(2));
    expect(statSync(journal.activePath).size).toBe(0);
    // The emptied file takes new records again.
    journal.append(queued('d'));
    expect(readJournals(directory).records.map((record) => record.row.id)).toEqual(['d']);
  });

  it('starts a new file past the segment size and deletes full files once their records are stored', () => {
    const directory = tempDirectory();
    const journal = journalIn(directory, 2000);
    const segments = Array.from({ length: 12 }, (_, index) => journal.append(queued(`r${index}`)));
    const files = journalFiles(directory);
    expect(files.length).toBeGreaterThan(2);
    expect(readJournals(directory).records).toHaveLength(12);

    // Stored in order, as the queue writes them: the older files go as soon as they hold nothing.
    journal.settle(segments.slice(0, 6));
    expect(journalFiles(directory).length).toBeLessThan(files.length);
    const remaining = readJournals(directory).records.map((record) => record.row.id);
    expect(remaining.length).toBeLessThan(12);
    expect(remaining.slice(-6)).toEqual(['r6', 'r7', 'r8', 'r9', 'r10', 'r11']);
    journal.settle(segments.slice(6));
    expect(readJournals(directory).records).toEqual([]);
    expect(journalFiles(directory)).toEqual([journal.activePath.split('/').at(-1)]);
  });

  it('removes its files on close when everything was stored, and keeps them when not', async () => {
    const stored = tempDirectory();
    const clean = openRecordJournal({
      directory: stored,
      syncIntervalMs: 5,
      segmentBytes: 1 << 20,
      onError: () => {},
    });
    clean.settle([clean.append(queued('a'))]);
    await clean.close();
    expect(journalFiles(stored)).toEqual([]);

    const unstored = tempDirectory();
    const dirty = openRecordJournal({
      directory: unstored,
      syncIntervalMs: 5,
      segmentBytes: 1 << 20,
      onError: () => {},
    });
    dirty.append(queued('b'));
    await dirty.close();
    expect(readJournals(unstored).records.map((record) => record.row.id)).toEqual(['b']);
  });

  it('writes nothing and throws nothing once closed', async () => {
    const directory = tempDirectory();
    const errors: unknown[] = [];
    const journal = openRecordJournal({
      directory,
      syncIntervalMs: 5,
      segmentBytes: 1 << 20,
      onError: (error) => errors.push(error),
    });
    await journal.close();
    // After close nothing is written, and nothing throws.
    expect(journal.append(queued('late'))).toBeNull();
    expect(errors).toEqual([]);
  });
});

describe('parseJournalLine', () => {
  it('reads a whole line back and refuses torn, foreign or damaged lines', () => {
    const record = queued('x', { requestDelta: 0 });
    const line = JSON.stringify({ v: 1, ...record });
    expect(parseJournalLine(line)).toEqual(record);
    expect(parseJournalLine(line.slice(0, line.length - 7))).toBeNull();
    expect(parseJournalLine(JSON.stringify({ v: 2, ...record }))).toBeNull();
    expect(parseJournalLine(JSON.stringify({ v: 1, ...record, requestDelta: 5 }))).toBeNull();
    expect(parseJournalLine(JSON.stringify({ v: 1, ...record, row: { ...record.row, id: 7 } }))).toBeNull();
    expect(
      parseJournalLine(JSON.stringify({ v: 1, ...record, row: { ...record.row, status: {} } })),
    ).toBeNull();
    expect(parseJournalLine('null')).toBeNull();
  });
});

describe('readJournals', () => {
  const line = (id: string) => `${JSON.stringify({ v: 1, ...queued(id) })}\n`;

  it('returns nothing for a directory that does not exist', () => {
    expect(readJournals(join(tempDirectory(), 'missing'))).toEqual({
      records: [],
      orphanedFiles: [],
      foreignFiles: [],
      unreadableLines: 0,
    });
  });

  it('replays every file, but marks for deletion only those of processes that are certainly gone', () => {
    const directory = tempDirectory();
    const dead = join(directory, `meter_${host}_${deadPid()}_1700000000000_abc_0.jsonl`);
    const previousSelf = join(directory, `meter_${host}_${process.pid}_1700000000000_abc_3.jsonl`);
    const running = join(directory, `meter_${host}_${process.ppid}_1700000000000_abc_0.jsonl`);
    const otherHost = join(directory, `meter_not-${host}_${deadPid()}_1700000000000_abc_0.jsonl`);
    writeFileSync(dead, line('dead-1') + line('dead-2') + line('torn').slice(0, 40));
    writeFileSync(previousSelf, line('previous'));
    writeFileSync(running, line('running'));
    writeFileSync(otherHost, line('other-host'));
    writeFileSync(join(directory, 'notes.txt'), 'not a journal');

    const recovered = readJournals(directory);
    expect(recovered.records.map((record) => record.row.id).sort()).toEqual(
      ['dead-1', 'dead-2', 'other-host', 'previous', 'running'].sort(),
    );
    expect(recovered.unreadableLines).toBe(1);
    expect(recovered.orphanedFiles.sort()).toEqual([dead, previousSelf].sort());
    expect(recovered.foreignFiles.sort()).toEqual([running, otherHost].sort());
  });

  it('leaves the file of another meter of this same process alone', () => {
    const directory = tempDirectory();
    const first = journalIn(directory);
    first.append(queued('first'));
    const recovered = readJournals(directory);
    expect(recovered.records.map((record) => record.row.id)).toEqual(['first']);
    expect(recovered.orphanedFiles).toEqual([]);
    expect(recovered.foreignFiles).toEqual([first.activePath]);
    expect(existsSync(first.activePath)).toBe(true);
    first.settle([0]);
  });
});
