/**
 * The delivery log at a million rows: the page, health and replay queries of
 * lib/store/delivery-log.ts read through an index on either engine (EXPLAIN
 * QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), never a whole-table scan or a
 * sort of the whole log. Plans, not timings: a plan says what the query will
 * read whatever the machine.
 *
 * The rows: one INSERT ... SELECT (a recursive CTE on SQLite, generate_series
 * on PostgreSQL), 30 days of deliveries, 2,000 users, 20,000 nights; 1 % failed
 * (503), 1 % rejected, 2 % duplicates, 0.5 % late, 0.5 % ignored, the rest accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openStore, type Store } from "@/lib/store/client";
import { deliveryPageQuery, type DeliveryCursor, type DeliveryFilter } from "@/lib/store/delivery-log";

import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from "../support/test-db";

const ROWS = 1_000_000;
let tmp: TestDatabase;
let store: Store;

const outcome = `CASE WHEN i % 100 = 1 THEN 'failed' WHEN i % 100 = 2 THEN 'rejected' WHEN i % 100 IN (3, 4) THEN 'duplicate'
  WHEN i % 200 = 5 THEN 'late' WHEN i % 200 = 6 THEN 'ignored' ELSE 'accepted' END`;
const status = `CASE WHEN i % 100 = 1 THEN 503 WHEN i % 100 = 2 THEN 400 ELSE 200 END`;
const columns = `"receivedAt", "event", "userId", "sessionId", "outcome", "httpStatus", "source"`;
// 2026-11-01T00:00:00Z plus 2.592 s per row: 30 days.
const START = 1_793_491_200;

beforeAll(async () => {
  tmp = await createTestDatabase("delivery-plan");
  if (TEST_PROVIDER === "sqlite") {
    await tmp.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
      INSERT INTO "WebhookDelivery" (${columns})
      SELECT strftime('%Y-%m-%dT%H:%M:%S.000+00:00', ${START} + i * 2.592, 'unixepoch'),
        CASE WHEN i % 50 = 0 THEN 'SESSION_COMPLETE' ELSE 'INFERENCE_COMPLETE' END,
        'u-' || (i % 2000), 's-' || (i % 20000), ${outcome}, ${status}, CASE WHEN i % 1000 = 7 THEN 'replay' ELSE 'webhook' END
      FROM n;
      ANALYZE;`);
  } else {
    await tmp.exec(`INSERT INTO "WebhookDelivery" (${columns})
      SELECT to_timestamp(${START} + i * 2.592) AT TIME ZONE 'UTC',
        CASE WHEN i % 50 = 0 THEN 'SESSION_COMPLETE' ELSE 'INFERENCE_COMPLETE' END,
        'u-' || (i % 2000), 's-' || (i % 20000), ${outcome}, ${status}, CASE WHEN i % 1000 = 7 THEN 'replay' ELSE 'webhook' END
      FROM generate_series(1, ${ROWS}) AS i;
      ANALYZE "WebhookDelivery";`);
  }
  store = await openStore({ url: tmp.url });
}, 600_000);
afterAll(async () => {
  await store?.close();
  await tmp?.drop();
});

/** The engine's plan of a query, one line per step. */
async function plan(sql: string, args: unknown[]): Promise<string[]> {
  if (store.provider === "sqlite") {
    const rows = await store.prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, ...args);
    return rows.map((r) => r.detail);
  }
  const rows = await store.prisma.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN ${sql}`, ...args);
  return rows.map((r) => r["QUERY PLAN"]);
}

/**
 * Reads through an index: SQLite names an index or the rowid key on every step
 * over the table and builds no temporary b-tree to sort; PostgreSQL has no
 * sequential scan of the table and no sort above the limit over the whole log.
 */
function expectIndexed(lines: string[]): void {
  const text = lines.join("\n");
  if (store.provider === "sqlite") {
    const steps = lines.filter((l) => /WebhookDelivery/.test(l));
    expect(steps.length, text).toBeGreaterThan(0);
    for (const step of steps) expect(step, text).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  } else {
    expect(text).not.toMatch(/Seq Scan/);
    expect(text).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
  }
}

const day = (d: number, h = 0) => new Date(Date.UTC(2026, 10, d, h));

describe(`the delivery log at ${ROWS.toLocaleString("en-GB")} rows`, () => {
  const pages: Array<[string, DeliveryFilter, DeliveryCursor]> = [
    ["outcome (rare)", { outcome: "failed" }, {}],
    ["outcome (common), older page", { outcome: "accepted" }, { before: 500_000 }],
    ["event, newer page", { event: "SESSION_COMPLETE" }, { after: 400_000 }],
    ["user", { userId: "u-17" }, { before: 900_000 }],
    ["session", { sessionId: "s-1234" }, {}],
    ["user and outcome", { userId: "u-17", outcome: "rejected" }, {}],
    ["session, outcome and event", { sessionId: "s-1234", outcome: "accepted", event: "INFERENCE_COMPLETE" }, { before: 800_000 }],
    ["source", { source: "replay" }, {}],
    ["failed in a day", { outcome: "failed", from: day(10), to: day(11) }, {}],
    ["user in a day", { userId: "u-17", from: day(10), to: day(11) }, { before: 600_000 }],
    ["older page, no filter", {}, { before: 123_456 }],
  ];

  it.each(pages)("a page by %s reads an index", async (_name, filter, cursor) => {
    const q = deliveryPageQuery(store, filter, cursor, 51);
    expectIndexed(await plan(q.sql, q.args));
  });

  it("a time range alone reads only its range from the receivedAt index", async () => {
    // An hour of 30 days is about 1,400 of the million rows: SQLite seeks the range, then orders those rows by id.
    const q = deliveryPageQuery(store, { from: day(15, 3), to: day(15, 4) }, {}, 51);
    const lines = await plan(q.sql, q.args);
    const text = lines.join("\n");
    if (store.provider === "sqlite") {
      expect(lines[0], text).toBe("SEARCH WebhookDelivery USING INDEX WebhookDelivery_receivedAt_idx (receivedAt>? AND receivedAt<?)");
    } else {
      expectIndexed(lines);
    }
  });

  it("the first page with no filter walks the primary key backwards and stops at the limit", async () => {
    const q = deliveryPageQuery(store, {}, {}, 51);
    const lines = await plan(q.sql, q.args);
    const text = lines.join("\n");
    if (store.provider === "sqlite") {
      // A rowid-order scan (the table is its primary key's b-tree) with no sort: LIMIT stops it after 51 rows.
      expect(lines).toEqual(["SCAN WebhookDelivery"]);
    } else {
      expect(text).toMatch(/Index Scan Backward using "WebhookDelivery_pkey"/);
      expect(text).not.toMatch(/Seq Scan|Sort/);
    }
  });

  it("the health strip's counts read the receivedAt index", async () => {
    const since = store.provider === "sqlite" ? "2026-11-20T10:00:00.000+00:00" : day(20, 10);
    expectIndexed(
      await plan(
        store.dialect.sql(`SELECT "outcome", COUNT(*) AS n FROM "WebhookDelivery" WHERE "receivedAt" >= ? AND "source" = 'webhook' GROUP BY "outcome"`),
        [since],
      ),
    );
  });
});
