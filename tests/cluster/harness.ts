/**
 * Real parts for the cluster tests: two Nocturne instances (server.ts,
 * production build) on one PostgreSQL database and the local Redis, and
 * Debian's nginx in front, running docs/nginx-nocturne.conf with the instance
 * addresses and the listen port replaced by free ports. Services are stopped
 * and started with .ci/services, the same commands CI uses.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";

import { applyMigrations } from "../../lib/store/migrate";
import { pgAdmin, TEST_PG_SERVER } from "../support/pg-admin";
import { ROOT, startServer, type ServerProcess } from "../support/server-process";

export { startNginx, type Nginx } from "../support/nginx";

export const REDIS_URL = process.env.NOCTURNE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Runs `.ci/services <action> <service>`. */
export function services(action: "start" | "stop", service: "postgres" | "redis"): void {
  execFileSync("bash", [path.join(ROOT, ".ci", "services"), action, service], { stdio: "inherit", timeout: 60_000 });
}

/** Names the first missing part this suite needs, or null when all are there. */
export function missingPart(): string | null {
  for (const [bin, what] of [
    ["nginx", "nginx (Debian package nginx or nginx-light)"],
    ["redis-server", "redis-server (Debian package redis-server)"],
    ["pg_ctlcluster", "PostgreSQL (Debian package postgresql)"],
  ] as const) {
    try {
      execFileSync("bash", ["-c", `command -v ${bin} || test -x /usr/sbin/${bin}`], { stdio: "ignore" });
    } catch {
      return what;
    }
  }
  return null;
}


/** A fresh, migrated PostgreSQL database for the cluster; `drop()` removes it. */
export async function clusterDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `nocturne_cluster_${randomBytes(4).toString("hex")}`;
  const url = `${TEST_PG_SERVER}/${name}`;
  await applyMigrations(url);
  return { url, drop: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {}) };
}

/** One instance of the cluster (on a fixed port, so it can be restarted behind the same nginx upstream). */
export function startInstance(port: number, databaseUrl: string, extra: Record<string, string> = {}): Promise<ServerProcess> {
  return startServer({ PORT: String(port), DATABASE_URL: databaseUrl, REDIS_URL, DATABASE_TIMEOUT_MS: "1000", ...extra });
}

/** Sockets connected to an instance, from its /metrics (the test is a loopback client). */
export async function socketsOn(server: ServerProcess): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  return Number(/^nocturne_sockets_connected (\d+)/m.exec(text)?.[1] ?? NaN);
}

/** Polls `fn` until it returns true, at most `ms`. */
export async function eventually(fn: () => Promise<boolean>, ms = 15_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await fn().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
