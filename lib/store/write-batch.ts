/**
 * The batch writer: stores a batch of deliveries in one transaction of the
 * store (lib/store/client.ts), on either database, with every statement on
 * that transaction's connection. Batches form in lib/store/delivery-store.ts.
 *
 * One batch, in order:
 * 1. lock the batch's sessions (PostgreSQL: advisory locks in sorted order, so
 *    several instances writing one night produce what one instance would; tried
 *    without waiting first, and only when one is taken is the batch run again
 *    waiting for them);
 * 2. read the dedupe keys already received and the sessions involved;
 * 3. plan (lib/store/plan-batch.ts, pure);
 * 4. write the plan with one multi-row statement per table (on PostgreSQL all
 *    of them in one round trip).
 *
 * A poisoned delivery fails alone: when a write is refused for a reason other
 * than the database being unavailable, the batch is rolled back and written
 * again item by item, each under its own SAVEPOINT; the refused item gets a
 * `failed` result and an audit row, the others are stored and answered.
 * When the database is unavailable the whole batch throws and nothing is written.
 */
import type { Store } from "./client";
import { inList, valuesList, type SqlTx, type SqlValue } from "./dialect";
import {
  assemblyOf,
  auditBody,
  dedupeKey,
  planBatch,
  rowMeta,
  type BatchPlan,
  type BatchState,
  type DeliveryRow,
  type SessionState,
  type StoreItem,
  type StoreResult,
} from "./plan-batch";
import { encodeOwners } from "./stage-codec";

export type { AuditItem, DeliveryItem, DeliveryMeta, DeliverySource, StoreItem, StoreResult } from "./plan-batch";

function int8Bytes(a: Int8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + 1;
  return out;
}

/** One SQL statement with its arguments (`?` placeholders). */
interface Statement {
  sql: string;
  args: SqlValue[];
}

/**
 * `INSERT INTO table (columns) VALUES ... tail` for `rows` (one value per column,
 * in order), split so that no statement binds more than `maxParams`; none for no rows.
 */
function insertStatements(
  maxParams: number,
  table: string,
  columns: readonly string[],
  rows: SqlValue[][],
  tail = "",
): Statement[] {
  const width = columns.length;
  const per = Math.max(1, Math.floor(maxParams / width));
  const out: Statement[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    out.push({
      sql: `INSERT INTO "${table}" (${columnList(columns)}) VALUES ${valuesList(part.length, width)} ${tail}`.trimEnd(),
      args: part.flat(),
    });
  }
  return out;
}

/**
 * How long a batch may wait for another writer of one of its nights
 * (PostgreSQL), in milliseconds: a burst for one night queues batches behind
 * each other; only a wait this long is answered 503.
 */
export const SESSION_LOCK_WAIT_MS = 5000;

const SESSION_COLUMNS = [
  "id",
  "userId",
  "state",
  "startTime",
  "startTimeEstimated",
  "endTime",
  "timezone",
  "sleepStages",
  "snoringStages",
  "epochOwner",
  "lastInferenceSeq",
  "chunkCount",
  "timeInBed",
  "totalSleepTime",
  "sleepEfficiency",
  "sleepOnsetLatency",
  "wasoCount",
  "createdAt",
  "updatedAt",
] as const;
const SESSION_UPSERT_TAIL = `ON CONFLICT ("id") DO UPDATE SET ${SESSION_COLUMNS.filter((c) => c !== "id" && c !== "userId" && c !== "createdAt")
  .map((c) => `"${c}" = excluded."${c}"`)
  .join(", ")}`;

const REPORT_COLUMNS = [
  "sessionId",
  "sleepTime",
  "wakeTime",
  "sleepLatency",
  "wakeupLatency",
  "timeInBed",
  "timeInSleepPeriod",
  "timeInSleep",
  "timeInWake",
  "timeInLight",
  "timeInDeep",
  "timeInRem",
  "timeInSnoring",
  "timeInNoSnoring",
  "longestWaso",
  "sleepEfficiency",
  "sleepEfficiencyUnit",
  "wasoCount",
  "sleepCycleCount",
  "snoringCount",
  "sleepIndex",
  "missingDataRatio",
  "statJson",
  "peculiarities",
  "sleepCycles",
  "receivedAt",
] as const;

const columnList = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(", ");

const DELIVERY_COLUMNS = [
  "receivedAt",
  "event",
  "userId",
  "sessionId",
  "dedupeKey",
  "outcome",
  "httpStatus",
  "body",
  "error",
  "source",
  "replayOf",
  "headers",
] as const;
const CHUNK_COLUMNS = [
  "sessionId",
  "inferenceSeqNum",
  "seqNum",
  "startEpoch",
  "endEpoch",
  "sleepStages",
  "snoringStages",
  "breathStages",
  "receivedAt",
] as const;

function sessionValues(s: SessionState, now: Date): SqlValue[] {
  const a = assemblyOf(s);
  const m = s.summary;
  return [
    s.id,
    s.userId,
    s.state,
    s.startTime,
    s.startTimeEstimated,
    s.endTime,
    s.timezone,
    int8Bytes(a.sleepStages),
    int8Bytes(a.snoringStages),
    encodeOwners(a.owner),
    s.lastInferenceSeq < 0 ? null : s.lastInferenceSeq,
    s.chunkCount,
    m.timeInBed,
    m.totalSleepTime,
    m.sleepEfficiency,
    m.sleepOnsetLatency,
    m.wasoCount,
    s.createdAt,
    now,
  ];
}

/** A delivery row's values, then its durationMs: milliseconds from receipt to `plannedAt` (both `performance.now()`). */
function deliveryValues(d: DeliveryRow, plannedAt: number): SqlValue[] {
  const ms = d.durationMs ?? (d.startedAt === null ? null : plannedAt - d.startedAt);
  const durationMs = ms === null ? null : Math.max(0, +ms.toFixed(3));
  return [...DELIVERY_COLUMNS.map((c) => d[c]), durationMs];
}

/** The statements that write a plan's rows, in dependency order (users and sessions before the rows that reference them). */
function planStatements(maxParams: number, plan: BatchPlan): Statement[] {
  // Sorted, so that two writers upserting the same users lock their rows in one order.
  const users = [...plan.users].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const now = new Date();
  const plannedAt = performance.now();
  return [
    ...insertStatements(
      maxParams,
      "User",
      ["id", "firstSeenAt", "lastSeenAt"],
      users.map(([id, at]) => [id, at, at]),
      `ON CONFLICT ("id") DO UPDATE SET "lastSeenAt" = CASE WHEN excluded."lastSeenAt" > "User"."lastSeenAt" THEN excluded."lastSeenAt" ELSE "User"."lastSeenAt" END`,
    ),
    ...insertStatements(maxParams, "SleepSession", SESSION_COLUMNS, plan.sessions.map((s) => sessionValues(s, now)), SESSION_UPSERT_TAIL),
    ...insertStatements(
      maxParams,
      "WebhookDelivery",
      [...DELIVERY_COLUMNS, "durationMs"],
      plan.deliveries.map((d) => deliveryValues(d, plannedAt)),
    ),
    ...insertStatements(
      maxParams,
      "InferenceChunk",
      CHUNK_COLUMNS,
      plan.chunks.map((c) => CHUNK_COLUMNS.map((k) => c[k])),
    ),
    ...insertStatements(maxParams, "SleepReport", REPORT_COLUMNS, plan.reports.map((r) => REPORT_COLUMNS.map((c) => r[c]))),
  ];
}

/**
 * Writes a plan's rows on `tx`. Where the dialect allows (PostgreSQL), every
 * statement goes in one round trip, as data-modifying CTEs of one statement
 * (foreign keys are checked at its end); otherwise one statement after another.
 */
async function writePlan(store: Store, tx: SqlTx, plan: BatchPlan): Promise<void> {
  const statements = planStatements(store.dialect.maxParams, plan);
  const params = statements.reduce((n, st) => n + st.args.length, 0);
  if (store.dialect.combinesWrites && statements.length > 1 && params <= store.dialect.maxParams) {
    const last = statements[statements.length - 1]!;
    const ctes = statements.slice(0, -1).map((st, i) => `w${i} AS (${st.sql})`);
    await tx.run(`WITH ${ctes.join(", ")} ${last.sql}`, statements.flatMap((st) => st.args));
    return;
  }
  for (const st of statements) await tx.run(st.sql, st.args);
}

/** Another writer holds one of the batch's nights: the batch is rolled back and run again, waiting its turn. */
class SessionsContended extends Error {
  constructor() {
    super("another writer holds one of this batch's nights");
    this.name = "SessionsContended";
  }
}

/**
 * Locks the batch's sessions, then reads the dedupe keys and sessions it needs.
 * With `wait` false the locks are only tried (one round trip, the common case);
 * when one is taken, {@link SessionsContended} is thrown and the caller runs the
 * batch again with `wait`.
 */
async function loadState(store: Store, tx: SqlTx, items: readonly StoreItem[], wait: boolean): Promise<BatchState> {
  const events = items.flatMap((i) => (i.kind === "event" ? [i.event] : []));
  const ids = [...new Set(events.map((e) => e.sessionId))];
  if (wait) await store.dialect.lockSessions(tx, ids, SESSION_LOCK_WAIT_MS);
  else if (!(await store.dialect.tryLockSessions(tx, ids))) throw new SessionsContended();
  const keys = [...new Set(events.map(dedupeKey))];
  const seenKeys = new Set<string>();
  if (keys.length) {
    const rows = await tx.rows(`SELECT "dedupeKey" FROM "WebhookDelivery" WHERE "dedupeKey" IN (${inList(keys.length)})`, keys);
    for (const [key] of rows) seenKeys.add(String(key));
  }
  const sessions = new Map<string, SessionState>();
  if (ids.length) {
    const rows = await tx.rows(
      `SELECT "id", "userId", "state", "startTime", "startTimeEstimated", "endTime", "timezone", "chunkCount", "lastInferenceSeq", "sleepStages", "snoringStages", "epochOwner", "timeInBed", "totalSleepTime", "sleepEfficiency", "sleepOnsetLatency", "wasoCount", "createdAt" FROM "SleepSession" WHERE "id" IN (${inList(ids.length)})`,
      ids,
    );
    const d = store.dialect;
    for (const r of rows) {
      const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
      sessions.set(String(r[0]), {
        id: String(r[0]),
        userId: String(r[1]),
        state: r[2] === "COMPLETE" ? "COMPLETE" : "LIVE",
        startTime: d.instant(r[3]),
        startTimeEstimated: r[4] === true || r[4] === 1,
        endTime: r[5] === null ? null : d.instant(r[5]),
        timezone: r[6] === null ? null : String(r[6]),
        chunkCount: Number(r[7]),
        lastInferenceSeq: r[8] === null ? -1 : Number(r[8]),
        stored: { sleepStages: d.bytes(r[9]), snoringStages: d.bytes(r[10]), epochOwner: d.bytes(r[11]) },
        assembly: null,
        summary: {
          timeInBed: num(r[12]),
          totalSleepTime: num(r[13]),
          sleepEfficiency: num(r[14]),
          sleepOnsetLatency: num(r[15]),
          wasoCount: num(r[16]),
        },
        createdAt: d.instant(r[17]),
      });
    }
  }
  return { seenKeys, sessions };
}

/** Writes the batch as one plan (the fast path). */
async function writeWhole(store: Store, tx: SqlTx, items: readonly StoreItem[], wait: boolean): Promise<StoreResult[]> {
  const plan = planBatch(await loadState(store, tx, items, wait), items);
  await writePlan(store, tx, plan);
  return plan.results;
}

function failureOf(store: Store, err: unknown): { status: 400 | 500; error: string } {
  const message = err instanceof Error ? err.message.split("\n")[0]!.slice(0, 300) : String(err);
  return store.dialect.classify(err) === "refused-value"
    ? { status: 400, error: `the database refused a value in this delivery: ${message}` }
    : { status: 500, error: `this delivery could not be stored: ${message}` };
}

/** Writes the batch item by item, each under a SAVEPOINT, so a refused item fails alone. */
async function writeEach(store: Store, tx: SqlTx, items: readonly StoreItem[]): Promise<StoreResult[]> {
  const results: StoreResult[] = [];
  for (const item of items) {
    await tx.run("SAVEPOINT nocturne_item");
    try {
      // Each item locks and reads its own night (this transaction sees what the items
      // before it wrote), so an item whose very lookup is refused fails alone too.
      const plan = planBatch(await loadState(store, tx, [item], true), [item]);
      await writePlan(store, tx, plan);
      await tx.run("RELEASE SAVEPOINT nocturne_item");
      results.push(plan.results[0]!);
    } catch (err) {
      if (store.dialect.classify(err) === "unavailable") throw err;
      await tx.run("ROLLBACK TO SAVEPOINT nocturne_item");
      await tx.run("RELEASE SAVEPOINT nocturne_item");
      const failure = failureOf(store, err);
      results.push({ kind: "failed", ...failure });
      await writeFailureAudit(store, tx, item, failure);
    }
  }
  return results;
}

/** The audit row of a refused item; without its body if even that is refused. */
async function writeFailureAudit(
  store: Store,
  tx: SqlTx,
  item: StoreItem,
  failure: { status: number; error: string },
): Promise<void> {
  const ev = item.kind === "event" ? item.event : null;
  const row: DeliveryRow = {
    receivedAt: item.receivedAt,
    event: ev?.event ?? (item.kind === "audit" ? item.event : "UNKNOWN"),
    userId: ev?.userId ?? (item.kind === "audit" ? item.userId : null),
    sessionId: ev?.sessionId ?? (item.kind === "audit" ? item.sessionId : null),
    dedupeKey: null,
    outcome: "failed",
    httpStatus: failure.status,
    body: auditBody(item.raw),
    error: failure.error,
    ...rowMeta(item),
  };
  const plan: BatchPlan = { ...planBatch({ seenKeys: new Set(), sessions: new Map() }, []), deliveries: [row] };
  for (const attempt of [row, { ...row, body: "", userId: null, sessionId: null, headers: null }]) {
    await tx.run("SAVEPOINT nocturne_audit");
    try {
      await writePlan(store, tx, { ...plan, deliveries: [attempt] });
      await tx.run("RELEASE SAVEPOINT nocturne_audit");
      return;
    } catch (err) {
      if (store.dialect.classify(err) === "unavailable") throw err;
      await tx.run("ROLLBACK TO SAVEPOINT nocturne_audit");
      await tx.run("RELEASE SAVEPOINT nocturne_audit");
    }
  }
}

/**
 * Stores a batch and returns one result per item, in order (see the module comment).
 * @throws the database's error when it is unavailable (busy, locked, full, unreachable, timed out); nothing was written then
 */
export async function saveDeliveryBatch(store: Store, items: readonly StoreItem[]): Promise<StoreResult[]> {
  try {
    try {
      return await store.transaction((tx) => writeWhole(store, tx, items, false));
    } catch (err) {
      if (!(err instanceof SessionsContended)) throw err;
      return await store.transaction((tx) => writeWhole(store, tx, items, true));
    }
  } catch (err) {
    if (store.dialect.classify(err) === "unavailable") throw err;
    return store.transaction((tx) => writeEach(store, tx, items));
  }
}
