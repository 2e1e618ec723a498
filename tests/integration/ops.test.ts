/**
 * The operator's probes on a real server (SQLite): liveness, readiness with
 * its checks, Prometheus metrics that count what happened and are served to
 * loopback or the operator only, and a SIGTERM drain that fails readiness
 * first and exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureBuilt, startServer, TEST_SECRETS, type ServerProcess } from "../support/server-process";
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/test-db";

describe.runIf(TEST_PROVIDER === "sqlite")("health, readiness, metrics and drain", () => {
  let db: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase("ops");
    server = await startServer({ DATABASE_URL: db.url, NOCTURNE_DRAIN_GRACE_MS: "1500" });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("answers liveness and readiness with the checks", async () => {
    const live = await fetch(`${server.baseUrl}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok", draining: false });
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; checks: { database: { ok: boolean }; draining: boolean; redis?: unknown } };
    expect(body.status).toBe("ready");
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.draining).toBe(false);
    expect(body.checks.redis).toBeUndefined(); // no REDIS_URL
  });

  it("counts deliveries by event, outcome and status, and serves metrics to loopback or the operator only", async () => {
    const post = (key: string) =>
      fetch(`${server.baseUrl}/asleep-webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key, "x-user-id": "u-ops" },
        body: JSON.stringify({
          event: "INFERENCE_COMPLETE",
          version: "V3",
          data: { user_id: "u-ops", session_id: "ops-night", seq_num: 9, inference_seq_num: 0, sleep_stages: Array(10).fill(1) },
        }),
      });
    expect((await post(TEST_SECRETS.ASLEEP_API_KEYS)).status).toBe(200);
    expect((await post(TEST_SECRETS.ASLEEP_API_KEYS)).status).toBe(200); // duplicate
    expect((await post("wrong-key")).status).toBe(401);
    const res = await fetch(`${server.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain('nocturne_webhook_deliveries_total{event="INFERENCE_COMPLETE",outcome="accepted",status="200"} 1');
    expect(text).toContain('nocturne_webhook_deliveries_total{event="INFERENCE_COMPLETE",outcome="duplicate",status="200"} 1');
    expect(text).toContain('nocturne_webhook_deliveries_total{event="UNKNOWN",outcome="unauthorized",status="401"} 1');
    expect(text).toMatch(/^nocturne_ingest_duration_seconds_count 3$/m);
    expect(text).toMatch(/^nocturne_batch_size_count \d+$/m);
    expect(text).toMatch(/^nocturne_write_queue_depth 0$/m);
    expect(text).toMatch(/^nocturne_db_pool_connections\{state="idle"\} 1$/m);
    expect(text).toMatch(/^nocturne_sockets_connected 0$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    // Relayed by a proxy: not loopback any more; the operator's token still works.
    const proxied = { "x-forwarded-for": "203.0.113.9" };
    expect((await fetch(`${server.baseUrl}/metrics`, { headers: proxied })).status).toBe(403);
    const withToken = await fetch(`${server.baseUrl}/metrics`, {
      headers: { ...proxied, authorization: `Bearer ${TEST_SECRETS.NOCTURNE_ADMIN_TOKEN}` },
    });
    expect(withToken.status).toBe(200);
  });

  it("a path too long to come back to signs in without `next`; a malformed %-escape is a 400, not a 500", async () => {
    const long = await fetch(`${server.baseUrl}/sessions/${"a".repeat(5000)}`, { redirect: "manual" });
    expect(long.status).toBe(307);
    expect(long.headers.get("location")).toBe("/login");
    const short = await fetch(`${server.baseUrl}/sessions/night-1`, { redirect: "manual" });
    expect(short.headers.get("location")).toBe("/login?next=%2Fsessions%2Fnight-1");
    for (const path of ["/api/sessions/%ff", "/sessions/%ff", "/users/%ff%fe", "/api/sessions/%00"]) {
      const res = await fetch(`${server.baseUrl}${path}`);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ error: "malformed percent-encoding in the URL path" });
    }
  });

  it("on SIGTERM fails readiness at once, keeps serving through the grace period, then exits 0", async () => {
    server.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { draining: boolean } }).checks.draining).toBe(true);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => server.child.once("exit", (c) => resolve(c)));
    expect(code).toBe(0);
  });
});
