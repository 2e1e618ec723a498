/**
 * Linux /proc helpers: a process's descendants, which of them listens on a
 * port (the real node server under `npx` and `tsx`), and its resident memory.
 */
import fs from "node:fs";

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
    const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(after[1]);
  } catch {
    return null;
  }
}

/** Every live descendant of `root` (children first), read from /proc. */
export function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = parentOf(Number(name));
    if (ppid !== null) parents.set(Number(name), ppid);
  }
  const out: number[] = [];
  let frontier = [root];
  for (let depth = 0; depth < 16 && frontier.length; depth++) {
    const next = [...parents].filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    out.push(...next);
    frontier = next;
  }
  return out;
}

function listeningInodes(port: number): Set<string> {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols[1] local address "ADDR:PORT", cols[3] state (0A = LISTEN), cols[9] inode
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === "0A" && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The pid among `root` and its descendants that holds the listening socket on `port`, or null. */
export function listeningPid(root: number, port: number): number | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const pid of [...descendants(root).reverse(), root]) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = fs.readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
        if (m && inodes.has(m[1]!)) return pid;
      } catch {
        // the fd closed while we looked
      }
    }
  }
  return null;
}

/** Resident set size of a process in MiB (VmRSS), or null when it is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+)\s+kB/m);
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** The soft limit on open files of a process (Max open files), or null. */
export function openFileLimit(pid: number | "self" = "self"): number | null {
  try {
    const m = fs.readFileSync(`/proc/${pid}/limits`, "utf8").match(/^Max open files\s+(\d+)/m);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in seconds, or null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the name: state(0) ppid(1) ... utime(11) stime(12), in clock ticks (100 per second on Linux).
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/** Whole-machine CPU from /proc/stat: busy and total seconds summed over all cores. */
export function boxCpu(): { busyS: number; totalS: number } | null {
  try {
    const cols = (fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
    const total = cols.reduce((s, v) => s + v, 0);
    const idle = (cols[3] ?? 0) + (cols[4] ?? 0);
    return { busyS: (total - idle) / 100, totalS: total / 100 };
  } catch {
    return null;
  }
}

/** CPU seconds used so far by this process and every live descendant (server, baselines, probe), by pid. */
export function ourCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of [process.pid, ...descendants(process.pid)]) {
    const s = cpuSeconds(pid);
    if (s !== null) out.set(pid, s);
  }
  return out;
}
