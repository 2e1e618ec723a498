/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (default:
 * the SQLite file under ./data/; prisma/migrations for SQLite,
 * prisma/postgres/migrations for PostgreSQL, whose database is created when
 * missing) without starting the server. The server does the same at every start.
 */
import { parseEnv } from "../lib/env";
import { loadLocalEnv } from "../lib/local-env";
import { applyMigrations, redactUrl } from "../lib/store/migrate";

async function main(): Promise<void> {
  loadLocalEnv();
  const env = parseEnv();
  const applied = await applyMigrations(env.databaseUrl);
  const where = redactUrl(env.databaseUrl);
  console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(", ")}` : `${where} is up to date.`);
}

main().catch((err: Error) => {
  console.error(`db:migrate failed: ${err.message}`);
  process.exit(1);
});
