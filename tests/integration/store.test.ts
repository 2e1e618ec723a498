/**
 * The storage layer on a real database (SQLite in the "sqlite" project,
 * PostgreSQL in the "postgres" one): a poisoned delivery fails alone, instants
 * survive any database and server time zone, and (PostgreSQL) outages answer
 * 503 quickly and heal by themselves, and two migration runners migrate once.
 */
process.env.TZ = "America/New_York";

import { randomBytes } from "node:crypto";

import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { AsleepEvent } from "@/lib/asleep/webhook-schema";
import { openStore, type Store } from "@/lib/store/client";
import { createDeliveryStore } from "@/lib/store/delivery-store";
import { applyMigrations } from "@/lib/store/migrate";
import { getSleepSession } from "@/lib/store/queries";
import { saveDeliveryBatch, type StoreItem } from "@/lib/store/write-batch";
import { createIngest, type DeliveryOutcome } from "@/lib/webhooks/ingest-delivery";

import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { createTestDatabase, TEST_PG_SERVER, TEST_PROVIDER, type TestDatabase } from "../support/test-db";

let tmp: TestDatabase;
let store: Store;

beforeAll(async () => {
  tmp = await createTestDatabase("store");
  store = await openStore({ url: tmp.url, busyTimeoutMs: 300, timeoutMs: 800 });
});
afterAll(async () => {
  await store.close();
  await tmp.drop();
});

function chunkItem(sessionId: string, inferenceSeqNum: number, stages: number[], userId = "u-store"): StoreItem {
  return {
    kind: "event",
    raw: JSON.stringify({ sessionId, inferenceSeqNum }),
    receivedAt: new Date("2025-06-01T03:00:00Z"),
    event: {
      event: "INFERENCE_COMPLETE",
      userId,
      sessionId,
      seqNum: inferenceSeqNum * 10 + 9,
      inferenceSeqNum,
      sleepStages: stages,
      snoringStages: null,
      breathStages: null,
      timestamp: null,
    },
  };
}

const TEN_LIGHT = Array<number>(10).fill(1);

describe("a poisoned delivery fails alone", () => {
  beforeAll(async () => {
    // The database itself refuses one session's chunks, as a constraint or a bad value would.
    if (tmp.provider === "sqlite") {
      await tmp.exec(
        `CREATE TRIGGER poison BEFORE INSERT ON "InferenceChunk" WHEN NEW."sessionId" = 'poisoned' BEGIN SELECT RAISE(ABORT, 'poisoned chunk'); END;`,
      );
    } else {
      await tmp.exec(`CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN
          IF NEW."sessionId" = 'poisoned' THEN RAISE EXCEPTION 'poisoned chunk' USING ERRCODE = '23514'; END IF;
          RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER poison BEFORE INSERT ON "InferenceChunk" FOR EACH ROW EXECUTE FUNCTION poison();`);
    }
  });

  it("stores the rest of its batch, answers it alone with an error, and records it in the audit log", async () => {
    const results = await saveDeliveryBatch(store, [
      chunkItem("healthy-a", 0, TEN_LIGHT),
      chunkItem("poisoned", 0, TEN_LIGHT),
      chunkItem("healthy-b", 0, TEN_LIGHT),
      chunkItem("healthy-a", 0, TEN_LIGHT), // a duplicate of the first, in the same batch
    ]);
    expect(results.map((r) => r.kind)).toEqual(["chunk", "failed", "chunk", "duplicate"]);
    const failed = results[1]!;
    expect(failed.kind === "failed" && failed.status).toBe(500);
    expect(failed.kind === "failed" && failed.error).toContain("poisoned chunk");
    expect(await tmp.count("InferenceChunk", `"sessionId" IN ('healthy-a', 'healthy-b')`)).toBe(2);
    expect(await tmp.count("InferenceChunk", `"sessionId" = 'poisoned'`)).toBe(0);
    expect(await tmp.count("SleepSession", `"id" = 'poisoned'`)).toBe(0);
    const audit = await tmp.query<{ outcome: string; httpStatus: number; dedupeKey: string | null }>(
      `SELECT "outcome", "httpStatus", "dedupeKey" FROM "WebhookDelivery" WHERE "sessionId" = 'poisoned'`,
    );
    expect(audit).toEqual([{ outcome: "failed", httpStatus: 500, dedupeKey: null }]);
  });

  it("over the ingest: the poisoned delivery gets 500 with a JSON error, the others 200", async () => {
    const ingest = createIngest({
      store: createDeliveryStore(async () => store).push,
      apiKeys: ["k"],
      logger: pino({ level: "silent" }),
      publish: () => {},
    });
    const post = (sessionId: string) =>
      ingest({
        header: (n) => ({ "x-api-key": "k", "x-user-id": "u-store", "content-type": "application/json" })[n] ?? null,
        body: new Blob([
          JSON.stringify({
            event: "INFERENCE_COMPLETE",
            version: "V3",
            data: { user_id: "u-store", session_id: sessionId, seq_num: 19, inference_seq_num: 1, sleep_stages: TEN_LIGHT },
          }),
        ]).stream(),
      });
    const [a, bad, b] = await Promise.all([post("healthy-a"), post("poisoned"), post("healthy-c")]);
    expect([a.status, bad.status, b.status]).toEqual([200, 500, 200]);
    expect(bad.body.error).toMatch(/could not be stored: .*poisoned chunk/);
  });
});

describe("instants are exact whatever the database's and the server's time zone", () => {
  it("returns the start and end times sent (database in Asia/Tokyo, TZ=America/New_York)", async () => {
    expect(new Date("2025-01-01T00:00:00Z").getTimezoneOffset()).toBe(300); // the server's zone really is New York
    if (tmp.provider === "postgresql") {
      const name = new URL(tmp.url).pathname.slice(1);
      await tmp.exec(`ALTER DATABASE "${name}" SET timezone TO 'Asia/Tokyo'`);
    }
    // A fresh store, so its connections start after the database's zone changed.
    const tokyo = await openStore({ url: tmp.url });
    try {
      if (tmp.provider === "postgresql") {
        const fresh = new pg.Client({ connectionString: tmp.url });
        await fresh.connect();
        expect((await fresh.query("SHOW timezone")).rows[0].TimeZone).toBe("Asia/Tokyo");
        await fresh.end();
      }
      const ev: AsleepEvent = {
        event: "SESSION_COMPLETE",
        userId: "u-tz",
        sessionId: "tz-night",
        timezone: "Asia/Seoul",
        peculiarities: [],
        missingDataRatio: null,
        startTime: "2025-03-09T01:30:00-05:00",
        endTime: "2025-03-09T09:15:30+09:00",
        unexpectedEndTime: null,
        sleepStages: [0, 1, 2, 3],
        snoringStages: null,
        breathStages: null,
        stat: {},
        timestamp: null,
      };
      const [result] = await saveDeliveryBatch(tokyo, [{ kind: "event", event: ev, raw: "{}", receivedAt: new Date() }]);
      expect(result!.kind).toBe("report");
      const view = await getSleepSession(tokyo, "tz-night");
      expect(view!.startTime).toBe("2025-03-09T06:30:00.000Z");
      expect(view!.endTime).toBe("2025-03-09T00:15:30.000Z");
      // A chunk for the same night reads the stored start back through the write path.
      const [late] = await saveDeliveryBatch(tokyo, [chunkItem("tz-night", 0, TEN_LIGHT, "u-tz")]);
      expect(late!.kind).toBe("late");
      expect((await getSleepSession(tokyo, "tz-night"))!.startTime).toBe("2025-03-09T06:30:00.000Z");
    } finally {
      await tokyo.close();
    }
  });
});

describe.runIf(TEST_PROVIDER === "postgresql")("PostgreSQL outages", () => {
  let proxy: TcpProxy;
  let away: Store;
  let ingest: (sessionId: string) => Promise<DeliveryOutcome>;

  beforeAll(async () => {
    const target = new URL(TEST_PG_SERVER);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(tmp.url);
    url.host = `127.0.0.1:${proxy.port}`;
    away = await openStore({ url: url.toString(), timeoutMs: 1000, poolMax: 4 });
    const run = createIngest({
      store: createDeliveryStore(async () => away).push,
      apiKeys: ["k"],
      logger: pino({ level: "silent" }),
      publish: () => {},
    });
    let frame = 0;
    ingest = (sessionId) =>
      run({
        header: (n) => ({ "x-api-key": "k", "x-user-id": "u-outage", "content-type": "application/json" })[n] ?? null,
        body: new Blob([
          JSON.stringify({
            event: "INFERENCE_COMPLETE",
            version: "V3",
            data: { user_id: "u-outage", session_id: sessionId, seq_num: frame * 10 + 9, inference_seq_num: frame++, sleep_stages: TEN_LIGHT },
          }),
        ]).stream(),
      });
  });
  afterAll(async () => {
    await proxy.up();
    await away.close();
    await proxy.close();
  });

  async function timed(sessionId: string): Promise<{ outcome: DeliveryOutcome; ms: number }> {
    const t0 = performance.now();
    const outcome = await ingest(sessionId);
    return { outcome, ms: performance.now() - t0 };
  }

  it("stopped server: 503 + Retry-After within 2 s, nothing written, then service resumes by itself", async () => {
    expect((await timed("outage-stop")).outcome.status).toBe(200); // warm pool
    await proxy.down();
    const down = await timed("outage-stop");
    expect(down.outcome.status).toBe(503);
    expect(down.outcome.headers?.["retry-after"]).toBe("5");
    expect(down.ms).toBeLessThan(2000);
    await proxy.up();
    const back = await timed("outage-stop");
    expect(back.outcome.status).toBe(200);
    expect(await tmp.count("InferenceChunk", `"sessionId" = 'outage-stop'`)).toBe(2);
  });

  it("unreachable server (connections hang): 503 within 2 s, then service resumes", async () => {
    await proxy.hang();
    const hung = await timed("outage-hang");
    expect(hung.outcome.status).toBe(503);
    expect(hung.ms).toBeLessThan(2000);
    await proxy.up();
    expect((await timed("outage-hang")).outcome.status).toBe(200);
  });

  it("a lock held elsewhere: 503 within 2 s with nothing half-written, then the retry is stored", async () => {
    const release = await tmp.holdWriteLock();
    let locked: { outcome: DeliveryOutcome; ms: number };
    try {
      locked = await timed("outage-lock");
    } finally {
      await release();
    }
    expect(locked.outcome.status).toBe(503);
    expect(locked.ms).toBeLessThan(2000);
    expect(await tmp.count("SleepSession", `"id" = 'outage-lock'`)).toBe(0);
    expect((await timed("outage-lock")).outcome.status).toBe(200);
  });
});

describe.runIf(TEST_PROVIDER === "postgresql")("PostgreSQL migrations", () => {
  it("two runners starting together on a database that does not exist: it is created and migrated once", async () => {
    const name = `nocturne_migrate_${randomBytes(4).toString("hex")}`;
    const url = `${TEST_PG_SERVER}/${name}`;
    try {
      const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
      const applied = [...a, ...b].sort();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const rows = (await c.query(`SELECT migration_name, checksum, finished_at IS NOT NULL AS done FROM "_prisma_migrations" ORDER BY 1`)).rows;
      const tables = (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.tablename);
      await c.end();
      // Every migration applied exactly once, by one of the two runners.
      expect(rows.map((r) => r.migration_name)).toEqual(applied);
      expect(new Set(applied).size).toBe(applied.length);
      expect(Math.min(a.length, b.length)).toBe(0);
      expect(rows.every((r) => r.done && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
      expect(tables).toEqual(expect.arrayContaining(["InferenceChunk", "SleepReport", "SleepSession", "User", "WebhookDelivery", "_prisma_migrations"]));
      expect(await applyMigrations(url)).toEqual([]);
    } finally {
      const admin = new pg.Client({ connectionString: `${TEST_PG_SERVER}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
