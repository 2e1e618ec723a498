/**
 * The batch planner's delivery-log rows (lib/store/plan-batch.ts): one row per
 * item, whatever its outcome, carrying the item's source, replay link and headers.
 */
import { describe, expect, it } from "vitest";

import type { InferenceCompleteEvent } from "@/lib/asleep/webhook-schema";
import { planBatch, type StoreItem } from "@/lib/store/plan-batch";

const receivedAt = new Date("2025-05-01T07:00:00Z");
const chunk = (seq: number): InferenceCompleteEvent => ({
  event: "INFERENCE_COMPLETE",
  userId: "u1",
  sessionId: "night-1",
  seqNum: seq * 10 + 9,
  inferenceSeqNum: seq,
  sleepStages: [1, 1, 1, 1, 1, 2, 2, 2, 2, 2],
  snoringStages: null,
  breathStages: null,
  timestamp: null,
});
const item = (seq: number, extra: Partial<StoreItem> = {}): StoreItem => ({ kind: "event", event: chunk(seq), raw: `{"seq":${seq}}`, receivedAt, ...extra }) as StoreItem;
const empty = { seenKeys: new Set<string>(), sessions: new Map() };

describe("planBatch: the delivery log", () => {
  it("records a duplicate in the batch as its own row without the dedupe key, and stores one chunk", () => {
    const plan = planBatch(empty, [item(0), item(0, { source: "replay", replayOf: 7 })]);
    expect(plan.results.map((r) => r.kind)).toEqual(["chunk", "duplicate"]);
    expect(plan.chunks).toHaveLength(1);
    expect(plan.deliveries.map((d) => [d.outcome, d.dedupeKey, d.source, d.replayOf, d.httpStatus, d.body])).toEqual([
      ["accepted", "INFERENCE_COMPLETE:night-1:0", "webhook", null, 200, '{"seq":0}'],
      ["duplicate", null, "replay", 7, 200, '{"seq":0}'],
    ]);
  });

  it("records a duplicate of a key already stored, and changes no session", () => {
    const plan = planBatch({ seenKeys: new Set(["INFERENCE_COMPLETE:night-1:0"]), sessions: new Map() }, [item(0)]);
    expect(plan.results).toEqual([{ kind: "duplicate" }]);
    expect(plan.sessions).toEqual([]);
    expect(plan.users.size).toBe(0);
    expect(plan.deliveries).toEqual([
      expect.objectContaining({ outcome: "duplicate", dedupeKey: null, event: "INFERENCE_COMPLETE", userId: "u1", sessionId: "night-1" }),
    ]);
  });

  it("carries headers, source and receipt time onto event and audit rows", () => {
    const audit: StoreItem = {
      kind: "audit",
      receivedAt,
      event: "UNKNOWN",
      userId: "u1",
      sessionId: null,
      outcome: "rejected",
      httpStatus: 400,
      raw: "{",
      error: "malformed JSON",
      source: "reconcile",
      headers: '{"x-user-id":"u1"}',
      startedAt: 12.5,
    };
    const plan = planBatch(empty, [item(1, { headers: '{"a":"b"}', startedAt: 3 }), audit]);
    expect(plan.deliveries.map((d) => [d.outcome, d.source, d.headers, d.startedAt])).toEqual([
      ["accepted", "webhook", '{"a":"b"}', 3],
      ["rejected", "reconcile", '{"x-user-id":"u1"}', 12.5],
    ]);
  });
});
