/**
 * POST/GET /api/reconcile (the route handlers as a client meets them), the run
 * list they share with server.ts's timer, and the timer's stop on shutdown;
 * on a real database, with a local Asleep-shaped REST server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ReconcileStatus } from "@/lib/reconcile/runs";

import { completeSession, startFakeAsleep } from "../support/fake-asleep";
import { registerIngestFromEnv } from "../support/register-ingest";
import { createTestDatabase } from "../support/test-db";

const ADMIN_TOKEN = "admin-token-for-reconcile";
const KEY = "customer-key-for-reconcile";
const tmp = await createTestDatabase("reconcile-api");
const asleep = await startFakeAsleep({ apiKey: KEY });
process.env.DATABASE_URL = tmp.url;
process.env.ASLEEP_API_KEYS = KEY;
process.env.ASLEEP_API_URL = asleep.url;
process.env.ASLEEP_API_RPS = "100";
process.env.NOCTURNE_ADMIN_TOKEN = ADMIN_TOKEN;
process.env.NOCTURNE_SECRET = "r".repeat(40);
process.env.LOG_LEVEL = "silent";

const SITE = "http://localhost";
type Handler = (req: Request) => Promise<Response>;
let post: Handler;
let get: Handler;

beforeAll(async () => {
  registerIngestFromEnv();
  const route = await import("@/app/api/reconcile/route");
  post = route.POST;
  get = route.GET;
  asleep.putSession("api-user", completeSession("api-night", new Date(Date.now() - 9 * 3_600_000).toISOString(), [0, 1, 2, 3, 1, 0], { time_in_sleep: 120 }));
  // Nocturne knows the user (step b asks Asleep for known users).
  const { Readable } = await import("node:stream");
  const { registeredIngest } = await import("@/lib/webhooks/handle-webhook-request");
  const body = JSON.stringify({ event: "INFERENCE_COMPLETE", version: "V3", data: { user_id: "api-user", session_id: "api-live", seq_num: 9, inference_seq_num: 0, sleep_stages: [0, 0, 1, 1, 1, 1, 1, 1, 1, 1] } });
  const headers: Record<string, string> = { "x-api-key": KEY, "x-user-id": "api-user", "content-type": "application/json" };
  expect((await registeredIngest()!({ header: (n) => headers[n] ?? null, body: Readable.from([Buffer.from(body)]) })).status).toBe(200);
});
afterAll(async () => {
  await asleep.close();
  await (await import("@/lib/store/client")).closeStore();
  await tmp.drop();
});

const operator = { authorization: `Bearer ${ADMIN_TOKEN}` };
function request(method: "GET" | "POST", headers: Record<string, string> = {}, body?: string): Request {
  return new Request(`${SITE}/api/reconcile`, { method, headers: { host: "localhost", ...headers }, body });
}
async function status(): Promise<ReconcileStatus> {
  return (await (await get(request("GET", operator))).json()) as ReconcileStatus;
}
async function untilIdle(): Promise<ReconcileStatus> {
  for (let i = 0; i < 200; i++) {
    const s = await status();
    if (!s.current) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the run did not end");
}

describe("POST /api/reconcile", () => {
  it("refuses the anonymous (401), another site's page (403) and a bad body (400)", async () => {
    expect((await post(request("POST"))).status).toBe(401);
    expect((await get(request("GET"))).status).toBe(401);
    const foreign = await post(request("POST", { ...operator, origin: "https://evil.example" }));
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: "cross-site request refused: Origin https://evil.example is not this site" });
    const bad = await post(request("POST", operator, '{"dryRun": "yes"}'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^body must be \{\} or \{"dryRun": true\}/);
  });

  it("starts a run (202), a second meanwhile gets 409 already running, and the run lands in the list", async () => {
    asleep.fail({ path: "/data/v1/sessions", delayMs: 600 });
    const first = await post(request("POST", { ...operator, origin: SITE }, "{}"));
    expect(first.status).toBe(202);
    expect(((await first.json()) as ReconcileStatus).current).toMatchObject({ trigger: "operator", dryRun: false });
    const second = await post(request("POST", operator));
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({ error: "a reconciliation run is already running" });

    const done = await untilIdle();
    expect(done.runs).toHaveLength(1);
    expect(done.runs[0]).toMatchObject({ trigger: "operator", checked: 1, fetched: 1, stored: 1, alreadyThere: 0, failed: [], stoppedBy: null });
    expect(done.settings).toMatchObject({ configured: true, apiUrl: asleep.url, keySource: "ASLEEP_API_KEYS" });
    expect(await tmp.count("SleepSession", `"id" = ? AND "state" = 'COMPLETE'`, "api-night")).toBe(1);
  });
});

describe("the background timer", () => {
  it("runs, records its runs newest first, and stops a run under way on shutdown", async () => {
    const { startReconcileTimer } = await import("@/lib/reconcile/runs");
    const { getEnv } = await import("@/lib/env");
    const { getStore } = await import("@/lib/store/client");
    const { registeredIngest } = await import("@/lib/webhooks/handle-webhook-request");
    const { default: pino } = await import("pino");
    // The list answer takes 5 s: the timer's run is still waiting for it at shutdown.
    asleep.fail({ path: "/data/v1/sessions", delayMs: 5000 });
    const errors: unknown[] = [];
    const timer = startReconcileTimer(async () => ({ env: getEnv(), store: await getStore(), ingest: registeredIngest()!, logger: pino({ level: "silent" }) }), {
      intervalMinutes: 60,
      firstDelayMs: 0,
      onError: (err) => errors.push(err),
    });
    for (let i = 0; i < 100 && !(await status()).current; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await status()).current).toMatchObject({ trigger: "timer" });
    await timer.stop();
    const after = await status();
    expect(after.current).toBeNull();
    expect(after.runs.map((r) => r.trigger)).toEqual(["timer", "operator"]);
    expect(after.runs[0]!.stoppedBy).toBe("stopped: the server is shutting down");
    expect(errors).toEqual([]);
    // After shutdown no run starts.
    expect((await post(request("POST", operator))).status).toBe(409);
  });
});
