/**
 * The delivery log (lib/store/delivery-log.ts) and replay
 * (lib/webhooks/replay-deliveries.ts, POST /api/deliveries/replay), on a real
 * database of either engine, with deliveries sent through the real webhook
 * route handler: every outcome is listed with its values, filters combine,
 * keyset paging shows every row exactly once in order, a replay of an accepted
 * delivery is a duplicate that changes nothing, and a delivery that failed
 * while the database was locked is stored by its replay.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { officialInferenceBody } from "@/lib/simulator/asleep-payloads";
import type { Store } from "@/lib/store/client";

import { registerIngestFromEnv } from "../support/register-ingest";
import { createTestDatabase, TEST_PROVIDER } from "../support/test-db";

const tmp = await createTestDatabase("delivery-log");
process.env.DATABASE_URL = tmp.url;
process.env.ASLEEP_API_KEYS = "first-key, second-key";
process.env.NOCTURNE_ADMIN_TOKEN = "admin-token-for-log-tests";
process.env.NOCTURNE_SECRET = "a-secret-of-at-least-32-characters-for-tests";
process.env.SQLITE_BUSY_TIMEOUT_MS = "250";
process.env.DATABASE_TIMEOUT_MS = "500";
process.env.LOG_LEVEL = "silent";

type Handler = (req: Request) => Promise<Response>;
let webhook: Handler;
let replayRoute: Handler;
let store: Store;
let log: typeof import("@/lib/store/delivery-log");

beforeAll(async () => {
  webhook = (await import("@/app/asleep-webhook/route")).POST;
  replayRoute = (await import("@/app/api/deliveries/replay/route")).POST;
  log = await import("@/lib/store/delivery-log");
  store = await (await import("@/lib/store/client")).getStore();
  registerIngestFromEnv();
});
afterAll(async () => {
  await (await import("@/lib/store/client")).closeStore();
  await tmp.drop();
});

function send(body: unknown, user: string, extra: Record<string, string> = {}): Promise<Response> {
  return webhook(
    new Request("http://localhost/asleep-webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "second-key", "x-user-id": user, ...extra },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

function replay(body: unknown, headers: Record<string, string> = { authorization: "Bearer admin-token-for-log-tests" }): Promise<Response> {
  return replayRoute(
    new Request("http://localhost/api/deliveries/replay", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
  );
}

const stages = [0, 1, 1, 1, 2, 2, 2, 3, 3, 1];
const report = (user: string, session: string) => ({
  event: "SESSION_COMPLETE",
  version: "V3",
  timestamp: "2026-12-01T07:00:00+00:00",
  data: {
    user_id: user,
    session: { id: session, state: "COMPLETE", start_time: "2026-12-01T06:55:00+00:00", end_time: "2026-12-01T07:00:00+00:00", sleep_stages: stages },
    stat: { time_in_bed: 300 },
    peculiarities: [],
  },
});

/** The ids of the rows of one session, by outcome, in id order. */
async function idsOf(session: string): Promise<Array<{ id: number; outcome: string; httpStatus: number }>> {
  const rows = await tmp.query<{ id: number; outcome: string; httpStatus: number }>(
    `SELECT "id", "outcome", "httpStatus" FROM "WebhookDelivery" WHERE "sessionId" = ? ORDER BY "id"`,
    session,
  );
  return rows.map((r) => ({ id: Number(r.id), outcome: r.outcome, httpStatus: Number(r.httpStatus) }));
}

describe("every outcome is in the log", () => {
  it("accepted, duplicate, rejected (with its reason), ignored, late: listed newest first with their values", async () => {
    expect((await send(officialInferenceBody("u-log", "s-log", 0, stages), "u-log", { "x-trace": "t1" })).status).toBe(200);
    expect((await send(officialInferenceBody("u-log", "s-log", 0, stages), "u-log")).status).toBe(200); // duplicate
    expect((await send(report("u-log", "s-log"), "u-log")).status).toBe(200);
    expect((await send(officialInferenceBody("u-log", "s-log", 1, stages), "u-log")).status).toBe(200); // late
    expect((await send(officialInferenceBody("u-log", "s-log", 2, stages), "someone-else")).status).toBe(400); // rejected
    expect((await send({ event: "SESSION_STARTED", version: "V3", data: { user_id: "u-log", session_id: "s-log" } }, "u-log")).status).toBe(202);

    const page = await log.listDeliveries(store, { sessionId: "s-log" });
    expect(page.entries.map((e) => [e.event, e.userId, e.outcome, e.httpStatus, e.source])).toEqual([
      ["SESSION_STARTED", "u-log", "ignored", 202, "webhook"],
      ["INFERENCE_COMPLETE", "someone-else", "rejected", 400, "webhook"],
      ["INFERENCE_COMPLETE", "u-log", "late", 200, "webhook"],
      ["SESSION_COMPLETE", "u-log", "accepted", 200, "webhook"],
      ["INFERENCE_COMPLETE", "u-log", "duplicate", 200, "webhook"],
      ["INFERENCE_COMPLETE", "u-log", "accepted", 200, "webhook"],
    ]);
    expect(page.entries[1]!.error).toBe('body user_id "u-log" differs from the x-user-id header "someone-else"');
    expect(page.entries.every((e) => e.durationMs !== null && e.durationMs >= 0)).toBe(true);
    expect(page).toMatchObject({ older: null, newer: null });
  });

  it("the detail: headers without the key, the body, what it changed", async () => {
    const [accepted, duplicate, report_, late] = await idsOf("s-log");
    const detail = (await log.getDeliveryDetail(store, accepted!.id))!;
    expect(detail.headers).toEqual({ "content-type": "application/json", "x-user-id": "u-log", "x-trace": "t1" });
    expect(JSON.stringify(detail)).not.toContain("second-key");
    expect(JSON.parse(detail.body!)).toEqual(officialInferenceBody("u-log", "s-log", 0, stages));
    // Chunk 0 covers epochs 0-9 (inference_seq_num 0, ten epochs).
    expect(detail.change).toEqual({ kind: "chunk", sessionId: "s-log", inferenceSeqNum: 0, startEpoch: 0, endEpoch: 9 });
    expect((await log.getDeliveryDetail(store, report_!.id))!.change).toEqual({ kind: "report", sessionId: "s-log" });
    expect((await log.getDeliveryDetail(store, duplicate!.id))!.change.kind).toBe("nothing");
    expect((await log.getDeliveryDetail(store, late!.id))!.change).toEqual({
      kind: "nothing",
      reason: "the night was already complete when this chunk arrived",
    });
    expect(await log.getDeliveryDetail(store, 987654)).toBeNull();
  });
});

describe("filters and keyset paging", () => {
  // 137 rows written directly: users u-page-0..2 in turn, every 5th rejected, one minute apart from 2026-11-30 10:00 UTC.
  const N = 137;
  const start = Date.UTC(2026, 10, 30, 10, 0, 0);
  const at = (i: number) => new Date(start + i * 60_000);
  const userOf = (i: number) => `u-page-${i % 3}`;
  const outcomeOf = (i: number) => (i % 5 === 0 ? "rejected" : "accepted");
  let firstId = 0;

  beforeAll(async () => {
    const literal = (d: Date) => (TEST_PROVIDER === "sqlite" ? d.toISOString().replace("Z", "+00:00") : d.toISOString().replace("Z", ""));
    const values = Array.from(
      { length: N },
      (_, i) => `('${literal(at(i))}', 'INFERENCE_COMPLETE', '${userOf(i)}', 's-page-${i % 3}', '${outcomeOf(i)}', ${outcomeOf(i) === "rejected" ? 400 : 200}, '{}')`,
    );
    await tmp.exec(`INSERT INTO "WebhookDelivery" ("receivedAt", "event", "userId", "sessionId", "outcome", "httpStatus", "body") VALUES ${values.join(", ")}`);
    const [row] = await tmp.query<{ m: number }>(`SELECT MIN("id") AS m FROM "WebhookDelivery" WHERE "userId" LIKE 'u-page-%'`);
    firstId = Number(row!.m);
  });

  /** Walks every page older-ward, then back newer-ward; returns both id sequences. */
  async function walk(filter: Parameters<typeof log.listDeliveries>[1], size: number) {
    const down: number[] = [];
    let cursor: { before?: number; after?: number } = {};
    let pages = 0;
    for (;;) {
      const page = await log.listDeliveries(store, filter, cursor, size);
      down.push(...page.entries.map((e) => e.id));
      if (pages++ > 0) expect(page.newer).toBe(page.entries[0]!.id);
      if (page.older === null) break;
      cursor = { before: page.older };
    }
    const up: number[] = [];
    let back = await log.listDeliveries(store, filter, cursor, size);
    for (;;) {
      up.unshift(...back.entries.map((e) => e.id));
      if (back.newer === null) break;
      back = await log.listDeliveries(store, filter, { after: back.newer }, size);
    }
    return { down, up, pages };
  }

  it("every row exactly once across pages, newest first, both ways", async () => {
    const expected = Array.from({ length: N }, (_, i) => firstId + i)
      .filter((_, i) => userOf(i) === "u-page-1")
      .reverse();
    expect(expected).toHaveLength(46); // i = 1, 4, ..., 136
    const { down, up, pages } = await walk({ userId: "u-page-1" }, 10);
    expect(down).toEqual(expected);
    expect(up).toEqual(expected);
    expect(pages).toBe(5);
  });

  it("filters combine: user, outcome and a time range", async () => {
    // 10:30 <= receivedAt < 11:00 is i = 30..59; of those u-page-0 (i % 3 == 0) and rejected (i % 5 == 0): 30, 45.
    const filter = { userId: "u-page-0", outcome: "rejected" as const, from: at(30), to: at(60) };
    const { down } = await walk(filter, 1);
    expect(down).toEqual([firstId + 45, firstId + 30]);
    const bySession = await log.listDeliveries(store, { sessionId: "s-page-2", outcome: "accepted", event: "INFERENCE_COMPLETE" }, {}, 200);
    const want = Array.from({ length: N }, (_, i) => i).filter((i) => i % 3 === 2 && i % 5 !== 0);
    expect(bySession.entries.map((e) => e.id)).toEqual(want.map((i) => firstId + i).reverse());
    expect((await log.listDeliveries(store, { event: "NO_SUCH_EVENT" })).entries).toEqual([]);
  });

  it("reads the page's query string: datetime-local in the browser's zone, bad fields reported", () => {
    const q = log.parseDeliveryLogQuery({ outcome: "failed", user: " u1 ", from: "2026-12-02T09:00", to: "nonsense", tz: "Asia/Seoul", before: "40" });
    // 09:00 in Seoul (UTC+9) is 00:00 UTC.
    expect(q.filter).toEqual({ outcome: "failed", userId: "u1", from: new Date("2026-12-02T00:00:00Z") });
    expect(q.cursor).toEqual({ before: 40 });
    expect(q.problems).toEqual(['to: not a date and time ("nonsense")']);
    expect(log.parseDeliveryLogQuery({ outcome: "maybe" }).problems).toHaveLength(1);
    expect(log.parseDeliveryLogQuery({ outcome: "maybe" }).filter).toEqual({});
  });
});

describe("replay", () => {
  it("an accepted delivery replays as a duplicate and nothing changes; the replay row links to it", async () => {
    const [accepted] = await idsOf("s-log");
    const chunksBefore = await tmp.count("InferenceChunk");
    const res = await replay({ ids: [accepted!.id] });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results).toEqual([
      expect.objectContaining({ id: accepted!.id, ok: true, status: 200, answer: "duplicate", replay: expect.objectContaining({ outcome: "duplicate", source: "replay", replayOf: accepted!.id }) }),
    ]);
    expect(await tmp.count("InferenceChunk")).toBe(chunksBefore);
    const detail = (await log.getDeliveryDetail(store, accepted!.id))!;
    expect(detail.replays.map((r) => [r.outcome, r.source, r.replayOf])).toEqual([["duplicate", "replay", accepted!.id]]);
    const replayed = (await log.getDeliveryDetail(store, results[0].replay.id))!;
    expect(replayed.original?.id).toBe(accepted!.id);
    // It arrived with the stored headers (no key stored, none shown).
    expect(replayed.headers).toEqual({ "content-type": "application/json", "x-user-id": "u-log", "x-trace": "t1" });
  });

  it("a delivery that failed (503, database locked) is stored by its replay once the database is back", async () => {
    const release = await tmp.holdWriteLock();
    let res: Response;
    try {
      res = await send(officialInferenceBody("u-outage", "s-outage", 0, stages), "u-outage");
    } finally {
      await release();
    }
    expect(res.status).toBe(503);
    // The next stored delivery writes the 503's row.
    expect((await send(officialInferenceBody("u-outage", "s-outage-other", 0, stages), "u-outage")).status).toBe(200);
    await vi.waitFor(async () => expect(await idsOf("s-outage")).toHaveLength(1));
    const [failed] = await idsOf("s-outage");
    expect(failed).toMatchObject({ outcome: "failed", httpStatus: 503 });
    expect(await tmp.count("InferenceChunk", `"sessionId" = 's-outage'`)).toBe(0);

    // Replay every failed delivery of u-outage, by filter, in batches of one.
    const first = await (await replay({ filter: { userId: "u-outage" }, limit: 1 })).json();
    expect(first).toMatchObject({ total: 1, next: failed!.id });
    expect(first.results).toEqual([expect.objectContaining({ id: failed!.id, ok: true, status: 200, answer: "accepted" })]);
    const second = await (await replay({ filter: { userId: "u-outage" }, limit: 1, after: first.next, upTo: first.upTo })).json();
    expect(second).toEqual({ results: [], upTo: first.upTo, next: null });

    expect(await tmp.count("InferenceChunk", `"sessionId" = 's-outage'`)).toBe(1);
    const rows = await idsOf("s-outage");
    expect(rows.map((r) => [r.outcome, r.httpStatus])).toEqual([
      ["failed", 503],
      ["accepted", 200],
    ]);
    const detail = (await log.getDeliveryDetail(store, failed!.id))!;
    expect(detail.replays.map((r) => [r.id, r.outcome, r.source])).toEqual([[rows[1]!.id, "accepted", "replay"]]);
    expect((await log.getDeliveryDetail(store, rows[1]!.id))!.change).toMatchObject({ kind: "chunk", sessionId: "s-outage" });
  });

  it("a pruned delivery cannot be replayed: a clear error, nothing written", async () => {
    const [, duplicate] = await idsOf("s-log");
    await tmp.exec(`UPDATE "WebhookDelivery" SET "body" = NULL WHERE "id" = ${duplicate!.id}`);
    const before = await tmp.count("WebhookDelivery");
    const { results } = await (await replay({ ids: [duplicate!.id, 999999] })).json();
    expect(results).toEqual([
      { id: duplicate!.id, ok: false, error: "its body was pruned (older than NOCTURNE_AUDIT_RETENTION_DAYS): it cannot be replayed" },
      { id: 999999, ok: false, error: "no delivery 999999" },
    ]);
    expect(await tmp.count("WebhookDelivery")).toBe(before);
  });

  it("operator only, same-origin, validated", async () => {
    expect((await replay({ ids: [1] }, {})).status).toBe(401);
    const { signAccessToken } = await import("@/lib/auth/tokens");
    const viewer = `nocturne_session=${await signAccessToken({ role: "viewer", userId: "u-log" }, process.env.NOCTURNE_SECRET!, 600)}`;
    expect((await replay({ ids: [1] }, { cookie: viewer })).status).toBe(403);
    const cross = await replay({ ids: [1] }, { authorization: "Bearer admin-token-for-log-tests", origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    const bad = await replay({ ids: [] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe("invalid replay request");
    const notFailed = await replay({ filter: { outcome: "accepted" } });
    expect(notFailed.status).toBe(400);
    expect(JSON.stringify(await notFailed.json())).toContain("only failed deliveries are replayed by filter");
  });
});
