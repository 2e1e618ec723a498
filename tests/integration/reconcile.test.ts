/**
 * Reconciliation end to end on a real database (both engines) and real HTTP:
 * the real REST client against a local Asleep-shaped server, the real ingest
 * pipeline and batch writer. Expected values are Asleep's (hand-written stat
 * in the fake server), not Nocturne's computation.
 */
import { Readable } from "node:stream";

import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createAsleepRestClient, type AsleepRestClient } from "@/lib/asleep/rest-client";
import type { SleepBusEvent } from "@/lib/realtime/events";
import { runReconciliation, type ReconcileDeps, type ReconcileSummary } from "@/lib/reconcile/reconcile";
import { officialInferenceBody } from "@/lib/simulator/asleep-payloads";
import { openStore, type Store } from "@/lib/store/client";
import { createDeliveryStore } from "@/lib/store/delivery-store";
import { listQuietNights } from "@/lib/store/reconcile-queries";
import { createIngest, type Ingest } from "@/lib/webhooks/ingest-delivery";

import { completeSession, startFakeAsleep, type FakeAsleep } from "../support/fake-asleep";
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/test-db";

const WEBHOOK_KEY = "webhook-key-0123";
const REST_KEY = "customer-rest-key";
const HOUR = 3_600_000;

let tmp: TestDatabase;
let store: Store;
let asleep: FakeAsleep;
let ingest: Ingest;
let client: AsleepRestClient;
const published: SleepBusEvent[] = [];

beforeAll(async () => {
  tmp = await createTestDatabase("reconcile");
  store = await openStore({ url: tmp.url, busyTimeoutMs: 2000, timeoutMs: 2000 });
  asleep = await startFakeAsleep({ apiKey: REST_KEY });
  ingest = createIngest({
    store: createDeliveryStore(async () => store).push,
    apiKeys: [WEBHOOK_KEY],
    logger: pino({ level: "silent" }),
    publish: (event) => published.push(event),
  });
  client = createAsleepRestClient({ baseUrl: asleep.url, apiKey: REST_KEY, requestsPerSecond: 1000, timeoutMs: 3000, backoffBaseMs: 5 });
});
afterAll(async () => {
  await asleep?.close();
  await store?.close();
  await tmp?.drop();
});
beforeEach(() => {
  asleep.requests.length = 0;
  published.length = 0;
});

function deps(overrides: Partial<ReconcileDeps> = {}): ReconcileDeps {
  return { store, client, ingest, webhookKey: WEBHOOK_KEY, ...overrides };
}

/** A webhook delivery as Asleep POSTs it. */
function post(userId: string, body: unknown) {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { "x-api-key": WEBHOOK_KEY, "x-user-id": userId, "content-type": "application/json" };
  return ingest({ header: (n) => headers[n.toLowerCase()] ?? null, body: Readable.from([Buffer.from(text)]) });
}

/** Four frames of chunks (40 epochs) for a night, as INFERENCE_COMPLETE deliveries. */
async function liveNight(userId: string, sessionId: string, stages: number[]) {
  for (let f = 0; f * 10 < stages.length; f++) {
    const r = await post(userId, officialInferenceBody(userId, sessionId, f, stages.slice(f * 10, f * 10 + 10)));
    expect(r.body.status).toBe("accepted");
  }
}

// 40 epochs = 20 minutes: 2 min wake, then light, deep, REM, light.
const STAGES = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1];
// Asleep's own figures, deliberately not what Nocturne would compute from STAGES (so the test sees whose they are).
const ASLEEP_STAT = { sleep_efficiency: 0.83, time_in_bed: 1200, time_in_sleep: 1010, sleep_latency: 150, waso_count: 2, sleep_index: 71 };

function startOf(hoursAgo: number): string {
  return new Date(Date.now() - hoursAgo * HOUR).toISOString();
}

const counts = (s: ReconcileSummary) => ({ checked: s.checked, fetched: s.fetched, stored: s.stored, alreadyThere: s.alreadyThere, pending: s.pending, failed: s.failed.length });

async function ran(result: Awaited<ReturnType<typeof runReconciliation>>): Promise<ReconcileSummary> {
  if (result.kind !== "ran") throw new Error(`expected a run, got ${result.kind}`);
  return result.summary;
}

describe("a night whose SESSION_COMPLETE never arrived", () => {
  it("is completed with Asleep's stat after a run, and a late webhook is then a duplicate", async () => {
    await liveNight("u-quiet", "night-quiet", STAGES);
    asleep.putSession("u-quiet", completeSession("night-quiet", startOf(2), STAGES, ASLEEP_STAT));
    // An hour later (the night is quiet for more than 30 minutes); only this user, so other tests' nights stay out.
    const summary = await ran(await runReconciliation(deps(), { userId: "u-quiet", now: () => Date.now() + HOUR }));
    // Step a fetched it; step b found it in the list already handled.
    expect(counts(summary)).toEqual({ checked: 1, fetched: 1, stored: 1, alreadyThere: 0, pending: 0, failed: 0 });
    expect(summary.stoppedBy).toBeNull();
    expect(asleep.requests.map((r) => r.path)).toEqual(["/data/v3/sessions/night-quiet", "/data/v1/sessions"]);
    expect(asleep.requests[0]!.headers).toMatchObject({ "x-api-key": REST_KEY, "x-user-id": "u-quiet" });

    const [session] = await tmp.query<{ state: string; sleepEfficiency: number; totalSleepTime: number }>(
      `SELECT "state", "sleepEfficiency", "totalSleepTime" FROM "SleepSession" WHERE "id" = ?`,
      "night-quiet",
    );
    expect(session).toMatchObject({ state: "COMPLETE", sleepEfficiency: 83, totalSleepTime: 1010 });
    const [report] = await tmp.query<{ sleepLatency: number; wasoCount: number; sleepIndex: number; sleepEfficiencyUnit: string }>(
      `SELECT "sleepLatency", "wasoCount", "sleepIndex", "sleepEfficiencyUnit" FROM "SleepReport" WHERE "sessionId" = ?`,
      "night-quiet",
    );
    expect(report).toMatchObject({ sleepLatency: 150, wasoCount: 2, sleepIndex: 71 });
    // In the delivery log as the webhook's row would be, marked as reconciliation's.
    expect(await tmp.query(`SELECT "event", "outcome", "httpStatus", "source" FROM "WebhookDelivery" WHERE "dedupeKey" = ?`, "SESSION_COMPLETE:night-quiet")).toEqual([
      { event: "SESSION_COMPLETE", outcome: "accepted", httpStatus: 200, source: "reconcile" },
    ]);
    // Viewers watching get the report like a webhook's.
    expect(published.filter((e) => e.type === "sleep:session_complete").map((e) => e.payload.sessionId)).toEqual(["night-quiet"]);

    const late = await post("u-quiet", { event: "SESSION_COMPLETE", version: "V3", data: { ...completeSession("night-quiet", startOf(2), STAGES, ASLEEP_STAT), user_id: "u-quiet" } });
    expect(late).toMatchObject({ status: 200, body: { status: "duplicate" } });

    // A second run finds nothing to do: the night is complete.
    const again = await ran(await runReconciliation(deps(), { userId: "u-quiet", now: () => Date.now() + HOUR }));
    expect(counts(again)).toEqual({ checked: 1, fetched: 0, stored: 0, alreadyThere: 1, pending: 0, failed: 0 });
  });

  it("asks for the times in the zone the session was created in, and reports progress per step", async () => {
    await liveNight("u-seoul", "night-seoul", STAGES);
    const seoul = completeSession("night-seoul", startOf(2), STAGES, ASLEEP_STAT);
    seoul.session.created_timezone = "Asia/Seoul";
    asleep.putSession("u-seoul", seoul);
    const progress: string[] = [];
    const summary = await ran(
      await runReconciliation(deps(), {
        userId: "u-seoul",
        now: () => Date.now() + HOUR,
        onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total} ${p.label} stored=${p.counts.stored}`),
      }),
    );
    expect(summary.stored).toBe(1);
    // The first answer was in UTC (no header): asked again in Asia/Seoul, as the webhook would have it.
    expect(asleep.requests.filter((r) => r.path === "/data/v3/sessions/night-seoul").map((r) => r.headers.timezone)).toEqual([undefined, "Asia/Seoul"]);
    expect(await tmp.query(`SELECT "timezone" FROM "SleepSession" WHERE "id" = ?`, "night-seoul")).toEqual([{ timezone: "Asia/Seoul" }]);
    expect(progress).toEqual(["quiet-nights 1/2 night-seoul stored=1", "session-lists 2/2 u-seoul stored=1"]);
  });

  it("stays live when Asleep does not know it (404) or is still analysing it (CLOSED)", async () => {
    await liveNight("u-open", "night-404", STAGES.slice(0, 10));
    await liveNight("u-open", "night-closed", STAGES.slice(0, 10));
    const closed = completeSession("night-closed", startOf(1), STAGES, {});
    closed.session.state = "CLOSED";
    asleep.putSession("u-open", closed);
    const summary = await ran(await runReconciliation(deps(), { userId: "u-open", now: () => Date.now() + HOUR }));
    // Two quiet nights asked for: one 404, one CLOSED; the list holds the CLOSED one, already handled.
    expect(counts(summary)).toEqual({ checked: 2, fetched: 1, stored: 0, alreadyThere: 0, pending: 2, failed: 0 });
    expect(await tmp.count("SleepSession", `"userId" = ? AND "state" = 'LIVE'`, "u-open")).toBe(2);
  });
});

describe("which nights are quiet", () => {
  it("a live night is quiet after 30 minutes without a delivery, not before; newest delivery first", async () => {
    await liveNight("u-boundary", "night-b1", STAGES.slice(0, 10));
    await liveNight("u-boundary", "night-b2", STAGES.slice(0, 10));
    // night-b1's last delivery a minute before night-b2's.
    const last = (await store.prisma.sleepSession.findUniqueOrThrow({ where: { id: "night-b2" }, select: { updatedAt: true } })).updatedAt.getTime();
    await store.prisma.sleepSession.update({ where: { id: "night-b1" }, data: { updatedAt: new Date(last - 60_000) } });
    const quiet = async (minutes: number) =>
      (await listQuietNights(store, { quietSeconds: 30 * 60, userId: "u-boundary", now: last + minutes * 60_000 })).map((n) => n.sessionId);
    expect(await quiet(28)).toEqual([]);
    expect(await quiet(29.5)).toEqual(["night-b1"]); // 30.5 and 29.5 minutes without a delivery
    expect(await quiet(31)).toEqual(["night-b2", "night-b1"]);
  });
});

describe("Asleep's session list", () => {
  it("stores a session Nocturne never heard of", async () => {
    asleep.putSession("u-missing", completeSession("night-missing", startOf(30), STAGES, ASLEEP_STAT));
    const summary = await ran(await runReconciliation(deps(), { userId: "u-missing" }));
    expect(counts(summary)).toEqual({ checked: 1, fetched: 1, stored: 1, alreadyThere: 0, pending: 0, failed: 0 });
    const rows = await tmp.query<{ state: string; userId: string; timeInBed: number }>(`SELECT "state", "userId", "timeInBed" FROM "SleepSession" WHERE "id" = ?`, "night-missing");
    expect(rows).toEqual([{ state: "COMPLETE", userId: "u-missing", timeInBed: 1200 }]);
    // The list was asked for the last 3 days up to tomorrow (UTC), newest first, 100 a page.
    const list = asleep.requests.find((r) => r.path === "/data/v1/sessions")!;
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect(list.query).toEqual({ date_gte: day(-3), date_lte: day(1), order_by: "DESC", offset: "0", limit: "100" });
  });

  it("completes a live night however recent, for every known user", async () => {
    await liveNight("u-recent", "night-recent", STAGES);
    asleep.putSession("u-recent", completeSession("night-recent", startOf(0.5), STAGES, ASLEEP_STAT));
    const summary = await ran(await runReconciliation(deps()));
    expect(summary.stored).toBe(1);
    expect(summary.failed).toEqual([]);
    expect((await tmp.query<{ state: string }>(`SELECT "state" FROM "SleepSession" WHERE "id" = ?`, "night-recent"))[0]!.state).toBe("COMPLETE");
  });

  it("a dry run fetches and reports but stores nothing", async () => {
    await liveNight("u-dry", "night-dry", STAGES);
    asleep.putSession("u-dry", completeSession("night-dry", startOf(1), STAGES, ASLEEP_STAT));
    asleep.putSession("u-dry", completeSession("night-dry-missing", startOf(26), STAGES, ASLEEP_STAT));
    const deliveriesBefore = await tmp.count("WebhookDelivery");
    const summary = await ran(await runReconciliation(deps(), { userId: "u-dry", dryRun: true }));
    expect(summary.dryRun).toBe(true);
    expect(counts(summary)).toEqual({ checked: 2, fetched: 2, stored: 2, alreadyThere: 0, pending: 0, failed: 0 });
    expect(await tmp.count("WebhookDelivery")).toBe(deliveriesBefore);
    expect(await tmp.count("SleepSession", `"id" = ?`, "night-dry-missing")).toBe(0);
    expect(await tmp.count("SleepSession", `"id" = ? AND "state" = 'LIVE'`, "night-dry")).toBe(1);
    expect(published.filter((e) => e.type === "sleep:session_complete")).toEqual([]);
  });
});

describe("errors", () => {
  it("401 stops the run with the operator's message", async () => {
    asleep.putSession("u-401", completeSession("night-401", startOf(3), STAGES, ASLEEP_STAT));
    const wrong = createAsleepRestClient({ baseUrl: asleep.url, apiKey: "revoked", requestsPerSecond: 1000, timeoutMs: 3000 });
    const summary = await ran(await runReconciliation(deps({ client: wrong })));
    expect(summary.stoppedBy).toBe("Asleep refused the API key (401): check ASLEEP_REST_API_KEY");
    expect(summary.stored).toBe(0);
    // Stopped at the first request, whatever the number of users.
    expect(asleep.requests).toHaveLength(1);
  });

  it("a failing session is a failure with its reason, and the run goes on", async () => {
    asleep.putSession("u-fail", completeSession("night-fail", startOf(4), STAGES, ASLEEP_STAT));
    asleep.fail({ path: "/data/v3/sessions/night-fail", status: 403, detail: "Quota exceeded" });
    const summary = await ran(await runReconciliation(deps(), { userId: "u-fail" }));
    expect(summary.failed).toEqual([{ userId: "u-fail", sessionId: "night-fail", reason: "Asleep refused /data/v3/sessions/night-fail (403: Quota exceeded)" }]);
    expect(summary.stoppedBy).toBeNull();
  });
});

describe("never overlapping", () => {
  it("a second run while one is going answers already running", async () => {
    const [a, b] = await Promise.all([runReconciliation(deps(), { userId: "u-quiet" }), runReconciliation(deps(), { userId: "u-quiet" })]);
    expect(a.kind).toBe("ran");
    expect(b).toEqual({ kind: "already-running", message: "a reconciliation run is already running" });
    // Once it finished, the next run goes.
    expect((await runReconciliation(deps(), { userId: "u-quiet" })).kind).toBe("ran");
  });

  it.runIf(TEST_PROVIDER === "postgresql")("on PostgreSQL, a run holding the lock on another connection keeps this one out", async () => {
    const other = await openStore({ url: tmp.url, timeoutMs: 2000 });
    try {
      const release = await other.tryJobLock("reconcile");
      expect(release).not.toBeNull();
      expect(await runReconciliation(deps(), { userId: "u-quiet" })).toEqual({ kind: "already-running", message: "a reconciliation run is already running on another instance" });
      expect(await store.tryJobLock("reconcile")).toBeNull();
      await release!();
      expect((await runReconciliation(deps(), { userId: "u-quiet" })).kind).toBe("ran");
    } finally {
      await other.close();
    }
  });
});
