/**
 * Closed-loop webhook load with autocannon (as a library): `connections`
 * keep-alive connections each POST a fresh unique delivery as soon as the
 * previous answer arrived, for `durationS` seconds. Every answer's body is
 * read to learn which deliveries the target acknowledged.
 */
import autocannon from "autocannon";

import { deliveryHeaders, deliveryKey, type DeliveryGenerator } from "./payloads";

export interface LoadOptions {
  /** Base URL of the target, e.g. http://127.0.0.1:3401 */
  baseUrl: string;
  path?: string;
  apiKey: string;
  connections: number;
  /** Seconds; with `amount`, the most the run may take. */
  durationS: number;
  /** Stop after this many answers instead of after `durationS` (warm-ups). */
  amount?: number;
  gen: DeliveryGenerator;
}

export interface LoadResult {
  /** Seconds the load lasted. */
  durationS: number;
  connections: number;
  /** 2xx answers per second. */
  deliveriesPerS: number;
  /** Answers of any status per second. */
  requestsPerS: number;
  /** Milliseconds, request written to answer complete, from autocannon's histogram. */
  latencyMs: { mean: number; p50: number; p99: number; max: number };
  answered2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Deliveries built (sent, or in flight when the run stopped). */
  generated: number;
  /** `sessionId:inferenceSeqNum` of every delivery answered 2xx "accepted". */
  acked: Set<string>;
  /** 2xx answers that did not say "accepted" with the delivery's identity (e.g. "duplicate"). */
  unkeyed2xx: number;
}

function ackKey(body: string): string | null {
  try {
    const j = JSON.parse(body) as { status?: unknown; sessionId?: unknown; inferenceSeqNum?: unknown };
    if (j.status === "accepted" && typeof j.sessionId === "string" && typeof j.inferenceSeqNum === "number") {
      return deliveryKey(j.sessionId, j.inferenceSeqNum);
    }
  } catch {
    // not JSON: counted as unkeyed
  }
  return null;
}

/** Runs one load; resolves with autocannon's figures plus the acknowledged deliveries. */
export function runIngestLoad(opts: LoadOptions): Promise<LoadResult> {
  const acked = new Set<string>();
  let unkeyed2xx = 0;
  const startCount = opts.gen.count();
  return new Promise((resolve, reject) => {
    let cap: NodeJS.Timeout | undefined;
    const instance = autocannon(
      {
        url: opts.baseUrl,
        connections: opts.connections,
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.durationS }),
        timeout: 10,
        requests: [
          {
            method: "POST",
            path: opts.path ?? "/asleep-webhook",
            setupRequest: (req) => {
              const d = opts.gen.next();
              return { ...req, method: "POST", headers: deliveryHeaders(opts.apiKey, d.userId), body: d.body };
            },
            onResponse: (status, body) => {
              if (status < 200 || status > 299) return;
              const key = ackKey(body);
              if (key) acked.add(key);
              else unkeyed2xx++;
            },
          },
        ],
      },
      (err, r) => {
        clearTimeout(cap);
        if (err) return reject(err);
        const statusCodes: Record<string, number> = {};
        for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = s.count;
        resolve({
          durationS: r.duration,
          connections: opts.connections,
          deliveriesPerS: Math.round((r["2xx"] / r.duration) * 10) / 10,
          requestsPerS: Math.round((r.latency.totalCount / r.duration) * 10) / 10,
          latencyMs: { mean: r.latency.mean, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
          answered2xx: r["2xx"],
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          statusCodes,
          generated: opts.gen.count() - startCount,
          acked,
          unkeyed2xx,
        });
      },
    );
    if (opts.amount) cap = setTimeout(() => instance.stop(), opts.durationS * 1000);
  });
}

/**
 * Warms a target up (JIT, Prisma's query compiler, Next's route modules):
 * `amount` deliveries at `connections`, or `maxS` seconds, whichever ends first.
 * Figures are thrown away. Prisma-backed receivers run at a third of their
 * speed for their first ~2 s, so a fixed 1 s warm-up is not enough.
 */
export async function warmUp(
  opts: Omit<LoadOptions, "durationS" | "amount">,
  amount: number,
  maxS: number,
): Promise<void> {
  await runIngestLoad({ ...opts, amount, durationS: maxS });
}
