/**
 * Opens Nocturne's database: SQLite (the embedded default) or PostgreSQL, as
 * DATABASE_URL says. A {@link Store} carries two paths to it:
 * - `prisma`: Prisma's typed client (driver adapters, no engine binary) for the
 *   read queries of lib/store/queries.ts;
 * - `transaction()`: the write path's own transaction-bound connection, on which
 *   the batch writer (lib/store/write-batch.ts) sends every statement of a batch.
 *   SQLite: a second better-sqlite3 connection on the same WAL file, writes
 *   under `BEGIN IMMEDIATE` so the busy timeout applies before any read.
 *   PostgreSQL: one client of the shared pg pool, with a lock and statement
 *   timeout so a locked or stuck database answers quickly.
 *
 * Every PostgreSQL connection runs in UTC (`-c TimeZone=UTC`), and times are
 * bound as UTC ISO strings, so instants survive any server or Node time zone
 * (../shared/scale-out.md, "Time").
 *
 * One store per process, kept on globalThis so that server.ts and Next's
 * separately bundled route handlers and pages share it.
 */
import fs from "node:fs";
import path from "node:path";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";

import { getEnv } from "../env";
import { databaseProvider, sqliteFilePath } from "./database-url";
import { dialectFor, type Dialect, type Provider, type SqlTx, type SqlValue } from "./dialect";
import { translateUnavailable } from "./errors";
import { PrismaClient as PgPrismaClient } from "./generated/postgres/client";
import { PrismaClient } from "./generated/sqlite/client";

/**
 * Prisma's client. Typed as the SQLite client; the PostgreSQL client generated
 * from the same models (prisma/postgres/schema.prisma) has the same API.
 */
export type Db = PrismaClient;

export interface Store {
  provider: Provider;
  dialect: Dialect;
  prisma: Db;
  /**
   * Runs `fn` in one write transaction on one connection; commits when `fn`
   * resolves, rolls back when it (or the commit) throws, and rethrows. The
   * connection is always released, so a failed commit never blocks the next.
   */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** Resolves when the database answers `SELECT 1` within `timeoutMs`; throws otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  /**
   * Takes the cross-process lock of job `name` without waiting ({@link Dialect.jobLock}):
   * resolves to its release function, or null when another process holds it.
   * PostgreSQL: on a dedicated connection (outside the pool) held until the release.
   * SQLite: always granted (no cross-process lock; callers guard in process).
   */
  tryJobLock(name: string): Promise<(() => Promise<void>) | null>;
  /** Connections in use and callers waiting for one (PostgreSQL pool; SQLite reports its one writer). */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface StoreOptions {
  url: string;
  /** SQLite: how long a writer waits for the write lock before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in the pool. */
  poolMax?: number;
  /** PostgreSQL: connect, lock-wait and write-statement timeout (ms). */
  timeoutMs?: number;
}

/** Opens a store; the SQLite file and its folder are created when missing. Throws for an unknown URL scheme. */
export async function openStore(options: StoreOptions): Promise<Store> {
  return databaseProvider(options.url) === "sqlite" ? openSqlite(options) : openPostgres(options);
}

/** A promise chain that runs one write transaction at a time (SQLite has one writer). */
function createMutex(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

function sqliteArg(v: SqlValue): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return v;
}

async function openSqlite({ url, busyTimeoutMs = 5000 }: StoreOptions): Promise<Store> {
  const file = sqliteFilePath(url);
  let writer: Database.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writer = new Database(file, { timeout: busyTimeoutMs });
  } catch (err) {
    throw new Error(`cannot open the SQLite database at ${file}: ${(err as Error).message} (check DATABASE_URL and the folder's permissions)`);
  }
  writer.pragma("journal_mode = WAL");
  writer.pragma("synchronous = NORMAL");
  writer.pragma("foreign_keys = ON");
  // 64 MiB of page cache: session rows carry their hypnograms.
  writer.pragma("cache_size = -65536");
  writer.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = writer.prepare(sql);
      if (statements.size > 500) statements.clear();
      statements.set(sql, s);
    }
    return s;
  };
  const tx: SqlTx = {
    rows: async (sql, args = []) => prepare(sql).raw(true).all(...args.map(sqliteArg)) as unknown[][],
    run: async (sql, args = []) => prepare(sql).run(...args.map(sqliteArg)).changes,
  };
  const exclusive = createMutex();

  const base = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: busyTimeoutMs }) });
  await base.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  await base.$executeRawUnsafe("PRAGMA cache_size = -65536");
  const prisma = guardReads(base);

  return {
    provider: "sqlite",
    dialect: dialectFor("sqlite"),
    prisma,
    transaction: (fn) =>
      exclusive(async () => {
        // IMMEDIATE takes the write lock up front, so the busy timeout applies to it
        // (a deferred BEGIN that reads first fails at once on the upgrade).
        writer.prepare("BEGIN IMMEDIATE").run();
        try {
          const result = await fn(tx);
          writer.prepare("COMMIT").run();
          return result;
        } catch (err) {
          if (writer.inTransaction) {
            try {
              writer.prepare("ROLLBACK").run();
            } catch {
              // A failed ROLLBACK leaves nothing to undo: SQLite rolled back itself.
            }
          }
          throw err;
        }
      }),
    async ping() {
      writer.prepare("SELECT 1").get();
    },
    tryJobLock: async () => async () => {},
    poolStats: () => ({ total: 1, idle: writer.inTransaction ? 0 : 1, waiting: 0 }),
    async close() {
      await prisma.$disconnect();
      writer.close();
    },
  };
}

/** pg returns `timestamp` (without zone) in Node's local zone by default; these read them as UTC. */
const PG_TYPES = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 1114) return (s: string) => new Date(`${s.replace(" ", "T")}Z`);
    if (oid === 20 || oid === 1700) return (s: string) => Number(s);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

function pgArg(v: SqlValue): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return v;
}

async function openPostgres({ url, poolMax = 10, timeoutMs = 1500 }: StoreOptions): Promise<Store> {
  const dialect = dialectFor("postgresql");
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: timeoutMs,
    idleTimeoutMillis: 30_000,
    // Every connection in UTC; reads get a generous statement timeout, writes a short one (below).
    options: "-c TimeZone=UTC -c statement_timeout=10000",
    types: PG_TYPES,
  });
  // A client whose server went away emits "error" (idle ones through the pool); without a
  // listener the process would exit. The query in flight, if any, still rejects.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  const prisma = guardReads(new PgPrismaClient({ adapter: new PrismaPg(pool) }) as unknown as Db);
  const begin = `BEGIN; SET LOCAL lock_timeout = ${Math.trunc(timeoutMs)}; SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)}`;

  return {
    provider: "postgresql",
    dialect,
    prisma,
    async transaction(fn) {
      const client = await pool.connect();
      const tx: SqlTx = {
        rows: async (sql, args = []) =>
          (await client.query({ text: dialect.sql(sql), values: args.map(pgArg), rowMode: "array", types: PG_TYPES })).rows,
        run: async (sql, args = []) =>
          (await client.query({ text: dialect.sql(sql), values: args.map(pgArg), types: PG_TYPES })).rowCount ?? 0,
      };
      let broken: Error | undefined;
      try {
        await client.query(begin);
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async ping(ms = timeoutMs) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(`SET statement_timeout = ${Math.trunc(ms)}; SELECT 1; SET statement_timeout = 10000`);
      } catch (err) {
        broken = err as Error;
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async tryJobLock(name) {
      const lock = dialect.jobLock!;
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, options: "-c TimeZone=UTC" });
      client.on("error", () => {}); // a dropped connection releases the lock; the job notices on its own statements
      try {
        await client.connect();
        const { rows } = await client.query({ text: dialect.sql(lock.tryLock), values: [name], rowMode: "array" });
        if (rows[0]?.[0] === true) {
          return async () => {
            await client.query({ text: dialect.sql(lock.unlock), values: [name] }).catch(() => {});
            await client.end().catch(() => {});
          };
        }
      } catch (err) {
        await client.end().catch(() => {});
        translateUnavailable(err);
      }
      await client.end().catch(() => {});
      return null;
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * The read client the queries use: every operation that fails because the
 * database is away rejects with a DatabaseUnavailableError (pages then show
 * "database unavailable", routes answer 503).
 */
function guardReads(prisma: Db): Db {
  return prisma.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (err) {
          translateUnavailable(err);
        }
      },
    },
  }) as unknown as Db;
}

const SLOT = Symbol.for("nocturne.store");
type Slot = { [SLOT]?: Promise<Store> };

/**
 * The process-wide store for DATABASE_URL, opened on first use (a failed open is
 * retried on the next call and rejects with DatabaseUnavailableError when the
 * database is away).
 */
export function getStore(): Promise<Store> {
  const g = globalThis as Slot;
  if (!g[SLOT]) {
    const env = getEnv();
    g[SLOT] = openStore({
      url: env.databaseUrl,
      busyTimeoutMs: env.sqliteBusyTimeoutMs,
      poolMax: env.pgPoolMax,
      timeoutMs: env.databaseTimeoutMs,
    }).catch((err: unknown) => {
      delete g[SLOT];
      return translateUnavailable(err);
    });
  }
  return g[SLOT];
}

/** Closes the process-wide store, if open (graceful shutdown). */
export async function closeStore(): Promise<void> {
  const g = globalThis as Slot;
  const pending = g[SLOT];
  delete g[SLOT];
  if (pending) await (await pending).close();
}
