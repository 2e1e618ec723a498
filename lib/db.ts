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

import { databaseProvider, sqliteFilePath } from "./db-url";
import { getEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

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
    throw new Error("PostgreSQL support is not built yet: use a file: DATABASE_URL");
  }
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: busyTimeoutMs });
  const db = new PrismaClient({ adapter });
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
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
