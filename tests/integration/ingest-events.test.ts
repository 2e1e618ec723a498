/**
 * The ingest pipeline's side channels, on a real SQLite file and real HTTP:
 * the after-commit publish, the structured log line, and Node's request path.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { Writable } from "node:stream";

import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openStore, type Store } from "@/lib/store/client";
import type { SleepBusEvent } from "@/lib/realtime/events";
import { createDeliveryStore } from "@/lib/store/delivery-store";
import { createIngest } from "@/lib/webhooks/ingest-delivery";
import { serveWebhook } from "@/lib/webhooks/node-adapter";

import { createTestDatabase, type TestDatabase } from "../support/test-db";

const KEY = "secret-key-never-logged";
let tmp: TestDatabase;
let store: Store;
let db: Store["prisma"];
let server: Server;
let base: string;
const published: SleepBusEvent[] = [];
const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
    done();
  },
});

beforeAll(async () => {
  tmp = await createTestDatabase();
  store = await openStore({ url: tmp.url, busyTimeoutMs: 200, timeoutMs: 300 });
  db = store.prisma;
  const ingest = createIngest({
    store: createDeliveryStore(async () => store).push,
    apiKeys: [KEY],
    logger: pino({ level: "info" }, sink),
    publish: (event) => published.push(event),
  });
  server = createServer((req, res) => void serveWebhook(ingest, req, res));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const addr = server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(async () => {
  server.close();
  await store.close();
  await tmp.drop();
});

function send(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/asleep-webhook`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Api-Key": KEY, "X-User-Id": "u1", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const chunk = (seq: number, stages: number[]) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  data: { user_id: "u1", session_id: "night-1", seq_num: seq * 10 + 9, inference_seq_num: seq, sleep_stages: stages },
});

describe("after commit", () => {
  it("publishes the chunk, the assembled night and live statistics, once per stored delivery", async () => {
    const stages = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    expect((await send(chunk(0, stages))).status).toBe(200);
    expect((await send(chunk(0, stages))).status).toBe(200); // duplicate: no second event
    expect(published).toHaveLength(1);
    const e = published[0]!;
    expect(e.type).toBe("sleep:inference");
    if (e.type !== "sleep:inference") return;
    expect(e.payload).toMatchObject({
      userId: "u1",
      sessionId: "night-1",
      version: 1,
      chunk: { inferenceSeqNum: 0, startEpoch: 0, endEpoch: 9, sleepStages: stages },
      sleepStages: stages,
    });
    // 6 sleep epochs of 10: TST 180 s, SE 60 %, onset at epoch 4 = 120 s.
    expect(e.payload.statistics).toMatchObject({ totalSleepTime: 180, sleepEfficiency: 60, sleepOnsetLatency: 120 });
  });

  it("publishes nothing when the commit fails", async () => {
    const before = published.length;
    const release = await tmp.holdWriteLock();
    try {
      const res = await send(chunk(1, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]));
      expect(res.status).toBe(503);
    } finally {
      await release();
    }
    expect(published.length).toBe(before);
    expect(await db.inferenceChunk.count({ where: { sessionId: "night-1" } })).toBe(1);
  });
});

describe("over Node's HTTP server", () => {
  it("answers 413 for a declared length over 1 MiB without reading the body", async () => {
    const res = await send("x".repeat(1024 * 1024 + 1));
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
  });

  it("writes one log line per delivery with event, user, session, outcome, status and ms, never the key", async () => {
    lines.length = 0;
    await send(chunk(2, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]));
    await send(chunk(2, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]), { "X-Api-Key": "wrong" });
    const deliveries = lines.filter((l) => l.msg === "webhook delivery");
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]).toMatchObject({ event: "INFERENCE_COMPLETE", user: "u1", session: "night-1", outcome: "accepted", status: 200 });
    expect(typeof deliveries[0]!.ms).toBe("number");
    expect(deliveries[1]).toMatchObject({ outcome: "unauthorized", status: 401 });
    expect(JSON.stringify(lines)).not.toContain(KEY);
    expect(JSON.stringify(lines)).not.toContain("wrong");
  });
});

describe("the delivery log row", () => {
  type Row = { outcome: string; source: string; replayOf: number | null; headers: string | null; durationMs: number | null; dedupeKey: string | null };
  const rowsOf = (session: string) =>
    tmp.query<Row>(`SELECT "outcome", "source", "replayOf", "headers", "durationMs", "dedupeKey" FROM "WebhookDelivery" WHERE "sessionId" = ? ORDER BY "id"`, session);

  it("records the headers that arrived, names lowercased, without x-api-key, authorization or cookie", async () => {
    const night = { ...chunk(0, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), data: { ...chunk(0, []).data, session_id: "night-headers", sleep_stages: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] } };
    const res = await send(night, { Authorization: "Bearer not-stored", Cookie: "nocturne_session=not-stored", "X-Request-Id": "req-7" });
    expect(res.status).toBe(200);
    const [row] = await rowsOf("night-headers");
    expect(row).toMatchObject({ outcome: "accepted", source: "webhook", replayOf: null });
    const headers = JSON.parse(row!.headers!) as Record<string, string>;
    expect(headers).toMatchObject({ "content-type": "application/json", "x-user-id": "u1", "x-request-id": "req-7" });
    for (const name of ["x-api-key", "authorization", "cookie"]) expect(headers).not.toHaveProperty(name);
    expect(row!.headers).not.toContain(KEY);
    expect(row!.headers).not.toContain("not-stored");
    expect(row!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("records a refusal's headers, source and replay link too", async () => {
    const ingest = createIngest({
      store: createDeliveryStore(async () => store).push,
      apiKeys: [KEY],
      logger: pino({ level: "silent" }),
      publish: () => {},
    });
    const headers: Record<string, string> = { "x-api-key": KEY, "content-type": "application/json", "x-user-id": "someone-else" };
    const body = JSON.stringify({ ...chunk(0, []), data: { ...chunk(0, []).data, session_id: "night-refused", sleep_stages: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] } });
    const out = await ingest({
      header: (n) => headers[n.toLowerCase()] ?? null,
      headerEntries: () => Object.entries(headers),
      body: new Blob([body]).stream(),
      source: "replay",
      replayOf: 41,
    });
    expect(out.status).toBe(400);
    const rows = await rowsOf("night-refused");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: "rejected", source: "replay", replayOf: 41, dedupeKey: null });
    expect(JSON.parse(rows[0]!.headers!)).toEqual({ "content-type": "application/json", "x-user-id": "someone-else" });
  });
});

describe("group commit", () => {
  it("keeps arrival order inside one batch: chunk, report, late chunk, duplicate", async () => {
    const deliveries = createDeliveryStore(async () => store);
    const receivedAt = new Date("2025-05-01T07:00:00Z");
    const item = (ev: Parameters<typeof deliveries.push>[0] & { kind: "event" }) => deliveries.push(ev);
    const chunkEvent = (seq: number) => ({
      kind: "event" as const,
      raw: "{}",
      receivedAt,
      event: {
        event: "INFERENCE_COMPLETE" as const,
        userId: "u-batch",
        sessionId: "batch-night",
        seqNum: seq * 10 + 9,
        inferenceSeqNum: seq,
        sleepStages: [1, 1, 1, 1, 1, 2, 2, 2, 2, 2],
        snoringStages: null,
        breathStages: null,
        timestamp: null,
      },
    });
    const report = {
      kind: "event" as const,
      raw: "{}",
      receivedAt,
      event: {
        event: "SESSION_COMPLETE" as const,
        userId: "u-batch",
        sessionId: "batch-night",
        timezone: "UTC",
        peculiarities: [],
        missingDataRatio: null,
        startTime: "2025-05-01T06:50:00+00:00",
        endTime: "2025-05-01T07:00:00+00:00",
        unexpectedEndTime: null,
        sleepStages: Array(20).fill(1),
        snoringStages: null,
        breathStages: null,
        stat: {},
        timestamp: null,
      },
    };
    // The first push starts a transaction at once; the next three wait and share one.
    const results = await Promise.all([item(chunkEvent(0)), item(report), item(chunkEvent(1)), item(chunkEvent(0))]);
    expect(results.map((r) => r.kind)).toEqual(["chunk", "report", "late", "duplicate"]);
    const rows = await db.webhookDelivery.findMany({ where: { sessionId: "batch-night" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.outcome, r.dedupeKey])).toEqual([
      ["accepted", "INFERENCE_COMPLETE:batch-night:0"],
      ["accepted", "SESSION_COMPLETE:batch-night"],
      ["late", "INFERENCE_COMPLETE:batch-night:1"],
      ["duplicate", null],
    ]);
    const s = await db.sleepSession.findUniqueOrThrow({ where: { id: "batch-night" } });
    expect(s.state).toBe("COMPLETE");
    expect(s.sleepStages).toEqual(new Uint8Array(20).fill(2)); // 20 light epochs, stored as value + 1
    expect(await db.inferenceChunk.count({ where: { sessionId: "batch-night" } })).toBe(1);
  });
});
