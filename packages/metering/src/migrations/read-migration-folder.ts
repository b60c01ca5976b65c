import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One drizzle-kit migration, ready to apply without touching the file system. */
export interface EmbeddedMigration {
  tag: string;
  /** drizzle-kit's `when`; stored as `created_at` in `__drizzle_migrations`, like drizzle's migrator. */
  folderMillis: number;
  /** SHA-256 of the SQL file, as drizzle's migrator computes it. */
  hash: string;
  statements: string[];
}

interface Journal {
  entries: { tag: string; when: number }[];
}

/**
 * Reads a drizzle-kit migrations folder (`meta/_journal.json` + `<tag>.sql`) the way drizzle's
 * own migrator does. Used by the embed script and by the test that keeps the embedded copy honest.
 *
 * @example
 * const migrations = readMigrationFolder(new URL('../../drizzle', import.meta.url).pathname);
 */
export function readMigrationFolder(folder: string): EmbeddedMigration[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries.map((entry) => {
    const sqlText = readFileSync(join(folder, `${entry.tag}.sql`), 'utf8');
    return {
      tag: entry.tag,
      folderMillis: entry.when,
      hash: createHash('sha256').update(sqlText).digest('hex'),
      statements: sqlText
        .split('--> statement-breakpoint')
        .map((statement) => statement.trim())
        .filter((statement) => statement.length > 0),
    };
  });
}
