/**
 * Starts scripts/ingest-server.ts as a child process on a free port (PORT=0)
 * and waits for its `{"listening":port}` line. Used by `npm run chaos` and by
 * the crash and disk-full tests, which need a real process they can kill.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  child: ChildProcess;
  /** What the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Sends `signal` and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnOptions {
  databaseUrl: string;
  apiKey: string;
  adminToken: string;
  /** More environment (SQLITE_BUSY_TIMEOUT_MS, LOG_LEVEL, ...). */
  env?: Record<string, string>;
  /** Give up waiting for the listening line after this long (ms). */
  startTimeoutMs?: number;
}

/** Spawns the ingest server; rejects with its stderr when it exits or does not listen in time. */
export function spawnIngestServer(options: SpawnOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "ingest-server.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      ...options.env,
      DATABASE_URL: options.databaseUrl,
      ASLEEP_API_KEYS: options.apiKey,
      ASLEEP_API_KEY: "",
      NOCTURNE_ADMIN_TOKEN: options.adminToken,
      NOCTURNE_SECRET: process.env.NOCTURNE_SECRET && process.env.NOCTURNE_SECRET.length >= 32 ? process.env.NOCTURNE_SECRET : "chaos-secret-".repeat(4),
      PORT: "0",
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  let out = "";
  child.stderr!.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill("SIGKILL");
      reject(new Error(`ingest server did not start in ${options.startTimeoutMs ?? 30_000} ms:\n${err}`));
    }, options.startTimeoutMs ?? 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /\{"listening":(\d+)\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume();
        resolve({ url: `http://127.0.0.1:${m[1]}`, child, stderr: () => err, kill });
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`ingest server exited (${code ?? signal}) before listening:\n${err}`));
    });
  });
}
