/**
 * `npm run db:migrate`: applies pending migrations in prisma/migrations to
 * DATABASE_URL (default: the SQLite file under ./data/) without starting the
 * server. The server does the same at every start.
 */
import { parseEnv } from "../lib/env";
import { loadLocalEnv } from "../lib/local-env";
import { applyMigrations } from "../lib/store/migrate";

try {
  loadLocalEnv();
  const env = parseEnv();
  const applied = applyMigrations(env.databaseUrl);
  console.log(
    applied.length ? `Applied ${applied.length} migration(s) to ${env.databaseUrl}: ${applied.join(", ")}` : `${env.databaseUrl} is up to date.`,
  );
} catch (err) {
  console.error(`db:migrate failed: ${(err as Error).message}`);
  process.exit(1);
}
