/** The machine a run happened on, for the JSON file (memory in MiB). */
import { execFileSync } from "node:child_process";
import os from "node:os";

export interface MachineInfo {
  /** ISO 8601 time the run started. */
  date: string;
  cores: number;
  cpuModel: string;
  memoryMiB: number;
  freeMemoryMiB: number;
  /** 1, 5 and 15 minute load averages when the run started (other work on the box shows here). */
  loadAverage: number[];
  node: string;
  platform: string;
  kernel: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryMiB: Math.round(os.totalmem() / 2 ** 20),
    freeMemoryMiB: Math.round(os.freemem() / 2 ** 20),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
  };
}

/** The checked-out commit and whether the tree had uncommitted changes (null outside git). */
export function codeVersion(root: string): { commit: string | null; dirty: boolean | null } {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const status = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: root,
      encoding: "utf8",
    });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}

/** Settings from the shell that reach the server (secrets left out): e.g. NOCTURNE_WEBHOOK_FAST_PATH=0. */
export function passedThrough(): Record<string, string> {
  const secret = new Set(["NOCTURNE_SECRET", "NOCTURNE_ADMIN_TOKEN"]);
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => /^(NOCTURNE_|SQLITE_)/.test(e[0]) && !secret.has(e[0]) && e[1] !== undefined,
    ),
  );
}
