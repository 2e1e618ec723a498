/**
 * Event-loop delay of the server, measured from outside: a separate process
 * (so the load generator's own busy loop does not count) sends a tiny GET that
 * engine.io answers itself, without Next or the database
 * (`/socket.io/?EIO=4&transport=polling&sid=<unknown>` -> 400 "Session ID
 * unknown"), every 20 ms. Its round trip is loopback cost (~0.3 ms idle) plus
 * the time the request waited for the server's event loop: an upper bound of
 * event-loop delay. Figures in milliseconds.
 */
import { fork } from "node:child_process";
import path from "node:path";

import { track } from "./processes";
import { summarize, type Summary } from "./stats";

/** Path engine.io answers with a 400 at once (unknown session id). */
export const PROBE_PATH = "/socket.io/?EIO=4&transport=polling&sid=bench-loop-probe";
/** Milliseconds between probes. */
export const PROBE_INTERVAL_MS = 20;

export interface ProbeResult extends Summary {
  /** Probes that failed (no answer, or a status other than 400). */
  failed: number;
}

/** A running probe: `lap()` summarises the round trips (ms) since the last lap and goes on; `stop()` ends it. */
export interface Probe {
  lap: () => Promise<ProbeResult>;
  stop: () => Promise<ProbeResult>;
}

/** Starts probing `baseUrl` from a child process. Resolves once the child runs. */
export async function startLoopProbe(baseUrl: string): Promise<Probe> {
  const child = fork(path.join(__dirname, "loop-probe-child.ts"), [baseUrl + PROBE_PATH, String(PROBE_INTERVAL_MS)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  track(child);
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`loop probe exited (${code}) before starting`)));
  });
  const ask = (what: "lap" | "stop") =>
    new Promise<ProbeResult>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve({ ...summarize([]), failed: 0 });
      }, 10_000);
      child.once("message", (m: { samples: number[]; failed: number }) => {
        clearTimeout(timer);
        resolve({ ...summarize(m.samples), failed: m.failed });
      });
      child.send(what);
    });
  return { lap: () => ask("lap"), stop: () => ask("stop") };
}
