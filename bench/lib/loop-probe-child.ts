/**
 * Child process of loop-probe.ts: GETs argv[2] every argv[3] ms, sends
 * "ready"; on "lap" sends back { samples (ms), failed } since the last lap and
 * goes on, on "stop" sends them and exits.
 * Ends on its own after 30 minutes or when the parent goes away.
 */
import http from "node:http";

const url = process.argv[2] ?? "";
const intervalMs = Number(process.argv[3] ?? 20);
// No socket cap: a probe never queues behind another in this process, only in the server.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const samples: number[] = [];
let failed = 0;

function probe(): void {
  const t0 = performance.now();
  const req = http.get(url, { agent, timeout: 10_000 }, (res) => {
    res.resume();
    res.once("end", () => {
      if (res.statusCode === 400) samples.push(performance.now() - t0);
      else failed++;
    });
  });
  req.once("timeout", () => req.destroy());
  req.once("error", () => failed++);
}

const timer = setInterval(probe, intervalMs);
const guard = setTimeout(() => process.exit(0), 30 * 60_000);
process.on("disconnect", () => process.exit(0));
process.on("message", (what) => {
  if (what === "lap") {
    process.send?.({ samples: samples.splice(0), failed });
    failed = 0;
    return;
  }
  clearInterval(timer);
  clearTimeout(guard);
  // Let the last probes (at most a few ms old) come back.
  setTimeout(() => process.send?.({ samples, failed }, () => process.exit(0)), 200);
});
process.send?.("ready");
