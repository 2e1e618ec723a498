/** What every scenario gets from bench/run.ts. */
import type { ProductServer } from "./server";

export interface BenchContext {
  /** Small durations and counts: the CI smoke run (under a minute once the build is current). */
  quick: boolean;
  /** Project root (the folder holding server.ts). */
  root: string;
  /** This run's throwaway folder, /tmp/bench-*. */
  tmpDir: string;
  /** Short id that prefixes every user and session id the run creates. */
  runId: string;
  /** Progress line on stderr. */
  log: (msg: string) => void;
}

export interface ServerContext extends BenchContext {
  server: ProductServer;
}
