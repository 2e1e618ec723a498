/**
 * Audit pruning (lib/store/prune-audit.ts) on a real database (SQLite and
 * PostgreSQL projects): bodies older than the retention become NULL, the rows
 * stay, younger bodies stay, small batches interleave with ingest.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openStore, type Store } from "@/lib/store/client";
import { createDeliveryStore } from "@/lib/store/delivery-store";
import { pruneAuditBodies, startAuditPruning } from "@/lib/store/prune-audit";
import type { AuditItem } from "@/lib/store/write-batch";

import { createTestDatabase, type TestDatabase } from "../support/test-db";

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-06-30T12:00:00.000Z");

let tmp: TestDatabase;
let store: Store;

beforeAll(async () => {
  tmp = await createTestDatabase("prune-audit");
  store = await openStore({ url: tmp.url, busyTimeoutMs: 2000, timeoutMs: 2000, poolMax: 3 });
});
afterAll(async () => {
  await store.close();
  await tmp.drop();
});

function audit(ageDays: number, raw: string): AuditItem {
  return {
    kind: "audit",
    receivedAt: new Date(NOW.getTime() - ageDays * DAY),
    event: "SESSION_STARTED",
    userId: "u-prune",
    sessionId: null,
    outcome: "ignored",
    httpStatus: 202,
    raw,
    error: null,
  };
}

/** Stores items one batch each, in order, so their ids follow the order given. */
async function store_(items: AuditItem[]): Promise<void> {
  const deliveries = createDeliveryStore(async () => store);
  for (const item of items) await deliveries.push(item);
}

async function bodies(): Promise<Array<string | null>> {
  const rows = await tmp.query<{ body: string | null }>(`SELECT "body" FROM "WebhookDelivery" ORDER BY "id"`);
  return rows.map((r) => r.body);
}

describe("pruneAuditBodies", () => {
  it("nulls the bodies older than the retention in small batches and keeps every row", async () => {
    await tmp.exec(`DELETE FROM "WebhookDelivery"`);
    // ages in days, oldest first; retention 30: the first five are older than 30 days
    const ages = [60, 45, 31, 30.01, 30.0001, 29.99, 10, 0];
    await store_(ages.map((a, i) => audit(a, `{"n":${i}}`)));
    const result = await pruneAuditBodies(store, { retentionDays: 30, now: NOW, batchSize: 2, pauseMs: 0 });
    expect(result.pruned).toBe(5);
    expect(await bodies()).toEqual([null, null, null, null, null, '{"n":5}', '{"n":6}', '{"n":7}']);
    expect(await tmp.count("WebhookDelivery")).toBe(8);
    // A second run finds nothing more; resuming from the cursor reads only the rest.
    expect((await pruneAuditBodies(store, { retentionDays: 30, now: NOW, pauseMs: 0 })).pruned).toBe(0);
    expect((await pruneAuditBodies(store, { retentionDays: 30, now: NOW, after: result.cursor })).pruned).toBe(0);
    // 21 days later, the 29.99- and 10-day-old bodies are past the retention too (the newest is 21 days old).
    const later = await pruneAuditBodies(store, { retentionDays: 30, now: new Date(NOW.getTime() + 21 * DAY), after: result.cursor });
    expect(later.pruned).toBe(2);
    expect(await bodies()).toEqual([null, null, null, null, null, null, null, '{"n":7}']);
  });

  it("does not block ingest: a delivery commits between the batches of a long run", async () => {
    await tmp.exec(`DELETE FROM "WebhookDelivery"`);
    await store_(Array.from({ length: 40 }, (_, i) => audit(100 - i, `{"old":${i}}`)));
    const deliveries = createDeliveryStore(async () => store);
    const order: string[] = [];
    const run = pruneAuditBodies(store, { retentionDays: 30, now: NOW, batchSize: 4, pauseMs: 10 }).then((r) => {
      order.push("prune done");
      return r;
    });
    await new Promise((r) => setTimeout(r, 15));
    await deliveries.push(audit(0, `{"new":true}`)).then(() => order.push("delivery stored"));
    expect((await run).pruned).toBe(40);
    expect(order).toEqual(["delivery stored", "prune done"]);
  });
});

describe("startAuditPruning", () => {
  it("runs in the background on its timer and stops", async () => {
    await tmp.exec(`DELETE FROM "WebhookDelivery"`);
    // 31 days before the real clock: the background run uses the current time.
    const old = { ...audit(0, `{"bg":1}`), receivedAt: new Date(Date.now() - 31 * DAY) };
    const young = { ...audit(0, `{"bg":2}`), receivedAt: new Date(Date.now() - 1 * DAY) };
    await store_([old, young]);
    const pruned: number[] = [];
    const pruning = startAuditPruning(async () => store, { retentionDays: 30, firstRunMs: 0, intervalMs: 50, onPruned: (n) => pruned.push(n) });
    for (let i = 0; i < 100 && pruned.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await pruning.stop();
    expect(pruned).toEqual([1]);
    expect(await bodies()).toEqual([null, '{"bg":2}']);
  });
});
