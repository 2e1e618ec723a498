/**
 * The Prisma client: SQLite through better-sqlite3 by default, PostgreSQL when
 * DATABASE_URL says so. One client per process, kept on globalThis so that
 * server.ts and Next's separately bundled route handlers share it.
 *
 * SQLite is opened with WAL, synchronous=NORMAL, a busy timeout and foreign keys on.
 */
import fs from "node:fs";
import path from "node:path";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

import { databaseProvider, sqliteFilePath } from "./database-url";
import { getEnv } from "../env";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

const UNKNOWN_ARG_TYPE = { scalarType: "unknown", arity: "scalar" } as const;

/** One SQL statement for the driver connection: `?` placeholders, positional args. */
export interface DriverQuery {
  sql: string;
  args: unknown[];
}

/**
 * The driver adapter's own connection under a client (Prisma's SqlQueryable):
 * statements go to the database without Prisma's query compiler, which costs
 * ~1 ms a statement here. On SQLite there is one connection, so a statement
 * sent here while the client has a transaction open runs inside it.
 */
export interface DriverConnection {
  query(q: DriverQuery): Promise<{ columnNames: string[]; rows: unknown[][] }>;
  execute(q: DriverQuery): Promise<number>;
  /**
   * Runs `fn` in a transaction of the driver adapter itself (the same lock and
   * BEGIN/COMMIT Prisma's own transactions use, without Prisma's interactive-
   * transaction machinery). Commits when `fn` resolves, rolls back when it throws.
   */
  transaction<T>(fn: (tx: DriverConnection) => Promise<T>): Promise<T>;
}

interface AdapterQueryable {
  queryRaw(q: {
    sql: string;
    args: unknown[];
    argTypes: unknown[];
  }): Promise<{ columnNames: string[]; rows: unknown[][] }>;
  executeRaw(q: { sql: string; args: unknown[]; argTypes: unknown[] }): Promise<number>;
}

/** Prisma's SqlDriverAdapter transaction (@prisma/driver-adapter-utils). */
interface AdapterTransaction extends AdapterQueryable {
  options: { usePhantomQuery: boolean };
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

interface AdapterWithTransactions extends AdapterQueryable {
  startTransaction(): Promise<AdapterTransaction>;
}

const argTypes = (n: number) => new Array(n).fill(UNKNOWN_ARG_TYPE);

/** Wraps an adapter queryable as a DriverConnection. */
function wrapQueryable(q: AdapterQueryable, startTransaction: () => Promise<AdapterTransaction>): DriverConnection {
  return {
    query: ({ sql, args }) => q.queryRaw({ sql, args, argTypes: argTypes(args.length) }),
    execute: ({ sql, args }) => q.executeRaw({ sql, args, argTypes: argTypes(args.length) }),
    async transaction(fn) {
      const tx = await startTransaction();
      const end = async (sql: "COMMIT" | "ROLLBACK") => {
        // As Prisma's TransactionManager does: send the statement unless the driver does it itself.
        if (!tx.options.usePhantomQuery) await tx.executeRaw({ sql, args: [], argTypes: [] });
        await (sql === "COMMIT" ? tx.commit() : tx.rollback());
      };
      let result;
      try {
        result = await fn(wrapQueryable(tx, () => Promise.reject(new Error("nested transactions are not supported"))));
      } catch (err) {
        await end("ROLLBACK").catch(() => tx.rollback());
        throw err;
      }
      await end("COMMIT");
      return result;
    },
  };
}

/**
 * Kept on the client object itself (not in a module-level map): the client is
 * shared through globalThis between server.ts and Next's bundles, which each
 * have their own copy of this module.
 */
const CONNECTION = Symbol.for("nocturne.driver-connection");
type WithConnection = { [CONNECTION]?: DriverConnection };

/** The driver connection of a client opened by {@link openDatabase}. Throws for any other client. */
export function driverConnection(db: Db): DriverConnection {
  const c = (db as WithConnection)[CONNECTION];
  if (!c) throw new Error("driverConnection: client was not opened by openDatabase()");
  return c;
}

export interface DatabaseOptions {
  url: string;
  /** How long a writer waits for a lock before SQLITE_BUSY, in milliseconds. */
  busyTimeoutMs?: number;
}

/**
 * Opens a client for a database URL; the SQLite file and its folder are created
 * when missing. Throws for a URL that is neither `file:` nor `postgresql://`.
 */
export async function openDatabase({ url, busyTimeoutMs = 5000 }: DatabaseOptions): Promise<Db> {
  if (databaseProvider(url) !== "sqlite") {
    throw new Error("DATABASE_URL: PostgreSQL is not supported yet; use a file: URL (SQLite)");
  }
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: busyTimeoutMs });
  let connection: AdapterWithTransactions | undefined;
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const c = await connect();
    connection = c as unknown as AdapterWithTransactions;
    return c;
  };
  const db = new PrismaClient({ adapter });
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  if (!connection) throw new Error("the SQLite driver adapter did not connect");
  const c = connection;
  (db as WithConnection)[CONNECTION] = wrapQueryable(c, () => c.startTransaction());
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  // 64 MiB of page cache (SQLite's default is 2 MiB): session rows carry their
  // hypnograms, and with many users the working set outgrew the default.
  await db.$executeRawUnsafe("PRAGMA cache_size = -65536");
  await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  await db.$executeRawUnsafe(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  return db;
}

const SLOT = Symbol.for("nocturne.db");
type Slot = { [SLOT]?: Promise<Db> };

/** The process-wide client for DATABASE_URL, opened on first use. */
export function getDb(): Promise<Db> {
  const g = globalThis as Slot;
  if (!g[SLOT]) {
    const env = getEnv();
    g[SLOT] = openDatabase({ url: env.databaseUrl, busyTimeoutMs: env.sqliteBusyTimeoutMs });
    g[SLOT].catch(() => delete g[SLOT]);
  }
  return g[SLOT];
}

/** Closes the process-wide client, if open (graceful shutdown). */
export async function closeDb(): Promise<void> {
  const g = globalThis as Slot;
  const pending = g[SLOT];
  delete g[SLOT];
  if (pending) await (await pending).$disconnect();
}
