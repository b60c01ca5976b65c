import { defineConfig } from 'drizzle-kit';

// Migrations are generated here and embedded into src/migrations/embedded-migrations.ts by
// `pnpm --filter @ccp/metering db:generate`, so bundled apps need no migrations folder on disk.
export default defineConfig({
  dialect: 'turso',
  schema: './src/schema.ts',
  out: './drizzle',
  dbCredentials: { url: 'file:./data/ccp.db' },
});
