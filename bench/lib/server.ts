/**
 * The product under test: `npx tsx server.ts` (production; server.ts builds
 * .next itself when it is stale) on a throwaway SQLite file, or on the
 * PostgreSQL database DATABASE_URL names (passed through untouched).
 */
import { randomBytes } from "node:crypto";
import path from "node:path";

import { applyMigrations } from "../../lib/store/migrate";
import { pgAdmin } from "../../tests/support/pg-admin";
import { listeningPid } from "./proc";
import { freePort, startGroup, stopGroup, waitForHttp, type Started } from "./processes";

/** Secrets the bench gives the server; the clients sign and authenticate with them. */
export interface BenchSecrets {
  apiKey: string;
  secret: string;
  adminToken: string;
}

export function makeSecrets(): BenchSecrets {
  return {
    apiKey: `bench-key-${randomBytes(12).toString("hex")}`,
    secret: randomBytes(32).toString("hex"),
    adminToken: `bench-admin-${randomBytes(12).toString("hex")}`,
  };
}

/** Where the product keeps its data for this run. */
export type BenchDatabase = { kind: "sqlite"; url: string; file: string } | { kind: "postgresql"; url: string };

/** A throwaway SQLite file in `dir` (a /tmp/bench-* folder), migrated so it can be seeded before start. */
export async function throwawaySqlite(dir: string, name: string): Promise<BenchDatabase> {
  const file = path.join(dir, `${name}.db`);
  const url = `file:${file}`;
  await applyMigrations(url);
  return { kind: "sqlite", url, file };
}

export interface ProductServer {
  baseUrl: string;
  port: number;
  /** The node process that listens (not npx, not the tsx launcher). */
  pid: number;
  db: BenchDatabase;
  secrets: BenchSecrets;
  /** Milliseconds from spawn to the first 200 from GET /login (includes a build when one ran). */
  startMs: number;
  /** Whether server.ts ran `next build` first (sources were newer than .next). */
  built: boolean;
  /** The server's last 8 KiB of output (LOG_LEVEL=warn: warnings and errors). */
  output: () => string;
  stop: () => Promise<void>;
}

/** First start may build Next (about a minute on 2 busy cores); later starts take seconds. */
const START_TIMEOUT_MS = 15 * 60_000;

/** Next refuses to build while another `next build` (e.g. another checkout user's test run) holds the lock. */
const BUILD_LOCKED = /Another next build process is already running/;

/**
 * Starts the server, waits for GET /login to answer 200, finds its node pid.
 * When another `next build` holds the build lock, waits 10 s and tries again,
 * within the same overall time limit.
 */
export async function startProductServer(
  db: BenchDatabase,
  secrets: BenchSecrets,
  root: string,
  extraEnv: Record<string, string> = {},
): Promise<ProductServer> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      return await startOnce(db, secrets, root, deadline - Date.now(), extraEnv);
    } catch (err) {
      if (!BUILD_LOCKED.test((err as Error).message) || Date.now() > deadline - 20_000) throw err;
      console.error("[bench] another `next build` is running in this checkout; retrying in 10 s");
      await new Promise((r) => setTimeout(r, 10_000));
    }
  }
}

async function startOnce(
  db: BenchDatabase,
  secrets: BenchSecrets,
  root: string,
  timeoutMs: number,
  extraEnv: Record<string, string>,
): Promise<ProductServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: db.url,
    ASLEEP_API_KEYS: secrets.apiKey,
    ASLEEP_API_KEY: "",
    NOCTURNE_SECRET: secrets.secret,
    NOCTURNE_ADMIN_TOKEN: secrets.adminToken,
    LOG_LEVEL: "warn",
    NOCTURNE_DRAIN_GRACE_MS: "0",
    // No background reconciliation with Asleep's API during a measurement.
    NOCTURNE_RECONCILE_INTERVAL_MINUTES: "0",
    ...extraEnv,
  };
  const t0 = performance.now();
  const started: Started = startGroup("npx", ["tsx", "server.ts"], env, root);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/login`, started, timeoutMs);
  } catch (err) {
    await stopGroup(started.child);
    throw err;
  }
  const startMs = Math.round(performance.now() - t0);
  const pid = listeningPid(started.child.pid ?? -1, port);
  if (pid === null) {
    await stopGroup(started.child);
    throw new Error(`server answers on ${port} but no process under npx (pid ${started.child.pid}) holds the socket`);
  }
  return {
    baseUrl,
    port,
    pid,
    db,
    secrets,
    startMs,
    built: /Building Nocturne/.test(started.head()),
    output: started.output,
    stop: () => stopGroup(started.child),
  };
}

/** The default PostgreSQL server of this machine (trust auth for root). */
export const DEFAULT_BENCH_PG = "postgresql://root@127.0.0.1:5432";

/**
 * A throwaway PostgreSQL database for this run on `server` (a URL whose
 * database part is ignored; default {@link DEFAULT_BENCH_PG}), created and
 * migrated now, dropped by `drop()`. `db` is null, with the reason, when the
 * server cannot be reached.
 */
export async function benchPostgres(
  ctx: { runId: string },
  server: string = DEFAULT_BENCH_PG,
): Promise<{ db: BenchDatabase | null; problem: string | null; drop: () => Promise<void> }> {
  const base = new URL(server);
  const name = `nocturne_bench_${ctx.runId.toLowerCase().replace(/[^a-z0-9]/g, "")}`;
  const adminQuery = (sql: string) => pgAdmin(sql, server, 3000);
  try {
    await adminQuery("SELECT 1");
  } catch (err) {
    return { db: null, problem: (err as Error).message || String(err), drop: async () => {} };
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    db: { kind: "postgresql", url: url.toString() },
    problem: null,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {}),
  };
}

/** Whether Redis answers PING at `url` within 2 s (the cross-instance scenarios need it). */
export async function redisReachable(url: string): Promise<string | null> {
  const { createClient } = await import("redis");
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    await client.close().catch(() => {});
  }
}
