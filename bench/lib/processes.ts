/**
 * Child processes the bench starts (the product server, the baselines): each
 * runs in its own process group so that stopping it also stops what it spawned
 * (npx -> tsx -> node). Every started group is stopped on exit, even a crash.
 * Ports are free loopback ports the OS hands out (never fixed numbers, so a
 * second checkout or another suite can run at the same time).
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";

import { freePort as osFreePort } from "../../tests/support/server-process";

const handedOut = new Set<number>();
const running = new Set<ChildProcess>();

process.on("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // not a group leader (a forked helper), or already gone
    child.kill(signal);
  }
}

/** Registers a child started elsewhere (e.g. fork) so that it is killed when the bench exits. */
export function track(child: ChildProcess): void {
  running.add(child);
  child.once("exit", () => running.delete(child));
}


/** A free loopback port (chosen by the OS) not yet handed out by this run. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await osFreePort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

/** A started process group, the tail of its output (for error messages) and its first 2 KiB. */
export interface Started {
  child: ChildProcess;
  output: () => string;
  head: () => string;
}

/** Spawns `command args` in a new process group; output is kept (first 2 KiB, last 8 KiB), not printed. */
export function startGroup(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Started {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  track(child);
  let head = "";
  let tail = "";
  const keep = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    if (head.length < 2048) head += text.slice(0, 2048 - head.length);
    tail = (tail + text).slice(-8192);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => tail, head: () => head };
}

/** Stops a group: SIGTERM, then SIGKILL after `graceMs` (default 10 s). Resolves once the leader exited. */
export async function stopGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs + 2000))]);
  clearTimeout(timer);
  // Whatever of the group outlived its leader goes too.
  killGroup(child, "SIGKILL");
}

/** Status code of a GET (0 when the connection failed), giving up after `timeoutMs`. */
export function httpStatus(url: string, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(0));
  });
}

/**
 * Polls `url` every 250 ms until it answers `want` (default 200), the process
 * exits, or `timeoutMs` passes. Throws with the process's last output otherwise.
 */
export async function waitForHttp(url: string, started: Started, timeoutMs: number, want = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      throw new Error(
        `process exited (${started.child.exitCode ?? started.child.signalCode}) before ${url} answered:\n${started.output()}`,
      );
    }
    if ((await httpStatus(url)) === want) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer ${want} within ${Math.round(timeoutMs / 1000)} s:\n${started.output()}`);
}
