import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema';

/** What the query modules share: the raw client, the drizzle handle and the clock. */
export interface MeteringContext {
  client: Client;
  db: LibSQLDatabase<typeof schema>;
  /** Epoch milliseconds; injectable so tests can pin "today". */
  now: () => number;
}
