/**
 * Small HTTP client helpers on node:http (keep-alive, loopback): timed
 * requests and an open-loop paced sender. Times are milliseconds from
 * performance.now() in this process.
 */
import http from "node:http";

/** A keep-alive agent with at most `maxSockets` connections (Infinity: a new one whenever all are busy). */
export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

export interface Timed {
  status: number;
  /** Request start to response headers, ms (time to first byte). */
  ttfbMs: number;
  /** Request start to the last body byte, ms. */
  totalMs: number;
  body: string;
  /** performance.now() when the request was handed to the socket. */
  sentAt: number;
}

/** One request; status 0 when the connection failed or `timeoutMs` (default 30 s) passed. */
export function timedRequest(
  url: string,
  opts: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    agent?: http.Agent;
    timeoutMs?: number;
  } = {},
): Promise<Timed> {
  return new Promise((resolve) => {
    const sentAt = performance.now();
    let ttfbMs = 0;
    const req = http.request(
      url,
      { method: opts.method ?? "GET", headers: opts.headers, agent: opts.agent, timeout: opts.timeoutMs ?? 30_000 },
      (res) => {
        ttfbMs = performance.now() - sentAt;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.once("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            ttfbMs,
            totalMs: performance.now() - sentAt,
            body: Buffer.concat(chunks).toString("utf8"),
            sentAt,
          }),
        );
      },
    );
    req.once("timeout", () => req.destroy(new Error("timeout")));
    req.once("error", () => resolve({ status: 0, ttfbMs, totalMs: performance.now() - sentAt, body: "", sentAt }));
    req.end(opts.body);
  });
}

/**
 * Calls `fire(i)` at `ratePerS` for `durationMs` (open loop: it does not wait
 * for earlier calls), ticking every 5 ms and catching up on late ticks.
 * Resolves with the number fired once the duration is over and every returned
 * promise settled (each is expected to end on its own, e.g. with a timeout).
 */
export async function paced(
  ratePerS: number,
  durationMs: number,
  fire: (i: number) => Promise<unknown>,
): Promise<number> {
  const total = Math.floor((ratePerS * durationMs) / 1000);
  const pending: Array<Promise<unknown>> = [];
  const t0 = performance.now();
  let i = 0;
  while (i < total && performance.now() - t0 < durationMs + 5000) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) * ratePerS) / 1000) + 1);
    while (i < due) pending.push(fire(i++));
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.allSettled(pending);
  return i;
}

/** Sequential timed GETs of `url`, `count` times or until `maxMs` passes, whichever first. */
export async function sequentialGets(
  url: string,
  count: number,
  maxMs: number,
  headers: Record<string, string>,
  agent: http.Agent,
): Promise<Timed[]> {
  const out: Timed[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count && performance.now() - t0 < maxMs; i++) {
    out.push(await timedRequest(url, { headers, agent }));
  }
  return out;
}
