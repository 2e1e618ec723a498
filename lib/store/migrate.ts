/**
 * Applies Nocturne's SQL migrations, keeping Prisma's `_prisma_migrations`
 * table format for each engine (so `prisma migrate status` agrees):
 * - SQLite: prisma/migrations, through better-sqlite3;
 * - PostgreSQL: prisma/postgres/migrations, through pg, the whole run under a
 *   session advisory lock so that instances starting together migrate once
 *   (Prisma's own `migrate deploy` cannot run against PostgreSQL through the
 *   Wasm engine: ../shared/scale-out.md). A database named in the URL that does
 *   not exist yet is created first.
 * Each migration runs in its own transaction; its checksum is the sha256 of
 * its migration.sql, as Prisma computes it. Used at server start and by
 * `npm run db:migrate`.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import pg from "pg";

import { databaseProvider, sqliteFilePath } from "./database-url";

const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Key of the session advisory lock held while PostgreSQL migrations run ("nocturne" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x6e6f637475726e65n;

/** The migrations folder of an engine in this checkout. */
export function migrationsDir(provider: "sqlite" | "postgresql", root: string = process.cwd()): string {
  return provider === "sqlite" ? path.join(root, "prisma", "migrations") : path.join(root, "prisma", "postgres", "migrations");
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations in a folder, in name order. */
function readMigrations(dir: string): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** The migrations not yet applied; throws when an applied one's file changed. */
function pending(all: Migration[], done: Map<string, string>): Migration[] {
  return all.filter((m) => {
    const recorded = done.get(m.name);
    if (recorded === undefined) return true;
    if (recorded !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied`);
    return false;
  });
}

/**
 * Applies every migration not yet recorded, each in its own transaction, in name order.
 * @param dir the migrations folder (default: the engine's folder in the working directory)
 * @returns the names applied now (empty when the database was up to date)
 * @throws when the database cannot be opened, a recorded migration's file changed (checksum mismatch), or its SQL fails
 */
export async function applyMigrations(databaseUrl: string, dir?: string): Promise<string[]> {
  const provider = databaseProvider(databaseUrl);
  const folder = dir ?? migrationsDir(provider);
  return provider === "sqlite" ? applySqlite(databaseUrl, folder) : applyPostgres(databaseUrl, folder);
}

function applySqlite(databaseUrl: string, dir: string): string[] {
  const file = sqliteFilePath(databaseUrl);
  let db: Database.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
  } catch (err) {
    throw new Error(`cannot open the SQLite database at ${file}: ${(err as Error).message} (check DATABASE_URL and the folder's permissions)`);
  }
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    db.exec(SQLITE_MIGRATIONS_TABLE);
    const rows = db
      .prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`)
      .all() as Array<{ migration_name: string; checksum: string }>;
    const todo = pending(readMigrations(dir), new Map(rows.map((r) => [r.migration_name, r.checksum])));
    for (const m of todo) {
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, current_timestamp, ?, 1)`,
        ).run(randomUUID(), m.checksum, m.name);
      })();
    }
    return todo.map((m) => m.name);
  } finally {
    db.close();
  }
}

/** Creates the URL's database when it does not exist (two callers at once: one creates, the other sees it). */
async function ensurePostgresDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, "")) || url.username || "postgres";
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (found.rowCount) return;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
      // 42P04 duplicate_database, 23505 when two creators race on pg_database's index.
      if (err.code !== "42P04" && err.code !== "23505") throw err;
    });
  } finally {
    await client.end();
  }
}

async function applyPostgres(databaseUrl: string, dir: string): Promise<string[]> {
  const connect = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000, options: "-c TimeZone=UTC" });
    await client.connect();
    return client;
  };
  let client: pg.Client;
  try {
    client = await connect();
  } catch (err) {
    if ((err as { code?: string }).code !== "3D000") {
      throw new Error(`cannot connect to PostgreSQL at ${redactUrl(databaseUrl)}: ${(err as Error).message}`);
    }
    await ensurePostgresDatabase(databaseUrl); // 3D000: the database does not exist yet
    client = await connect();
  }
  try {
    await client.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_LOCK_KEY.toString()]);
    await client.query(POSTGRES_MIGRATIONS_TABLE);
    const rows = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    const todo = pending(readMigrations(dir), new Map(rows.rows.map((r) => [r.migration_name, r.checksum])));
    for (const m of todo) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.query(`SELECT pg_advisory_unlock($1)`, [MIGRATION_LOCK_KEY.toString()]).catch(() => {});
    await client.end();
  }
}

/** A database URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@]*@/, "//***@");
  }
}
