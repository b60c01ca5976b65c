import type { Client } from '@libsql/client';
import type { EmbeddedMigration } from './read-migration-folder';

const migrationsTable = '__drizzle_migrations';

/**
 * Applies pending migrations in one write batch, keeping drizzle's `__drizzle_migrations`
 * bookkeeping so drizzle-kit sees the same state. Several processes may start at once: the loser
 * of the race fails inside its (rolled back) batch, re-reads the journal and finds nothing to do.
 * No interactive transaction is used, because local libsql connections are synchronous and a
 * transaction held across an `await` would block other connections of the same process.
 *
 * @example
 * await applyMigrations(client, embeddedMigrations);
 */
export async function applyMigrations(
  client: Client,
  migrations: readonly EmbeddedMigration[],
): Promise<void> {
  await client.execute(
    `CREATE TABLE IF NOT EXISTS "${migrationsTable}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
  );
  for (let attempt = 1; ; attempt += 1) {
    const result = await client.execute(`SELECT max(created_at) AS last FROM "${migrationsTable}"`);
    const last = Number(result.rows[0]?.last ?? 0);
    const pending = migrations.filter((migration) => migration.folderMillis > last);
    if (pending.length === 0) return;
    const statements = pending.flatMap((migration) => [
      ...migration.statements,
      {
        sql: `INSERT INTO "${migrationsTable}" ("hash", "created_at") VALUES (?, ?)`,
        args: [migration.hash, migration.folderMillis],
      },
    ]);
    try {
      await client.batch(statements, 'write');
      return;
    } catch (error) {
      if (attempt >= 3) {
        throw new Error(
          `Could not apply the metering database migrations: ${error instanceof Error ? error.message : String(error)}. ` +
            'Check that the database URL points at a ccp metering database you can write to.',
        );
      }
    }
  }
}
