/**
 * Applies the SQL migrations in prisma/migrations to a SQLite database, keeping
 * Prisma's `_prisma_migrations` table format (so `prisma migrate status` agrees).
 * Used at server start and by `npm run db:migrate`; fast and needs no engine.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";

import { databaseProvider, sqliteFilePath } from "./database-url";

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** The migrations folder of this checkout. */
export function migrationsDir(root: string = process.cwd()): string {
  return path.join(root, "prisma", "migrations");
}

/**
 * Applies every migration not yet recorded, each in its own transaction, in name order.
 * @returns the names applied now (empty when the database was up to date)
 * @throws when a recorded migration's file changed (checksum mismatch) or its SQL fails
 */
export function applyMigrations(databaseUrl: string, dir: string = migrationsDir()): string[] {
  if (databaseProvider(databaseUrl) !== "sqlite") {
    throw new Error("DATABASE_URL: PostgreSQL is not supported yet; use a file: URL (SQLite)");
  }
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
    db.exec(MIGRATIONS_TABLE);
    const done = new Map(
      (
        db
          .prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`)
          .all() as Array<{ migration_name: string; checksum: string }>
      ).map((r) => [r.migration_name, r.checksum]),
    );
    const names = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
      .map((d) => d.name)
      .sort();
    const applied: string[] = [];
    for (const name of names) {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const recorded = done.get(name);
      if (recorded !== undefined) {
        if (recorded !== checksum) throw new Error(`migration ${name} was changed after it was applied`);
        continue;
      }
      db.transaction(() => {
        db.exec(sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, current_timestamp, ?, 1)`,
        ).run(randomUUID(), checksum, name);
      })();
      applied.push(name);
    }
    return applied;
  } finally {
    db.close();
  }
}
