/**
 * Real Nocturne server processes for integration tests: `node --import tsx
 * server.ts` on a free loopback port, production build, the environment given.
 * {@link ensureBuilt} builds once up front so that several servers never build at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

import { ensureProductionBuild } from "@/lib/next-build";

export const ROOT = path.join(__dirname, "..", "..");

/** Secrets every test server shares (a cluster needs the same ones on every instance). */
export const TEST_SECRETS = {
  ASLEEP_API_KEYS: "test-asleep-key",
  NOCTURNE_SECRET: "test-secret-0123456789abcdef0123456789",
  NOCTURNE_ADMIN_TOKEN: "test-admin-token",
};

/** Builds the production bundle if it is missing or stale (about a minute). */
export function ensureBuilt(): void {
  ensureProductionBuild(ROOT, () => {});
}

/** A free loopback port chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  baseUrl: string;
  port: number;
  child: ChildProcess;
  /** What the process printed (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Starts a server and resolves once it answers HTTP; rejects with its output if it exits first or takes over `timeoutMs`. */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      NOCTURNE_DRAIN_GRACE_MS: "200",
      // No background reconciliation, and never Asleep's real API (a test that wants it starts a local one).
      NOCTURNE_RECONCILE_INTERVAL_MINUTES: "0",
      ASLEEP_API_URL: "http://127.0.0.1:9",
      ...TEST_SECRETS,
      ...env,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on("data", (d) => (out = (out + d).slice(-20_000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not answer within ${timeoutMs} ms:\n${out}`);
    }
    try {
      const res = await fetch(`${baseUrl}/login`, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    port,
    child,
    output: () => out,
    stop(graceMs = 10_000) {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
        child.once("exit", (code) => {
          clearTimeout(kill);
          resolve(code);
        });
        child.kill("SIGTERM");
      });
    },
  };
}
