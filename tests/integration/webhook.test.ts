/**
 * POST /asleep-webhook through the real route handler, on a real SQLite file:
 * every row of the answer table, every fixture, assembly, dedupe, concurrency.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { officialInferenceBody } from "@/lib/simulator/asleep-payloads";

import { registerIngestFromEnv } from "../support/register-ingest";
import { createTestDatabase, readFixture } from "../support/test-db";

const tmp = await createTestDatabase();
process.env.DATABASE_URL = tmp.url;
process.env.ASLEEP_API_KEYS = "old-key, new-key";
process.env.ASLEEP_API_KEY = "legacy-key";
process.env.NOCTURNE_ADMIN_TOKEN = "admin-token-for-tests";
process.env.SQLITE_BUSY_TIMEOUT_MS = "250";
process.env.LOG_LEVEL = "silent";

type Handler = (req: Request) => Promise<Response>;
let POST: Handler;
let getSession: (req: Request, ctx: { params: Promise<{ sessionId: string }> }) => Promise<Response>;

beforeAll(async () => {
  POST = (await import("@/app/asleep-webhook/route")).POST;
  getSession = (await import("@/app/api/sessions/[sessionId]/route")).GET;
  registerIngestFromEnv();
});
afterAll(async () => {
  await (await import("@/lib/store/client")).closeStore();
  await tmp.drop();
});

function userOf(body: Record<string, unknown>): string {
  const d = (body.data ?? body) as { user_id: string };
  return d.user_id;
}

function post(
  body: unknown,
  opts: { key?: string | null; user?: string | null; type?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": opts.type ?? "application/json", ...opts.headers };
  const key = opts.key === undefined ? "new-key" : opts.key;
  if (key !== null) headers["x-api-key"] = key;
  const user = opts.user === undefined && typeof body === "object" && body ? userOf(body as Record<string, unknown>) : opts.user;
  if (user) headers["x-user-id"] = user;
  return POST(
    new Request("http://localhost/asleep-webhook", {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

async function session(id: string): Promise<Record<string, unknown> & { sleepStages: number[] }> {
  const res = await getSession(
    new Request(`http://localhost/api/sessions/${id}`, { headers: { authorization: "Bearer admin-token-for-tests" } }),
    { params: Promise.resolve({ sessionId: id }) },
  );
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & { sleepStages: number[] };
}

const count = tmp.count;

/** An official-shape INFERENCE_COMPLETE, snoring during deep sleep. */
function chunk(sessionId: string, seq: number, stages: number[], user = "u-chunks") {
  return officialInferenceBody(user, sessionId, seq, stages, stages.map((s) => (s === 2 ? 1 : 0)));
}

describe("fixtures from the Asleep docs", () => {
  it("stores all five and serves the stored nights", async () => {
    for (const name of [
      "official_inference_complete.json",
      "official_session_complete.json",
      "inference_complete.json",
      "session_complete.json",
      "session_complete_minimal.json",
    ]) {
      const res = await post(readFixture(name));
      expect(res.status, name).toBe(200);
      expect((await res.json()).status, name).toBe("accepted");
    }

    const guide = await session("session123");
    expect(guide).toMatchObject({
      id: "session123",
      userId: "user123",
      state: "COMPLETE",
      startTime: "2024-01-20T22:00:00.000Z",
      endTime: "2024-01-21T06:30:00.000Z",
      epochSeconds: 30,
      sleepStages: [0, 0, 1, 1, 2, 3, 2, 1, 0],
      snoringStages: [0, 0, 0, 1, 1, 0, 0, 0, 0],
      sleepEfficiencyPercent: 88.24,
    });
    // Stored as given even though the guide's numbers do not match its 9 epochs.
    expect(guide.stat).toMatchObject({ time_in_bed: 30600, time_in_sleep: 27000, sleep_time: "06:30:00" });
    // Computed from the 9 epochs by hand: 6 sleep epochs = 180 s, TIB 270 s, SE 66.67 %.
    expect(guide.computed).toMatchObject({ timeInBed: 270, totalSleepTime: 180, sleepEfficiency: 66.67 });

    const official = await session("20250115025029_fvivn");
    expect(official).toMatchObject({
      userId: "G-20250115025029-vLErWBfQNtnfvgDccFOQ",
      state: "COMPLETE",
      timezone: "UTC",
      peculiarities: ["NO_BREATHING_STABILITY"],
      sleepEfficiencyPercent: 76.67,
      missingDataRatio: 0,
    });
    expect(official.sleepStages).toHaveLength(120);
    expect(official.computed).toMatchObject({ totalSleepTime: 2760, sleepOnsetLatency: 180, wasoCount: 2 });

    const minimal = await session("test_session");
    expect(minimal.sleepStages).toEqual([0, 1, 2, 3, 2, 1, 0]);
    expect(minimal.stat).toEqual({ sleep_time: "06:30:00", sleep_efficiency: 88.24, time_in_bed: 30600, time_in_sleep: 27000 });
  });
});

describe("answers", () => {
  const body = () => chunk("s-answers", 0, [0, 0, 1, 1, 1, 2, 2, 2, 3, 3], "u-answers");

  it("401 without a key or with a wrong key, and stores nothing", async () => {
    const before = await count("WebhookDelivery");
    const missing = await post(body(), { key: null });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: "missing x-api-key header" });
    const wrong = await post(body(), { key: "new-kez" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "invalid x-api-key" });
    expect(await count("WebhookDelivery")).toBe(before);
  });

  it("accepts every configured key (rotation) and header names in any case", async () => {
    for (const [i, key] of ["old-key", "new-key", "legacy-key"].entries()) {
      const res = await post(chunk("s-rotation", i, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], "u-rot"), {
        key: null,
        user: null,
        headers: { "X-API-KEY": key, "X-User-Id": "u-rot" },
      });
      expect(res.status, key).toBe(200);
    }
  });

  it("400 for a missing x-user-id or a body user_id that differs from it", async () => {
    const missing = await post(body(), { user: null });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toBe("missing x-user-id header");
    const differs = await post(body(), { user: "someone-else" });
    expect(differs.status).toBe(400);
    expect((await differs.json()).error).toBe('body user_id "u-answers" differs from the x-user-id header "someone-else"');
    expect(await count("SleepSession", `"id" = ?`, "s-answers")).toBe(0);
  });

  it("415 for a body that is not JSON; a charset suffix is fine", async () => {
    const res = await post(body(), { type: "text/plain" });
    expect(res.status).toBe(415);
    expect((await res.json()).error).toMatch(/application\/json/);
    expect((await post(body(), { type: "application/json; charset=utf-8" })).status).toBe(200);
  });

  it("400 with issues for malformed JSON and for schema violations", async () => {
    const malformed = await post('{"event": "INFERENCE_COMPLETE",', { user: "u-answers" });
    expect(malformed.status).toBe(400);
    const m = await malformed.json();
    expect(m.error).toBe("malformed JSON");
    expect(m.issues).toHaveLength(1);

    const bad = chunk("s-bad", 0, [0, 1, 7, 1], "u-answers");
    const invalid = await post(bad);
    expect(invalid.status).toBe(400);
    const v = await invalid.json();
    expect(v.error).toBe("INFERENCE_COMPLETE does not match the schema");
    expect(v.issues).toEqual([expect.objectContaining({ path: "data.sleep_stages.2" })]);
    expect(await count("SleepSession", `"id" = ?`, "s-bad")).toBe(0);
    expect(await count("WebhookDelivery", `"outcome" = 'rejected' AND "sessionId" = ?`, "s-bad")).toBe(1);
  });

  it("400 naming an unsupported version", async () => {
    const res = await post({ ...body(), version: "V2" });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('unsupported version "V2"; Nocturne accepts V3');
  });

  it("202 ignored for a well-formed unknown event, and logs the delivery", async () => {
    const res = await post({ event: "SESSION_STARTED", version: "V3", data: { user_id: "u-answers", session_id: "s-x" } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "ignored", event: "SESSION_STARTED" });
    expect(await count("WebhookDelivery", `"event" = 'SESSION_STARTED' AND "outcome" = 'ignored'`)).toBe(1);
  });

  it("200 duplicate for a redelivery: nothing changes but a log row without the dedupe key", async () => {
    const first = await post(chunk("s-dup", 0, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1], "u-dup"));
    expect((await first.json()).status).toBe("accepted");
    const keyed = `"dedupeKey" IS NOT NULL`;
    const before = { chunks: await count("InferenceChunk"), keyed: await count("WebhookDelivery", keyed), all: await count("WebhookDelivery") };
    const again = await post(chunk("s-dup", 0, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1], "u-dup"));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate" });
    expect({ chunks: await count("InferenceChunk"), keyed: await count("WebhookDelivery", keyed), all: await count("WebhookDelivery") }).toEqual({
      ...before,
      all: before.all + 1,
    });
    const rows = await tmp.query<{ outcome: string; dedupeKey: string | null; event: string; userId: string; httpStatus: number }>(
      `SELECT "outcome", "dedupeKey", "event", "userId", "httpStatus" FROM "WebhookDelivery" WHERE "sessionId" = 's-dup' ORDER BY "id"`,
    );
    expect(rows).toEqual([
      { outcome: "accepted", dedupeKey: "INFERENCE_COMPLETE:s-dup:0", event: "INFERENCE_COMPLETE", userId: "u-dup", httpStatus: 200 },
      { outcome: "duplicate", dedupeKey: null, event: "INFERENCE_COMPLETE", userId: "u-dup", httpStatus: 200 },
    ]);
  });

  it("two identical deliveries at the same moment leave exactly one chunk", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => post(chunk("s-race", 4, [2, 2, 2, 2, 2, 3, 3, 3, 3, 3], "u-race"))),
    );
    const statuses = await Promise.all(results.map(async (r) => [r.status, (await r.json()).status]));
    expect(statuses.filter(([, s]) => s === "accepted")).toHaveLength(1);
    expect(statuses.filter(([, s]) => s === "duplicate")).toHaveLength(5);
    expect(await count("InferenceChunk", `"sessionId" = ?`, "s-race")).toBe(1);
    expect(await count("WebhookDelivery", `"sessionId" = ? AND "dedupeKey" IS NOT NULL`, "s-race")).toBe(1);
    expect(await count("WebhookDelivery", `"sessionId" = ? AND "outcome" = 'duplicate' AND "dedupeKey" IS NULL`, "s-race")).toBe(5);
  });

  it("413 for a body over 1 MiB, streamed without a length", async () => {
    const big = new TextEncoder().encode(" ".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 4 * 1024 * 1024) return controller.close();
        sent += big.byteLength;
        controller.enqueue(big);
      },
    });
    const res = await POST(
      new Request("http://localhost/asleep-webhook", {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": "new-key", "x-user-id": "u-big" },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe("body exceeds 1048576 bytes");
    // It stopped reading soon after the limit instead of buffering all 4 MiB.
    expect(sent).toBeLessThan(1.5 * 1024 * 1024);
  });

  it("503 with Retry-After while the database is locked, with nothing half-written", async () => {
    const release = await tmp.holdWriteLock();
    let res: Response;
    try {
      res = await post(chunk("s-locked", 0, [0, 1, 1, 1, 1, 1, 1, 1, 1, 1], "u-locked"));
    } finally {
      await release();
    }
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect((await res.json()).error).toBe("database unavailable, retry later");
    expect(await count("WebhookDelivery", `"sessionId" = ?`, "s-locked")).toBe(0);
    expect(await count("SleepSession", `"id" = ?`, "s-locked")).toBe(0);
    expect(await count("User", `"id" = ?`, "u-locked")).toBe(0);
    // Asleep's retry then succeeds.
    expect((await (await post(chunk("s-locked", 0, [0, 1, 1, 1, 1, 1, 1, 1, 1, 1], "u-locked"))).json()).status).toBe(
      "accepted",
    );
    // ...and once the database stores again, the delivery log gets the 503's row too (after the retry's).
    await vi.waitFor(async () => expect(await count("WebhookDelivery", `"sessionId" = ?`, "s-locked")).toBe(2));
    const rows = await tmp.query(`SELECT "outcome", "httpStatus", "dedupeKey", "error" FROM "WebhookDelivery" WHERE "sessionId" = 's-locked' ORDER BY "id"`);
    expect(rows).toEqual([
      { outcome: "accepted", httpStatus: 200, dedupeKey: "INFERENCE_COMPLETE:s-locked:0", error: null },
      { outcome: "failed", httpStatus: 503, dedupeKey: null, error: "database unavailable, retry later" },
    ]);
  });
});

describe("live assembly", () => {
  const f0 = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
  const f1 = [1, 1, 2, 2, 2, 2, 2, 1, 1, 1];
  const f2 = [3, 3, 3, 1, 1, 1, 0, 1, 1, 1];

  it("chunks arriving 3, 1, 2 assemble in frame order", async () => {
    for (const [seq, stages] of [
      [2, f2],
      [0, f0],
      [1, f1],
    ] as const) {
      expect((await post(chunk("s-order", seq, [...stages]))).status).toBe(200);
    }
    const s = await session("s-order");
    expect(s.state).toBe("LIVE");
    expect(s.sleepStages).toEqual([...f0, ...f1, ...f2]);
  });

  it("leaves a frame no chunk covered at -1", async () => {
    await post(chunk("s-gap", 0, f0));
    await post(chunk("s-gap", 2, f2));
    expect((await session("s-gap")).sleepStages).toEqual([...f0, ...Array(10).fill(-1), ...f2]);
  });

  it("overlapping 40-epoch chunks: the highest inference_seq_num wins whatever the order", async () => {
    // seq 3 scores frame 3 (epochs 30-39); seq 6 re-scores frames 3-6 (epochs 30-69);
    // seq 5 arrives last with its own view of frames 2-5 (epochs 20-59).
    const seq3 = Array(10).fill(1);
    const seq6 = [...Array(10).fill(2), ...Array(10).fill(3), ...Array(10).fill(1), ...Array(10).fill(0)];
    const seq5 = Array(40).fill(3);
    const expected = [...Array(20).fill(-1), ...Array(10).fill(3), ...seq6];
    const orders = [
      [3, 6, 5],
      [5, 6, 3],
      [6, 3, 5],
    ];
    for (const [i, order] of orders.entries()) {
      const id = `s-overlap-${i}`;
      for (const seq of order) {
        const stages = seq === 3 ? seq3 : seq === 5 ? seq5 : seq6;
        expect((await post(chunk(id, seq!, stages))).status).toBe(200);
      }
      expect((await session(id)).sleepStages, order.join(",")).toEqual(expected);
    }
  });

  it("places a chunk by seq_num: {seq_num 6, inference_seq_num 0, 7 values} is epochs 0-6, onset latency 30 s", async () => {
    // Issue 9 item 3, the flat shape: sent at the end of epoch 6, so the start is 7 x 30 s = 210 s earlier.
    const res = await post({
      event: "INFERENCE_COMPLETE",
      version: "V3",
      timestamp: "2025-04-01T22:03:30Z",
      user_id: "u-chunks",
      session_id: "s-partial",
      seq_num: 6,
      inference_seq_num: 0,
      sleep_stages: [0, 1, 1, 2, 2, 3, 3],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ startEpoch: 0, endEpoch: 6, epochs: 7 });
    const s = await session("s-partial");
    expect(s.sleepStages).toEqual([0, 1, 1, 2, 2, 3, 3]);
    expect(s.startTime).toBe("2025-04-01T22:00:00.000Z");
    expect(s.computed).toMatchObject({ sleepOnsetLatency: 30, timeInBed: 210, totalSleepTime: 180 });
  });

  it("places a night's partial last analysis at its seq_num, after the full frames", async () => {
    await post(chunk("s-tail", 0, f0));
    await post(chunk("s-tail", 1, f1));
    const tail = chunk("s-tail", 2, [0, 0, 0, 0, 0]);
    tail.data.seq_num = 24; // frame 2's first 5 uploads: epochs 20-24, not 25-29
    expect((await post(tail)).status).toBe(200);
    expect((await session("s-tail")).sleepStages).toEqual([...f0, ...f1, 0, 0, 0, 0, 0]);
  });

  it("400 naming seq_num and sleep_stages for a chunk longer than seq_num + 1, and stores nothing", async () => {
    const body = chunk("s-too-long", 0, f0);
    body.data.seq_num = 5; // 10 values ending at epoch 5 would start at epoch -4
    const res = await post(body);
    expect(res.status).toBe(400);
    const answer = await res.json();
    expect(answer.error).toBe("sleep_stages is longer than seq_num + 1");
    expect(answer.issues.map((i: { path: string }) => i.path)).toEqual(["data.sleep_stages", "data.seq_num"]);
    expect(answer.issues[0].message).toContain("at most seq_num + 1 = 6 values");
    expect(await count("SleepSession", `"id" = ?`, "s-too-long")).toBe(0);
  });

  it("SESSION_COMPLETE replaces the assembly; a later chunk changes nothing", async () => {
    await post(chunk("s-final", 0, f0));
    const complete = {
      event: "SESSION_COMPLETE",
      version: "V3",
      data: {
        user_id: "u-chunks",
        timezone: "Europe/Paris",
        peculiarities: [],
        session: {
          id: "s-final",
          state: "COMPLETE",
          start_time: "2025-03-01T23:00:00+01:00",
          end_time: "2025-03-01T23:10:00+01:00",
          sleep_stages: [...f0, ...f1],
          snoring_stages: Array(20).fill(0),
        },
        stat: { sleep_efficiency: 0.75 },
      },
    };
    expect((await post(complete)).status).toBe(200);
    const late = await post(chunk("s-final", 5, f2));
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ status: "ignored", reason: "session already complete", sessionId: "s-final" });
    const s = await session("s-final");
    expect(s).toMatchObject({ state: "COMPLETE", startTime: "2025-03-01T22:00:00.000Z", timezone: "Europe/Paris" });
    expect(s.sleepStages).toEqual([...f0, ...f1]);
    expect(s.sleepEfficiencyPercent).toBe(75);
  });

  it("a flat SESSION_COMPLETE keeps its session.timezone: 11:00-01:00 UTC is shown as Asia/Seoul", async () => {
    const body = readFixture("session_complete.json") as { session: Record<string, unknown>; session_id: string };
    body.session_id = "s-seoul";
    Object.assign(body.session, {
      id: "s-seoul",
      timezone: "Asia/Seoul",
      start_time: "2025-01-15T11:00:00+00:00",
      end_time: "2025-01-16T01:00:00+00:00",
    });
    expect((await post(body)).status).toBe(200);
    expect(await session("s-seoul")).toMatchObject({ timezone: "Asia/Seoul", startTime: "2025-01-15T11:00:00.000Z" });
  });

  it("SESSION_COMPLETE for a session never seen live creates it", async () => {
    const body = readFixture("official_session_complete.json") as { data: { session: { id: string } } };
    body.data.session.id = "s-never-live";
    expect((await post(body)).status).toBe(200);
    const s = await session("s-never-live");
    expect(s.state).toBe("COMPLETE");
    expect(s.sleepStages).toHaveLength(120);
    expect(await count("InferenceChunk", `"sessionId" = ?`, "s-never-live")).toBe(0);
  });
});

describe("ownership", () => {
  it("409 when another user sends an event for a session that is not theirs, even a copy of a stored one", async () => {
    const body = chunk("s-owned", 0, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], "u-owner");
    expect((await post(body)).status).toBe(200);
    for (const seq of [0, 1]) {
      const res = await post(chunk("s-owned", seq, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "u-intruder"));
      expect(res.status, `seq ${seq}`).toBe(409);
      expect((await res.json()).error).toBe("session s-owned belongs to another user");
    }
    expect((await session("s-owned")).sleepStages).toEqual(Array(10).fill(1));
  });
});

describe("bounds and impossible values at the edge (issue 9, items 11-12)", () => {
  it("415 for application/merge-patch+json and other +json types; exactly application/json is accepted", async () => {
    for (const type of ["application/merge-patch+json", "application/vnd.asleep+json", "text/json"]) {
      const res = await post(chunk("s-type", 0, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], "u-type"), { type });
      expect(res.status, type).toBe(415);
      expect((await res.json()).error).toBe(`content-type must be application/json, got "${type}"`);
    }
    expect(await count("SleepSession", `"id" = ?`, "s-type")).toBe(0);
    expect((await post(chunk("s-type", 0, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], "u-type"), { type: "Application/JSON;charset=UTF-8" })).status).toBe(200);
  });

  it("400 naming the 24-hour bound for inference_seq_num 32000, and no 111-day night is created", async () => {
    const body = chunk("s-huge", 0, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], "u-huge");
    body.data.inference_seq_num = 32000;
    body.data.seq_num = 320009;
    const res = await post(body);
    expect(res.status).toBe(400);
    const answer = await res.json();
    expect(answer.issues.map((i: { path: string }) => i.path).sort()).toEqual(["data.inference_seq_num", "data.seq_num"]);
    expect(JSON.stringify(answer.issues)).toContain("24-hour night");
    expect(await count("SleepSession", `"id" = ?`, "s-huge")).toBe(0);
    expect(await count("WebhookDelivery", `"sessionId" = ? AND "outcome" = 'rejected' AND "httpStatus" = 400`, "s-huge")).toBe(1);
  });

  it("400 with the path of each negative statistic; nothing but the audit row is written", async () => {
    const body = readFixture("session_complete.json") as { session_id: string; session: { id: string }; stat: Record<string, unknown> };
    body.session_id = body.session.id = "s-negative";
    Object.assign(body.stat, { time_in_sleep: -60, waso_count: -1 });
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).issues).toEqual([
      { path: "stat.time_in_sleep", message: "seconds cannot be negative" },
      { path: "stat.waso_count", message: "a count cannot be negative" },
    ]);
    expect(await count("SleepSession", `"id" = ?`, "s-negative")).toBe(0);
    expect(await count("SleepReport", `"sessionId" = ?`, "s-negative")).toBe(0);
  });

  it("stores sleep_index 55.5 as 55.5, not 55 (the column is a float on both databases)", async () => {
    const body = readFixture("session_complete.json") as { session_id: string; session: { id: string }; stat: Record<string, unknown> };
    body.session_id = body.session.id = "s-index";
    body.stat.sleep_index = 55.5;
    expect((await post(body)).status).toBe(200);
    const [row] = await tmp.query<{ sleepIndex: number }>(`SELECT "sleepIndex" FROM "SleepReport" WHERE "sessionId" = ?`, "s-index");
    expect(Number(row!.sleepIndex)).toBe(55.5);
    expect((await session("s-index")).stat).toMatchObject({ sleep_index: 55.5 });
  });
});
