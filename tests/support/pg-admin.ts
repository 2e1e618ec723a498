/**
 * The PostgreSQL server the tests (and the bench) use, and one-off statements
 * on its `postgres` database: creating and dropping the databases each suite
 * makes for itself.
 */
import pg from "pg";

/** The server, as a URL without a database name: NOCTURNE_TEST_PG_URL, default this machine's (trust auth for root). */
export const TEST_PG_SERVER = (process.env.NOCTURNE_TEST_PG_URL ?? "postgresql://root@127.0.0.1:5432").replace(/\/+$/, "");

/**
 * Runs one statement on the `postgres` database of `server` (a URL whose
 * database part is ignored) on a connection of its own.
 * @throws the driver's error (unreachable server, refused statement)
 */
export async function pgAdmin(sql: string, server: string = TEST_PG_SERVER, connectTimeoutMs = 5000): Promise<void> {
  const url = new URL(server);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: connectTimeoutMs });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
