import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecord, tempDatabase } from '../test/temp-database';
import { embeddedMigrations } from './migrations/embedded-migrations';
import { readMigrationFolder } from './migrations/read-migration-folder';
import { localDatabasePath, openMeter } from './open-meter';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('openMeter', () => {
  it('keeps the embedded migrations identical to the committed drizzle-kit folder', () => {
    const folder = fileURLToPath(new URL('../drizzle', import.meta.url));
    expect(embeddedMigrations).toEqual(readMigrationFolder(folder));
  });

  it('creates the directory, the tables, WAL mode and drizzle bookkeeping for a file URL', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    const meter = await openMeter({ url: database.url });
    const client = createClient({ url: database.url });
    cleanups.push(() => client.close());
    const journal = await client.execute('PRAGMA journal_mode');
    expect(journal.rows[0]?.journal_mode).toBe('wal');
    await meter.close();
    expect(existsSync(database.path)).toBe(true);

    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    expect(tables.rows.map((row) => row.name)).toEqual(
      expect.arrayContaining([
        '__drizzle_migrations',
        'api_keys',
        'benchmark_results',
        'benchmark_runs',
        'daily_usage',
        'requests',
        'users',
      ]),
    );
    const applied = await client.execute('SELECT hash, created_at FROM __drizzle_migrations');
    expect(applied.rows.map((row) => row.hash)).toEqual(
      embeddedMigrations.map((migration) => migration.hash),
    );
  });

  it('leaves only the database file once closed, and WAL mode comes back on the next open', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    const meter = await openMeter({ url: database.url });
    meter.record(sampleRecord({ id: 'req_closed' }));
    await meter.close();
    expect(existsSync(`${database.path}-wal`)).toBe(false);
    expect(existsSync(`${database.path}-shm`)).toBe(false);
    const again = await openMeter({ url: database.url });
    const client = createClient({ url: database.url });
    cleanups.push(() => client.close());
    expect((await client.execute('PRAGMA journal_mode')).rows[0]?.journal_mode).toBe('wal');
    // Another proxy still has the file open: closing neither waits for it nor loses a record.
    const other = await openMeter({ url: database.url });
    other.record(sampleRecord({ id: 'req_other' }));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(2000);
    const ids = await client.execute('SELECT id FROM requests ORDER BY id');
    expect(ids.rows.map((row) => row.id)).toEqual(['req_closed', 'req_other']);
    await again.close();
  });

  it('opens an already migrated file again, and several at once, without applying twice', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    const meters = await Promise.all([1, 2, 3].map(() => openMeter({ url: database.url })));
    await Promise.all(meters.map((meter) => meter.close()));
    const again = await openMeter({ url: database.url });
    await again.close();
    const client = createClient({ url: database.url });
    cleanups.push(() => client.close());
    const applied = await client.execute('SELECT count(*) AS count FROM __drizzle_migrations');
    expect(Number(applied.rows[0]?.count)).toBe(embeddedMigrations.length);
  });

  it('works in memory', async () => {
    const meter = await openMeter({ url: ':memory:' });
    cleanups.push(() => meter.close());
    expect(await meter.countRequests()).toBe(0);
    expect(await meter.hasUsers()).toBe(false);
  });

  it('says what to check when the database cannot be opened', async () => {
    const database = tempDatabase();
    cleanups.push(database.remove);
    // A regular file where a directory should be: not even root can create the database there.
    writeFileSync(join(database.directory, 'not-a-directory'), '');
    await expect(
      openMeter({ url: `file:${join(database.directory, 'not-a-directory', 'ccp.db')}` }),
    ).rejects.toThrow(/metering database/);
  });

  it('resolves file URLs to paths and leaves others alone', () => {
    expect(localDatabasePath('file:/tmp/a.db')).toBe('/tmp/a.db');
    expect(localDatabasePath('file:///tmp/b.db')).toBe('/tmp/b.db');
    expect(localDatabasePath('file:./data/ccp.db')).toBe(`${process.cwd()}/data/ccp.db`);
    expect(localDatabasePath(':memory:')).toBeNull();
    expect(localDatabasePath('libsql://db.example.com')).toBeNull();
  });
});
