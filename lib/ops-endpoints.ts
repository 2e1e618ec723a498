/**
 * The operator's probes, answered by server.ts before Next (fast, and they
 * answer while Next starts or drains):
 * - `GET /healthz` liveness: 200 `{"status":"ok"}` while the process serves.
 * - `GET /readyz` readiness: 200 when the database answers within a short
 *   timeout, Redis too when configured, and the instance is not draining;
 *   otherwise 503. The JSON body names each check: `{"status", "checks": {database, redis?, draining}}`.
 * - `GET /metrics` Prometheus text format (lib/metrics.ts), to loopback
 *   clients or to `Authorization: Bearer <NOCTURNE_ADMIN_TOKEN>`; others get 403.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

import { isAdminToken } from "./auth/authenticate-request";
import type { Metrics } from "./metrics";

export interface OpsDeps {
  pingDatabase: (timeoutMs: number) => Promise<void>;
  /** Absent without REDIS_URL. */
  pingRedis?: (timeoutMs: number) => Promise<void>;
  draining: () => boolean;
  metrics: Metrics;
}

/** How long readiness waits for each dependency, in milliseconds. */
export const READY_TIMEOUT_MS = 1000;

type Check = { ok: true; ms: number } | { ok: false; error: string };

async function check(ping: (ms: number) => Promise<void>): Promise<Check> {
  const t0 = performance.now();
  try {
    await Promise.race([
      ping(READY_TIMEOUT_MS),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS).unref()),
    ]);
    return { ok: true, ms: Math.round(performance.now() - t0) };
  } catch (err) {
    return { ok: false, error: (err as Error).message.split("\n")[0] || String(err) };
  }
}

function send(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(text);
}

function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? "";
  // A request relayed by a proxy on this machine is not the operator's own.
  return (a === "127.0.0.1" || a === "::1" || a === "::ffff:127.0.0.1") && !req.headers["x-forwarded-for"];
}

/** The readiness verdict and its checks. */
export async function readiness(deps: OpsDeps): Promise<{ ready: boolean; body: Record<string, unknown> }> {
  const [database, redis] = await Promise.all([check(deps.pingDatabase), deps.pingRedis ? check(deps.pingRedis) : undefined]);
  const draining = deps.draining();
  const ready = database.ok && (!redis || redis.ok) && !draining;
  return {
    ready,
    body: { status: ready ? "ready" : "not ready", checks: { database, ...(redis ? { redis } : {}), draining } },
  };
}

/** Answers the request if it is one of the probes; returns whether it did. */
export function serveOps(deps: OpsDeps, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const path = req.url?.split("?")[0];
  if (path === "/healthz") {
    send(res, 200, { status: "ok", draining: deps.draining() });
    return true;
  }
  if (path === "/readyz") {
    void readiness(deps).then(({ ready, body }) => send(res, ready ? 200 : 503, body));
    return true;
  }
  if (path === "/metrics") {
    const auth = req.headers.authorization ?? "";
    const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1] ?? null;
    if (!isLoopback(req) && !(bearer && isAdminToken(bearer))) {
      send(res, 403, { error: "metrics are served to loopback clients or to Authorization: Bearer <NOCTURNE_ADMIN_TOKEN>" });
      return true;
    }
    void deps.metrics.registry.metrics().then(
      (text) => send(res, 200, text, deps.metrics.registry.contentType),
      (err: Error) => send(res, 500, { error: err.message }),
    );
    return true;
  }
  return false;
}
