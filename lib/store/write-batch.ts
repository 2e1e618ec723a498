/**
 * The write side of ingest: one transaction for a batch of deliveries (see
 * lib/webhooks/commit-queue.ts for how batches form).
 *
 * Per batch: one query finds already-received dedupe keys, one loads the
 * sessions involved; chunks are placed on their sessions' epoch grids in
 * memory (lib/sleep/assemble-hypnogram.ts), then delivery rows, users,
 * sessions and chunks are written with one multi-row statement each. A
 * SESSION_COMPLETE in the batch flushes what came before it and is stored
 * with lib/sleep/save-report.ts, so arrival order is kept exactly.
 * The batch statements go to Prisma's driver connection inside Prisma's
 * transaction (lib/db.ts, driverConnection): Prisma's query compiler would
 * otherwise cost more than the database work itself.
 */
import { driverConnection, type Db, type DriverConnection } from "./client";
import type { Prisma } from "./generated/prisma/client";
import type { AsleepEvent, InferenceCompleteEvent } from "../asleep/webhook-schema";
import { emptyAssembly, placeChunk, type ChunkWindow, type HypnogramAssembly } from "../sleep/assemble-hypnogram";
import { saveSessionReport, type SavedReport } from "./save-report";
import { decodeOwners, encodeOwners, encodeStages } from "./stage-codec";
import { EPOCH_SECONDS } from "../sleep/stages";
import { computeSleepStatistics, type SleepStatistics } from "../sleep/statistics";
import { summariseNight } from "../sleep/summary";

/** Bodies stored in the audit log are cut to this many characters. */
export const AUDIT_BODY_CHARS = 64 * 1024;

/** A validated delivery to store. */
export interface DeliveryItem {
  kind: "event";
  event: AsleepEvent;
  raw: string;
  receivedAt: Date;
}

/** An audit-only row (rejected or ignored delivery); written in the same queue so it never lands inside another transaction. */
export interface AuditItem {
  kind: "audit";
  receivedAt: Date;
  event: string;
  userId: string | null;
  sessionId: string | null;
  outcome: string;
  httpStatus: number;
  raw: string;
  error: string | null;
}

/** What a stored chunk changed, for the realtime layer. */
export interface SavedChunk {
  startTime: Date;
  window: ChunkWindow;
  assembly: HypnogramAssembly;
  statistics: SleepStatistics;
  /** Chunks stored for this session so far, this one included: a version that only grows. */
  version: number;
}

export type StoreResult =
  | { kind: "duplicate" }
  | { kind: "late" }
  | { kind: "foreign-session"; ownerId: string }
  | { kind: "chunk"; saved: SavedChunk }
  | { kind: "report"; saved: SavedReport }
  | { kind: "audited" };

/** The unique key of a delivery: same event, same session, same sequence number. */
export function dedupeKey(ev: AsleepEvent): string {
  return ev.event === "INFERENCE_COMPLETE"
    ? `INFERENCE_COMPLETE:${ev.sessionId}:${ev.inferenceSeqNum}`
    : `SESSION_COMPLETE:${ev.sessionId}`;
}

/** A session row as the driver returns it: bytes as number arrays, integers possibly as strings. */
interface SessionRow {
  sleepStages: ArrayLike<number>;
  snoringStages: ArrayLike<number>;
  epochOwner: ArrayLike<number>;
}

interface SessionState {
  id: string;
  userId: string;
  state: string;
  startTime: Date;
  chunkCount: number;
  lastInferenceSeq: number;
  row: SessionRow | null;
  assembly: HypnogramAssembly | null;
  createdAt: Date;
  dirty: boolean;
  summary?: ReturnType<typeof summariseNight>;
}

function assemblyOf(s: SessionState): HypnogramAssembly {
  if (s.assembly) return s.assembly;
  if (!s.row) return emptyAssembly();
  const toInt8 = (b: ArrayLike<number>) => {
    const out = new Int8Array(b.length);
    for (let i = 0; i < b.length; i++) out[i] = b[i]! - 1;
    return out;
  };
  return {
    sleepStages: toInt8(s.row.sleepStages),
    snoringStages: toInt8(s.row.snoringStages),
    owner: decodeOwners(Uint8Array.from(s.row.epochOwner)),
  };
}

function int8Bytes(a: Int8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + 1;
  return out;
}

/** `(?, ?, ?), (?, ?, ?)` for `rows` rows of `width` values. */
function placeholders(rows: number, width: number): string {
  const one = `(${new Array(width).fill("?").join(", ")})`;
  return new Array(rows).fill(one).join(", ");
}

/** `?, ?, ?` for an `IN (...)` list of `n` values. */
function inList(n: number): string {
  return new Array(n).fill("?").join(", ");
}

/** Rows waiting to be written, flushed with one statement per table. */
class PendingWrites {
  deliveries: unknown[][] = [];
  users = new Map<string, Date>();
  chunks: unknown[][] = [];

  delivery(d: {
    receivedAt: Date;
    event: string;
    userId: string | null;
    sessionId: string | null;
    key: string | null;
    outcome: string;
    status: number;
    raw: string;
    error: string | null;
  }) {
    this.deliveries.push([
      d.receivedAt,
      d.event,
      d.userId,
      d.sessionId,
      d.key,
      d.outcome,
      d.status,
      d.raw.slice(0, AUDIT_BODY_CHARS),
      d.error,
    ]);
  }

  async flush(conn: DriverConnection, sessions: Map<string, SessionState>): Promise<void> {
    if (this.deliveries.length) {
      await conn.execute({
        sql: `INSERT INTO "WebhookDelivery" ("receivedAt", "event", "userId", "sessionId", "dedupeKey", "outcome", "httpStatus", "body", "error") VALUES ${placeholders(this.deliveries.length, 9)}`,
        args: this.deliveries.flat(),
      });
    }
    if (this.users.size) {
      await conn.execute({
        sql: `INSERT INTO "User" ("id", "firstSeenAt", "lastSeenAt") VALUES ${placeholders(this.users.size, 3)} ON CONFLICT ("id") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`,
        args: [...this.users].flatMap(([id, at]) => [id, at, at]),
      });
    }
    const dirty = [...sessions.values()].filter((s) => s.dirty);
    if (dirty.length) {
      const now = new Date();
      const args = dirty.flatMap((s) => {
        const a = s.assembly!;
        const m = s.summary!;
        return [
          s.id,
          s.userId,
          s.state,
          s.startTime,
          true,
          int8Bytes(a.sleepStages),
          int8Bytes(a.snoringStages),
          encodeOwners(a.owner),
          s.lastInferenceSeq,
          s.chunkCount,
          m.timeInBed,
          m.totalSleepTime,
          m.sleepEfficiency,
          m.sleepOnsetLatency,
          m.wasoCount,
          s.createdAt,
          now,
        ];
      });
      await conn.execute({
        sql: `INSERT INTO "SleepSession" ("id", "userId", "state", "startTime", "startTimeEstimated", "sleepStages", "snoringStages", "epochOwner", "lastInferenceSeq", "chunkCount", "timeInBed", "totalSleepTime", "sleepEfficiency", "sleepOnsetLatency", "wasoCount", "createdAt", "updatedAt") VALUES ${placeholders(dirty.length, 17)}
        ON CONFLICT ("id") DO UPDATE SET "sleepStages" = excluded."sleepStages", "snoringStages" = excluded."snoringStages", "epochOwner" = excluded."epochOwner", "lastInferenceSeq" = excluded."lastInferenceSeq", "chunkCount" = excluded."chunkCount", "timeInBed" = excluded."timeInBed", "totalSleepTime" = excluded."totalSleepTime", "sleepEfficiency" = excluded."sleepEfficiency", "sleepOnsetLatency" = excluded."sleepOnsetLatency", "wasoCount" = excluded."wasoCount", "updatedAt" = excluded."updatedAt"`,
        args,
      });
      for (const s of dirty) s.dirty = false;
    }
    if (this.chunks.length) {
      await conn.execute({
        sql: `INSERT INTO "InferenceChunk" ("sessionId", "inferenceSeqNum", "seqNum", "startEpoch", "endEpoch", "sleepStages", "snoringStages", "breathStages", "receivedAt") VALUES ${placeholders(this.chunks.length, 9)}`,
        args: this.chunks.flat(),
      });
    }
    this.deliveries = [];
    this.users.clear();
    this.chunks = [];
  }
}

function placeInference(
  s: SessionState,
  ev: InferenceCompleteEvent,
  pending: PendingWrites,
  receivedAt: Date,
): SavedChunk {
  const placed = placeChunk(assemblyOf(s), ev);
  s.assembly = placed.assembly;
  s.chunkCount += 1;
  s.lastInferenceSeq = Math.max(s.lastInferenceSeq, ev.inferenceSeqNum);
  const statistics = computeSleepStatistics(
    placed.assembly.sleepStages,
    s.startTime.getTime(),
    placed.assembly.snoringStages,
  );
  s.summary = summariseNight(statistics);
  s.dirty = true;
  pending.users.set(ev.userId, receivedAt);
  pending.chunks.push([
    ev.sessionId,
    ev.inferenceSeqNum,
    ev.seqNum,
    placed.window.startEpoch,
    placed.window.endEpoch,
    encodeStages(ev.sleepStages),
    ev.snoringStages ? encodeStages(ev.snoringStages) : null,
    ev.breathStages ? JSON.stringify(ev.breathStages) : null,
    receivedAt,
  ]);
  return {
    startTime: s.startTime,
    window: placed.window,
    assembly: placed.assembly,
    statistics,
    version: s.chunkCount,
  };
}

/** A session first seen through a chunk: its start is estimated from when the chunk was sent. */
function newLiveSession(ev: InferenceCompleteEvent, receivedAt: Date): SessionState {
  const sentAt = ev.timestamp ? new Date(ev.timestamp) : receivedAt;
  const endEpoch = (ev.inferenceSeqNum + 1) * 10;
  return {
    id: ev.sessionId,
    userId: ev.userId,
    state: "LIVE",
    startTime: new Date(sentAt.getTime() - endEpoch * EPOCH_SECONDS * 1000),
    chunkCount: 0,
    lastInferenceSeq: -1,
    row: null,
    assembly: null,
    createdAt: receivedAt,
    dirty: false,
  };
}

/**
 * Stores a batch in one transaction and returns one result per item, in order.
 * Throws (rolling back everything) when the database fails; nothing is half-written.
 */
export async function saveDeliveryBatch(
  db: Db,
  items: ReadonlyArray<DeliveryItem | AuditItem>,
): Promise<StoreResult[]> {
  const conn = driverConnection(db);
  // A report is written with Prisma's model API (save-report.ts), which needs
  // Prisma's transaction; batches of chunks only (the hot path) use the driver's own.
  const hasReport = items.some((i) => i.kind === "event" && i.event.event === "SESSION_COMPLETE");
  if (hasReport) return db.$transaction((tx) => writeBatch(conn, tx, items));
  return conn.transaction((tx) => writeBatch(tx, null, items));
}

/**
 * The body of {@link saveDeliveryBatch}: statements go to `conn`; `tx` (Prisma's
 * transaction on the same connection) is needed only for reports.
 */
async function writeBatch(
  conn: DriverConnection,
  tx: Prisma.TransactionClient | null,
  items: ReadonlyArray<DeliveryItem | AuditItem>,
): Promise<StoreResult[]> {
  const events = items.filter((i): i is DeliveryItem => i.kind === "event");
  const keys = [...new Set(events.map((i) => dedupeKey(i.event)))];
  const seen = new Set<string>();
  if (keys.length) {
    const found = await conn.query({
      sql: `SELECT "dedupeKey" FROM "WebhookDelivery" WHERE "dedupeKey" IN (${inList(keys.length)})`,
      args: keys,
    });
    for (const [key] of found.rows) seen.add(String(key));
  }
  const sessions = new Map<string, SessionState>();
  const ids = [...new Set(events.map((i) => i.event.sessionId))];
  if (ids.length) {
    const found = await conn.query({
      sql: `SELECT "id", "userId", "state", "startTime", "chunkCount", "lastInferenceSeq", "sleepStages", "snoringStages", "epochOwner" FROM "SleepSession" WHERE "id" IN (${inList(ids.length)})`,
      args: ids,
    });
    for (const r of found.rows) {
      const [id, userId, state, startTime, chunkCount, lastSeq, sleepStages, snoringStages, epochOwner] = r as [
        string,
        string,
        string,
        string,
        number | string,
        number | string | null,
        number[],
        number[],
        number[],
      ];
      sessions.set(id, {
        id,
        userId,
        state,
        startTime: new Date(startTime),
        chunkCount: Number(chunkCount),
        lastInferenceSeq: lastSeq === null ? -1 : Number(lastSeq),
        row: { sleepStages, snoringStages, epochOwner },
        assembly: null,
        createdAt: new Date(),
        dirty: false,
      });
    }
  }

  const pending = new PendingWrites();
  const results: StoreResult[] = [];
  for (const item of items) {
    if (item.kind === "audit") {
      pending.delivery({ ...item, key: null, status: item.httpStatus });
      results.push({ kind: "audited" });
      continue;
    }
    const { event: ev, receivedAt, raw } = item;
    const key = dedupeKey(ev);
    const existing = sessions.get(ev.sessionId);
    if (existing && existing.userId !== ev.userId) {
      results.push({ kind: "foreign-session", ownerId: existing.userId });
      continue;
    }
    if (seen.has(key)) {
      results.push({ kind: "duplicate" });
      continue;
    }
    seen.add(key);
    const row = {
      receivedAt,
      event: ev.event,
      userId: ev.userId,
      sessionId: ev.sessionId,
      key,
      status: 200,
      raw,
      error: null,
    };
    if (ev.event === "INFERENCE_COMPLETE") {
      if (existing?.state === "COMPLETE") {
        pending.delivery({ ...row, outcome: "late" });
        results.push({ kind: "late" });
        continue;
      }
      const s = existing ?? newLiveSession(ev, receivedAt);
      sessions.set(s.id, s);
      pending.delivery({ ...row, outcome: "accepted" });
      results.push({ kind: "chunk", saved: placeInference(s, ev, pending, receivedAt) });
    } else {
      pending.delivery({ ...row, outcome: "accepted" });
      await pending.flush(conn, sessions);
      if (!tx) throw new Error("writeBatch: a report needs Prisma's transaction");
      const saved = await saveSessionReport(tx, ev, receivedAt);
      sessions.set(ev.sessionId, {
        id: ev.sessionId,
        userId: ev.userId,
        state: "COMPLETE",
        startTime: new Date(ev.startTime),
        chunkCount: existing?.chunkCount ?? 0,
        lastInferenceSeq: existing?.lastInferenceSeq ?? -1,
        row: null,
        assembly: null,
        createdAt: receivedAt,
        dirty: false,
      });
      results.push({ kind: "report", saved });
    }
  }
  await pending.flush(conn, sessions);
  return results;
}
