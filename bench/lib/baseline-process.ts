/**
 * Starts the baselines of bench/baselines/ as child processes (their own
 * event loops, apart from the load generator's), each on a free port in
 * 3400-3499; the seed-style one on its own throwaway SQLite file.
 */
import path from "node:path";

import type { BenchDatabase } from "./server";

import { freePort, startGroup, stopGroup, waitForHttp } from "./processes";

export type BaselineKind = "http-limit" | "seed-style";

export interface Baseline {
  kind: BaselineKind;
  baseUrl: string;
  pid: number;
  /** The SQLite file the seed-style receiver writes (absent for http-limit). */
  /** The seed-style baseline's own SQLite file. */
  db?: BenchDatabase;
  stop: () => Promise<void>;
}

export interface IngestBaselines {
  limit: Baseline;
  seed: Baseline;
}

/** Starts both baselines of the ingest scenario. */
export async function startIngestBaselines(root: string, tmpDir: string, apiKey: string): Promise<IngestBaselines> {
  const [limit, seed] = await Promise.all([
    startBaseline("http-limit", root, tmpDir, apiKey),
    startBaseline("seed-style", root, tmpDir, apiKey),
  ]);
  return { limit, seed };
}

/** Starts one baseline and waits (up to 60 s) until it answers. */
export async function startBaseline(
  kind: BaselineKind,
  root: string,
  tmpDir: string,
  apiKey: string,
): Promise<Baseline> {
  const port = await freePort();
  const dbFile = kind === "seed-style" ? path.join(tmpDir, "seed-style.db") : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    ASLEEP_API_KEY: apiKey,
    DATABASE_URL: dbFile ? `file:${dbFile}` : "",
  };
  const started = startGroup(
    process.execPath,
    ["--import", "tsx", path.join(root, "bench", "baselines", `${kind}.ts`)],
    env,
    root,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/health`, started, 60_000);
  } catch (err) {
    await stopGroup(started.child);
    throw err;
  }
  return {
    kind,
    baseUrl,
    pid: started.child.pid ?? -1,
    ...(dbFile ? { db: { kind: "sqlite" as const, url: `file:${dbFile}`, file: dbFile } } : {}),
    stop: () => stopGroup(started.child),
  };
}
