/**
 * The batch planner: pure. Given what the database already holds for a batch
 * (the dedupe keys seen and the sessions involved) and the batch's items in
 * arrival order, it decides each item's result and the rows to write:
 * - a duplicate (same dedupe key as before, or earlier in the batch) changes
 *   nothing but its own log row: outcome `duplicate`, no dedupe key (the key stays with the original);
 * - a delivery for a session of another user is refused (409, no row);
 * - an INFERENCE_COMPLETE after its night's SESSION_COMPLETE is recorded as `late`;
 * - an INFERENCE_COMPLETE is placed on its session's epoch grid by its
 *   `seq_num` (it ends there; lib/sleep/assemble-hypnogram.ts) and stored as a chunk row;
 * - a SESSION_COMPLETE replaces the assembly with the full-night arrays and
 *   stores a report row with Asleep's stat as given (efficiency in percent).
 * Every session ends the batch with one row: its final state. The planner
 * never mutates its input state; the plan carries the state after the batch,
 * so lib/store/write-batch.ts can plan item by item when it must isolate a bad one.
 */
import type { AsleepEvent, InferenceCompleteEvent, SessionCompleteEvent } from "../asleep/webhook-schema";
import { emptyAssembly, placeChunk, type ChunkWindow, type HypnogramAssembly } from "../sleep/assemble-hypnogram";
import { EPOCH_SECONDS } from "../sleep/stages";
import { computeSleepStatistics, type SleepStatistics } from "../sleep/statistics";
import { normaliseSleepEfficiency, summariseNight, type NightSummary } from "../sleep/summary";
import { decodeOwners, encodeStages } from "./stage-codec";

/** Bodies stored in the audit log are cut to this many characters. */
export const AUDIT_BODY_CHARS = 64 * 1024;

/** How a delivery came in: Asleep's webhook, an operator's replay of a stored one, or the reconciliation with Asleep's REST API. */
export type DeliverySource = "webhook" | "replay" | "reconcile";

/** What the log row of any item records besides its outcome (all optional: a webhook delivery with no headers by default). */
export interface DeliveryMeta {
  /** Default "webhook". */
  source?: DeliverySource;
  /** The id of the log row this delivery replays. */
  replayOf?: number | null;
  /** JSON object of the recorded request headers (lib/webhooks/recorded-headers.ts), or null. */
  headers?: string | null;
  /** `performance.now()` when the delivery was received (milliseconds), for the row's durationMs. */
  startedAt?: number;
  /** The row's durationMs when already known (a 503 logged after the outage: the time to its answer); else from `startedAt`. */
  durationMs?: number;
}

/** A validated delivery to store. */
export interface DeliveryItem extends DeliveryMeta {
  kind: "event";
  event: AsleepEvent;
  raw: string;
  receivedAt: Date;
}

/** An audit-only row (rejected or ignored delivery); written in the same queue so it never lands inside another transaction. */
export interface AuditItem extends DeliveryMeta {
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

export type StoreItem = DeliveryItem | AuditItem;

/** What a stored chunk changed, for the realtime layer. */
export interface SavedChunk {
  startTime: Date;
  window: ChunkWindow;
  assembly: HypnogramAssembly;
  statistics: SleepStatistics;
  /** Chunks stored for this session so far, this one included: a version that only grows. */
  version: number;
}

/** What a stored report changed, for the realtime layer. */
export interface SavedReport {
  statistics: SleepStatistics;
  summary: NightSummary;
  sleepCycleCount: number;
}

export type StoreResult =
  | { kind: "duplicate" }
  | { kind: "late" }
  | { kind: "foreign-session"; ownerId: string }
  | { kind: "chunk"; saved: SavedChunk }
  | { kind: "report"; saved: SavedReport }
  | { kind: "audited" }
  /** The database refused this one item's rows; the rest of its batch was stored. */
  | { kind: "failed"; status: 400 | 500; error: string };

/** The unique key of a delivery: same event, same session, same sequence number. */
export function dedupeKey(ev: AsleepEvent): string {
  return ev.event === "INFERENCE_COMPLETE"
    ? `INFERENCE_COMPLETE:${ev.sessionId}:${ev.inferenceSeqNum}`
    : `SESSION_COMPLETE:${ev.sessionId}`;
}

/** A session as stored: its row's columns, stage arrays decoded on first use. */
export interface SessionState {
  id: string;
  userId: string;
  state: "LIVE" | "COMPLETE";
  startTime: Date;
  startTimeEstimated: boolean;
  endTime: Date | null;
  timezone: string | null;
  chunkCount: number;
  /** -1 before the first chunk. */
  lastInferenceSeq: number;
  /** The stored bytes (value + 1 per epoch; owners int16 LE), until decoded. */
  stored: { sleepStages: Uint8Array; snoringStages: Uint8Array; epochOwner: Uint8Array } | null;
  assembly: HypnogramAssembly | null;
  summary: NightSummary;
  createdAt: Date;
}

/** What the database holds for one batch, read under the batch's session locks. */
export interface BatchState {
  seenKeys: ReadonlySet<string>;
  sessions: ReadonlyMap<string, SessionState>;
}

export interface DeliveryRow {
  receivedAt: Date;
  event: string;
  userId: string | null;
  sessionId: string | null;
  dedupeKey: string | null;
  outcome: string;
  httpStatus: number;
  body: string;
  error: string | null;
  source: DeliverySource;
  replayOf: number | null;
  headers: string | null;
  /** `performance.now()` at receipt (ms); the writer turns it into durationMs when it writes the row. Null: unknown. */
  startedAt: number | null;
  /** Set when known before the write (then `startedAt` is not used). */
  durationMs?: number;
}

/** The log row's columns an item carries through: source, replay link, headers and receipt time. */
export function rowMeta(item: DeliveryMeta): Pick<DeliveryRow, "source" | "replayOf" | "headers" | "startedAt" | "durationMs"> {
  return {
    source: item.source ?? "webhook",
    replayOf: item.replayOf ?? null,
    headers: item.headers ?? null,
    startedAt: item.startedAt ?? null,
    ...(item.durationMs === undefined ? {} : { durationMs: item.durationMs }),
  };
}

export interface ChunkRow {
  sessionId: string;
  inferenceSeqNum: number;
  seqNum: number;
  startEpoch: number;
  endEpoch: number;
  sleepStages: Uint8Array;
  snoringStages: Uint8Array | null;
  breathStages: string | null;
  receivedAt: Date;
}

/** The SleepReport row: Asleep's stat fields as typed columns (seconds, percent) plus the raw JSON. */
export interface ReportRow {
  sessionId: string;
  sleepTime: string | null;
  wakeTime: string | null;
  sleepLatency: number | null;
  wakeupLatency: number | null;
  timeInBed: number | null;
  timeInSleepPeriod: number | null;
  timeInSleep: number | null;
  timeInWake: number | null;
  timeInLight: number | null;
  timeInDeep: number | null;
  timeInRem: number | null;
  timeInSnoring: number | null;
  timeInNoSnoring: number | null;
  longestWaso: number | null;
  sleepEfficiency: number | null;
  sleepEfficiencyUnit: string | null;
  wasoCount: number | null;
  sleepCycleCount: number | null;
  snoringCount: number | null;
  sleepIndex: number | null;
  missingDataRatio: number | null;
  statJson: string;
  peculiarities: string;
  sleepCycles: string;
  receivedAt: Date;
}

/** The rows of a batch, and the results and state after it. */
export interface BatchPlan {
  results: StoreResult[];
  deliveries: DeliveryRow[];
  /** User id -> last-seen time. */
  users: Map<string, Date>;
  /** Sessions whose row changed, in their final state. */
  sessions: SessionState[];
  chunks: ChunkRow[];
  reports: ReportRow[];
  /** The state after the batch (for planning the next item on the same transaction). */
  state: BatchState;
}

/** The stored text of a body: bounded, and without NUL (PostgreSQL text cannot hold it). */
export function auditBody(raw: string): string {
  return raw.slice(0, AUDIT_BODY_CHARS).replace(/\u0000/g, "\uFFFD");
}

/** The session's assembly, decoding its stored bytes when needed. */
export function assemblyOf(s: SessionState): HypnogramAssembly {
  if (s.assembly) return s.assembly;
  if (!s.stored) return emptyAssembly();
  const toInt8 = (b: Uint8Array) => {
    const out = new Int8Array(b.length);
    for (let i = 0; i < b.length; i++) out[i] = b[i]! - 1;
    return out;
  };
  const sleepStages = toInt8(s.stored.sleepStages);
  const owner = decodeOwners(s.stored.epochOwner);
  return {
    sleepStages,
    snoringStages: toInt8(s.stored.snoringStages),
    // A completed night keeps no owners; a chunk can no longer land on it anyway.
    owner: owner.length === sleepStages.length ? owner : new Int16Array(sleepStages.length).fill(-1),
  };
}

/**
 * A session first seen through a chunk: its start is estimated from when the
 * chunk was sent, which is the end of epoch `seq_num` (the chunk's last upload,
 * ../shared/asleep-webhooks.md): start = sent - (seq_num + 1) x 30 s.
 */
function newLiveSession(ev: InferenceCompleteEvent, receivedAt: Date): SessionState {
  const sentAt = ev.timestamp ? new Date(ev.timestamp) : receivedAt;
  const endEpoch = ev.seqNum + 1;
  return {
    id: ev.sessionId,
    userId: ev.userId,
    state: "LIVE",
    startTime: new Date(sentAt.getTime() - endEpoch * EPOCH_SECONDS * 1000),
    startTimeEstimated: true,
    endTime: null,
    timezone: null,
    chunkCount: 0,
    lastInferenceSeq: -1,
    stored: null,
    assembly: null,
    summary: { timeInBed: null, totalSleepTime: null, sleepEfficiency: null, sleepOnsetLatency: null, wasoCount: null },
    createdAt: receivedAt,
  };
}

function reportRow(ev: SessionCompleteEvent, receivedAt: Date): ReportRow {
  const s = ev.stat;
  const efficiency = normaliseSleepEfficiency(s.sleep_efficiency);
  return {
    sessionId: ev.sessionId,
    sleepTime: s.sleep_time ?? null,
    wakeTime: s.wake_time ?? null,
    sleepLatency: s.sleep_latency ?? null,
    wakeupLatency: s.wakeup_latency ?? null,
    timeInBed: s.time_in_bed ?? null,
    timeInSleepPeriod: s.time_in_sleep_period ?? null,
    timeInSleep: s.time_in_sleep ?? null,
    timeInWake: s.time_in_wake ?? null,
    timeInLight: s.time_in_light ?? null,
    timeInDeep: s.time_in_deep ?? null,
    timeInRem: s.time_in_rem ?? null,
    timeInSnoring: s.time_in_snoring ?? null,
    timeInNoSnoring: s.time_in_no_snoring ?? null,
    longestWaso: s.longest_waso ?? null,
    sleepEfficiency: efficiency?.percent ?? null,
    sleepEfficiencyUnit: efficiency?.unit ?? null,
    wasoCount: s.waso_count ?? null,
    sleepCycleCount: s.sleep_cycle_count ?? null,
    snoringCount: s.snoring_count ?? null,
    sleepIndex: s.sleep_index ?? null,
    missingDataRatio: ev.missingDataRatio,
    statJson: JSON.stringify(s),
    peculiarities: JSON.stringify(ev.peculiarities),
    sleepCycles: JSON.stringify(s.sleep_cycle ?? []),
    receivedAt,
  };
}

/**
 * Plans a batch (see the module comment). Pure: `state` is not modified.
 * @param items the batch in arrival order; one result per item, in order
 */
export function planBatch(state: BatchState, items: readonly StoreItem[]): BatchPlan {
  const seen = new Set(state.seenKeys);
  const sessions = new Map(state.sessions);
  const changed = new Set<string>();
  const plan: BatchPlan = { results: [], deliveries: [], users: new Map(), sessions: [], chunks: [], reports: [], state };

  for (const item of items) {
    if (item.kind === "audit") {
      plan.deliveries.push({
        receivedAt: item.receivedAt,
        event: item.event,
        userId: item.userId,
        sessionId: item.sessionId,
        dedupeKey: null,
        outcome: item.outcome,
        httpStatus: item.httpStatus,
        body: auditBody(item.raw),
        error: item.error,
        ...rowMeta(item),
      });
      plan.results.push({ kind: "audited" });
      continue;
    }
    const { event: ev, receivedAt, raw } = item;
    const key = dedupeKey(ev);
    const existing = sessions.get(ev.sessionId);
    if (existing && existing.userId !== ev.userId) {
      plan.results.push({ kind: "foreign-session", ownerId: existing.userId });
      continue;
    }
    const row: DeliveryRow = {
      receivedAt,
      event: ev.event,
      userId: ev.userId,
      sessionId: ev.sessionId,
      dedupeKey: key,
      outcome: "accepted",
      httpStatus: 200,
      body: auditBody(raw),
      error: null,
      ...rowMeta(item),
    };
    if (seen.has(key)) {
      plan.deliveries.push({ ...row, dedupeKey: null, outcome: "duplicate" });
      plan.results.push({ kind: "duplicate" });
      continue;
    }
    seen.add(key);

    if (ev.event === "INFERENCE_COMPLETE") {
      if (existing?.state === "COMPLETE") {
        plan.deliveries.push({ ...row, outcome: "late" });
        plan.results.push({ kind: "late" });
        continue;
      }
      const before = existing ?? newLiveSession(ev, receivedAt);
      const placed = placeChunk(assemblyOf(before), ev);
      const statistics = computeSleepStatistics(placed.assembly.sleepStages, before.startTime.getTime(), placed.assembly.snoringStages);
      const after: SessionState = {
        ...before,
        chunkCount: before.chunkCount + 1,
        lastInferenceSeq: Math.max(before.lastInferenceSeq, ev.inferenceSeqNum),
        assembly: placed.assembly,
        stored: null,
        summary: summariseNight(statistics),
      };
      sessions.set(after.id, after);
      changed.add(after.id);
      plan.users.set(ev.userId, receivedAt);
      plan.deliveries.push(row);
      plan.chunks.push({
        sessionId: ev.sessionId,
        inferenceSeqNum: ev.inferenceSeqNum,
        seqNum: ev.seqNum,
        startEpoch: placed.window.startEpoch,
        endEpoch: placed.window.endEpoch,
        sleepStages: encodeStages(ev.sleepStages),
        snoringStages: ev.snoringStages ? encodeStages(ev.snoringStages) : null,
        breathStages: ev.breathStages ? JSON.stringify(ev.breathStages) : null,
        receivedAt,
      });
      plan.results.push({
        kind: "chunk",
        saved: { startTime: after.startTime, window: placed.window, assembly: placed.assembly, statistics, version: after.chunkCount },
      });
    } else {
      const startTime = new Date(ev.startTime);
      const statistics = computeSleepStatistics(ev.sleepStages, startTime.getTime(), ev.snoringStages);
      const summary = summariseNight(statistics, ev.stat);
      const endTime = ev.endTime ?? ev.unexpectedEndTime;
      const n = ev.sleepStages.length;
      const snoring = ev.snoringStages ?? [];
      const after: SessionState = {
        id: ev.sessionId,
        userId: ev.userId,
        state: "COMPLETE",
        startTime,
        startTimeEstimated: false,
        endTime: endTime ? new Date(endTime) : null,
        timezone: ev.timezone,
        chunkCount: existing?.chunkCount ?? 0,
        lastInferenceSeq: existing?.lastInferenceSeq ?? -1,
        stored: null,
        assembly: {
          sleepStages: Int8Array.from(ev.sleepStages),
          snoringStages: Int8Array.from({ length: n }, (_, i) => snoring[i] ?? -1),
          owner: new Int16Array(0),
        },
        summary,
        createdAt: existing?.createdAt ?? receivedAt,
      };
      sessions.set(after.id, after);
      changed.add(after.id);
      plan.users.set(ev.userId, receivedAt);
      plan.deliveries.push(row);
      plan.reports.push(reportRow(ev, receivedAt));
      plan.results.push({
        kind: "report",
        saved: {
          statistics,
          summary,
          sleepCycleCount: ev.stat.sleep_cycle_count ?? ev.stat.sleep_cycle?.length ?? statistics.sleepCycles.length,
        },
      });
    }
  }
  plan.sessions = [...changed].map((id) => sessions.get(id)!);
  plan.state = { seenKeys: seen, sessions };
  return plan;
}
