/**
 * A real, migrated database per test file, on the engine the run is for:
 * SQLite by default, PostgreSQL when NOCTURNE_TEST_DATABASE=postgresql (the
 * "postgres" vitest project; see vitest.config.ts). On PostgreSQL each file
 * gets its own database cloned from the template that
 * tests/support/pg-global-setup.ts migrated once (`CREATE DATABASE ... TEMPLATE`),
 * dropped at the end.
 * No mocks: the helpers below read the tables with the engine's own driver.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import pg from "pg";
import { inject } from "vitest";

import { applyMigrations, migrationsDir } from "@/lib/store/migrate";

import { pgAdmin, TEST_PG_SERVER } from "./pg-admin";

export { readFixture } from "./fixtures";

export type TestProvider = "sqlite" | "postgresql";

/** The engine this test run is for. */
export const TEST_PROVIDER: TestProvider = process.env.NOCTURNE_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";

export { TEST_PG_SERVER };

const ROOT = path.join(__dirname, "..", "..");

export interface TestDatabase {
  provider: TestProvider;
  /** The DATABASE_URL of this test file's database. */
  url: string;
  /** `SELECT COUNT(*) FROM table WHERE where` with `?` placeholders. */
  count(table: string, where?: string, ...args: unknown[]): Promise<number>;
  /** Rows of a query, as objects (`?` placeholders). */
  query<T = Record<string, unknown>>(sql: string, ...args: unknown[]): Promise<T[]>;
  /** Runs SQL with no result (several statements allowed). */
  exec(sql: string): Promise<void>;
  /**
   * Holds the database's write lock from another connection until the returned
   * function is called: SQLite `BEGIN EXCLUSIVE`; PostgreSQL an ACCESS EXCLUSIVE
   * lock on the delivery table, which every write batch reads first.
   */
  holdWriteLock(): Promise<() => Promise<void>>;
  /** Closes the helper's connections and drops the database (PostgreSQL) or its folder (SQLite). */
  drop(): Promise<void>;
}

function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A fresh database for one test file. */
export async function createTestDatabase(prefix = "nocturne-test"): Promise<TestDatabase> {
  return TEST_PROVIDER === "postgresql" ? createPostgres(prefix) : createSqlite(prefix);
}

async function createSqlite(prefix: string): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const file = path.join(dir, "test.db");
  const url = `file:${file}`;
  await applyMigrations(url, migrationsDir("sqlite", ROOT));
  const raw = new Database(file);
  raw.pragma("busy_timeout = 5000");
  return {
    provider: "sqlite",
    url,
    count: async (table, where = "1=1", ...args) =>
      (raw.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...args) as { n: number }).n,
    query: async <T,>(sql: string, ...args: unknown[]) => raw.prepare(sql).all(...args) as T[],
    exec: async (sql) => void raw.exec(sql),
    async holdWriteLock() {
      const lock = new Database(file);
      lock.exec("BEGIN EXCLUSIVE");
      return async () => {
        lock.exec("COMMIT");
        lock.close();
      };
    },
    async drop() {
      raw.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The template database the postgres project's global setup migrated. */
function templateName(): string {
  const name = inject("pgTemplate");
  if (!name) throw new Error("no PostgreSQL template: run the PostgreSQL tests through vitest's postgres project (vitest.config.ts)");
  return name;
}


async function createPostgres(prefix: string): Promise<TestDatabase> {
  const name = `${prefix.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${process.pid}_${randomBytes(4).toString("hex")}`;
  // Several files clone at once; PostgreSQL refuses a template that another clone is reading, so retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await pgAdmin(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`);
      break;
    } catch (err) {
      if (attempt >= 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  const url = `${TEST_PG_SERVER}/${name}`;
  const raw = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
  await raw.connect();
  return {
    provider: "postgresql",
    url,
    count: async (table, where = "1=1", ...args) =>
      Number((await raw.query(toPg(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`), args)).rows[0].n),
    query: async <T,>(sql: string, ...args: unknown[]) => (await raw.query(toPg(sql), args)).rows as T[],
    exec: async (sql) => void (await raw.query(sql)),
    async holdWriteLock() {
      const lock = new pg.Client({ connectionString: url });
      await lock.connect();
      await lock.query(`BEGIN; LOCK TABLE "WebhookDelivery" IN ACCESS EXCLUSIVE MODE`);
      return async () => {
        await lock.query("COMMIT");
        await lock.end();
      };
    },
    async drop() {
      await raw.end();
      await pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
