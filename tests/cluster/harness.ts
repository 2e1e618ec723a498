/**
 * Real parts for the cluster tests: two Nocturne instances (server.ts,
 * production build) on one PostgreSQL database and the local Redis, and
 * Debian's nginx in front, running docs/nginx-nocturne.conf with the instance
 * addresses and the listen port replaced by free ports. Services are stopped
 * and started with .ci/services, the same commands CI uses.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";

import { applyMigrations } from "../../lib/store/migrate";
import { freePort, ROOT, startServer, type ServerProcess } from "../support/server-process";

export const PG_SERVER = (process.env.NOCTURNE_TEST_PG_URL ?? "postgresql://root@127.0.0.1:5432").replace(/\/+$/, "");
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

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated PostgreSQL database for the cluster; `drop()` removes it. */
export async function clusterDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `nocturne_cluster_${randomBytes(4).toString("hex")}`;
  const url = `${PG_SERVER}/${name}`;
  await applyMigrations(url);
  return { url, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {}) };
}

export interface Nginx {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts nginx on a free port with docs/nginx-nocturne.conf pointing at `upstreams`. */
export async function startNginx(upstreams: readonly number[]): Promise<Nginx> {
  const shipped = fs.readFileSync(path.join(ROOT, "docs", "nginx-nocturne.conf"), "utf8");
  const port = await freePort();
  const servers = shipped.match(/^\s*server 127\.0\.0\.1:\d+ .*;$/gm) ?? [];
  if (servers.length !== upstreams.length) throw new Error(`docs/nginx-nocturne.conf lists ${servers.length} instances, the test runs ${upstreams.length}`);
  let conf = shipped.replace(/^(\s*)listen 8080;$/m, `$1listen 127.0.0.1:${port};`);
  servers.forEach((line, i) => (conf = conf.replace(line, line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${upstreams[i]}`))));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nocturne-nginx-"));
  fs.chmodSync(dir, 0o777);
  fs.writeFileSync(path.join(dir, "nocturne.conf"), conf);
  const temp = (n: string) => path.join(dir, n);
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `worker_processes 1;
pid ${temp("nginx.pid")};
error_log ${temp("error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp("body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  include ${temp("nocturne.conf")};
}
`,
  );
  const bin = fs.existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
  const child: ChildProcess = spawn(bin, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${err}`);
    try {
      await fetch(`${baseUrl}/healthz`);
      break;
    } catch {
      if (i > 100) throw new Error(`nginx did not answer: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    baseUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGQUIT");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
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
