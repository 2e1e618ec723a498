/**
 * Who used the machine's CPU during a scenario: all of it (from /proc/stat)
 * versus the bench's own processes (this one, the server, the baselines, the
 * probe). The rest is other work on the box, the noise in the figures.
 * Percentages are of ONE core (a 2-core box has 200 %).
 */
import { boxCpu, ourCpu } from "./proc";

export interface CpuShare {
  /** Busy CPU of the whole machine, % of one core. */
  boxBusyPercent: number;
  /** Of which the bench and its processes, % of one core (processes that ended mid-way are missed). */
  oursPercent: number;
  /** The rest: other work on the machine, % of one core. */
  othersPercent: number;
  /** Load average (1 min) at the end. */
  load1: number;
}

/** Starts measuring; call the returned function at the end. Null figures when /proc is unavailable. */
export function measureCpuShare(loadavg: () => number[]): () => CpuShare | null {
  const box0 = boxCpu();
  const ours0 = ourCpu();
  const t0 = performance.now();
  return () => {
    const box1 = boxCpu();
    if (!box0 || !box1) return null;
    const wall = (performance.now() - t0) / 1000;
    let ours = 0;
    for (const [pid, s] of ourCpu()) ours += s - (ours0.get(pid) ?? 0);
    const pct = (s: number) => Math.round((s / wall) * 100);
    const busy = box1.busyS - box0.busyS;
    return {
      boxBusyPercent: pct(busy),
      oursPercent: pct(ours),
      othersPercent: Math.max(0, pct(busy - ours)),
      load1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    };
  };
}
