/**
 * The delivery log's read side (WebhookDelivery, written by the batch writer
 * and the ingest pipeline's audit step): the operator's filtered, keyset-paged
 * list, one delivery's detail, the last hour's health counts, and the rows a
 * bulk replay walks.
 *
 * Every list query is `WHERE <filters> [AND id < cursor] ORDER BY id DESC LIMIT n`
 * (newest first): with the (outcome, id), (event, id), (userId, id) and
 * (sessionId, id) indexes, or the primary key, it reads about n index entries
 * whatever the size of the log. No query counts the whole log.
 * tests/integration/delivery-log-plan.test.ts checks the plans on a million rows.
 */
import { z } from "zod";

import { zonedWallTimeToUtc } from "../sleep/time-zone";
import type { Store } from "./client";
import { AUDIT_BODY_CHARS } from "./plan-batch";
import type {
  DeliveryChange,
  DeliveryDetail,
  DeliveryHealthCounts,
  DeliveryLogEntry,
  DeliveryLogPage,
  DeliveryLogSource,
} from "./read-model";

/** The outcomes the log records (WebhookDelivery.outcome). Every 5xx answer is recorded as "failed". */
export const DELIVERY_OUTCOMES = ["accepted", "duplicate", "late", "ignored", "rejected", "failed"] as const;
export type DeliveryOutcomeName = (typeof DELIVERY_OUTCOMES)[number];

export const DELIVERY_SOURCES = ["webhook", "replay", "reconcile"] as const satisfies readonly DeliveryLogSource[];

/** Rows per page of the operator's log. */
export const DELIVERY_PAGE_SIZE = 50;

/** An empty form field means "no filter". */
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), z.string().max(max).optional());

/**
 * The log's filters, all optional and combinable: outcome, event name, user id,
 * session id, source, and a time range on receivedAt (`from` inclusive, `to`
 * exclusive; instants: ISO 8601 strings or Dates).
 */
export const deliveryFilterSchema = z
  .object({
    outcome: z.preprocess((v) => (v === "" ? undefined : v), z.enum(DELIVERY_OUTCOMES).optional()),
    event: optionalText(100),
    userId: optionalText(200),
    sessionId: optionalText(200),
    source: z.preprocess((v) => (v === "" ? undefined : v), z.enum(DELIVERY_SOURCES).optional()),
    from: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.date().optional()),
    to: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.date().optional()),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: "`from` must be before `to`", path: ["to"] });

export type DeliveryFilter = z.infer<typeof deliveryFilterSchema>;

/** Which page: older than `before`, or newer than `after` (ids); neither is the newest page. */
export interface DeliveryCursor {
  before?: number;
  after?: number;
}

const cursorId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** What the /deliveries page's query string asks for. */
export interface DeliveryLogQuery {
  filter: DeliveryFilter;
  cursor: DeliveryCursor;
  /** The IANA zone the form's datetime-local values are read in (the browser's; default UTC). */
  timeZone: string;
  /** The form's values as typed, to fill the form again. */
  form: Record<"outcome" | "event" | "userId" | "sessionId" | "source" | "from" | "to", string>;
  /** Problems with the query, one line each (the list is then unfiltered by the bad field). */
  problems: string[];
}

function validZone(tz: string | undefined): string {
  if (!tz) return "UTC";
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

/** A datetime-local value ("2026-12-02T13:05", seconds optional) read in `tz`; undefined when empty, null when malformed. */
export function parseLocalDateTime(value: string, tz: string): Date | undefined | null {
  if (!value.trim()) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  if (Number.isNaN(wall)) return null;
  return new Date(zonedWallTimeToUtc(wall, tz));
}

/**
 * Reads the /deliveries query string (the GET form's fields plus `before`,
 * `after` and `tz`). Never throws: a bad field is reported in `problems` and ignored.
 */
export function parseDeliveryLogQuery(params: Record<string, string | string[] | undefined>): DeliveryLogQuery {
  const one = (k: string) => {
    const v = params[k];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  const timeZone = validZone(one("tz") || undefined);
  const form = {
    outcome: one("outcome"),
    event: one("event"),
    userId: one("user"),
    sessionId: one("session"),
    source: one("source"),
    from: one("from"),
    to: one("to"),
  };
  const problems: string[] = [];
  const raw: Record<string, unknown> = { ...form, from: undefined, to: undefined };
  for (const key of ["from", "to"] as const) {
    const at = parseLocalDateTime(form[key], timeZone);
    if (at === null) problems.push(`${key}: not a date and time ("${form[key]}")`);
    else raw[key] = at;
  }
  let filter: DeliveryFilter = {};
  const parsed = deliveryFilterSchema.safeParse(raw);
  if (parsed.success) filter = parsed.data;
  else {
    const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "")));
    for (const i of parsed.error.issues) problems.push(`${String(i.path[0] ?? "filter")}: ${i.message}`);
    const kept = Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k)));
    const retry = deliveryFilterSchema.safeParse(kept);
    if (retry.success) filter = retry.data;
  }
  const cursor: DeliveryCursor = {};
  for (const key of ["before", "after"] as const) {
    if (!one(key)) continue;
    const id = cursorId.safeParse(one(key));
    if (id.success) cursor[key] = id.data;
    else problems.push(`${key}: not a delivery id`);
  }
  if (cursor.before && cursor.after) delete cursor.after;
  return { filter, cursor, timeZone, form, problems };
}

/** A time as SQLite stores it (ISO text with "+00:00", compared as text); PostgreSQL takes the Date. */
function instantArg(store: Store, at: Date): Date | string {
  return store.provider === "sqlite" ? at.toISOString().replace("Z", "+00:00") : at;
}

/** The WHERE conditions of a filter (`?` placeholders) and their arguments. */
function filterConditions(store: Store, f: DeliveryFilter): { conds: string[]; args: unknown[] } {
  const conds: string[] = [];
  const args: unknown[] = [];
  const eq = (column: string, value: unknown) => {
    conds.push(`"${column}" = ?`);
    args.push(value);
  };
  if (f.outcome) eq("outcome", f.outcome);
  if (f.event) eq("event", f.event);
  if (f.userId) eq("userId", f.userId);
  if (f.sessionId) eq("sessionId", f.sessionId);
  if (f.source) eq("source", f.source);
  if (f.from) {
    conds.push(`"receivedAt" >= ?`);
    args.push(instantArg(store, f.from));
  }
  if (f.to) {
    conds.push(`"receivedAt" < ?`);
    args.push(instantArg(store, f.to));
  }
  return { conds, args };
}

const ENTRY_COLUMNS = `"id", "receivedAt", "event", "userId", "sessionId", "outcome", "httpStatus", "error", "source", "replayOf", "durationMs"`;

interface EntryRow {
  id: unknown;
  receivedAt: unknown;
  event: string;
  userId: string | null;
  sessionId: string | null;
  outcome: string;
  httpStatus: unknown;
  error: string | null;
  source: string;
  replayOf: unknown;
  durationMs: unknown;
}

function toEntry(store: Store, r: EntryRow): DeliveryLogEntry {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id),
    receivedAt: store.dialect.instant(r.receivedAt).toISOString(),
    event: r.event,
    userId: r.userId,
    sessionId: r.sessionId,
    outcome: r.outcome,
    httpStatus: Number(r.httpStatus),
    error: r.error,
    source: (DELIVERY_SOURCES as readonly string[]).includes(r.source) ? (r.source as DeliveryLogSource) : "webhook",
    replayOf: num(r.replayOf),
    durationMs: num(r.durationMs),
  };
}

async function query<T>(store: Store, sql: string, args: unknown[]): Promise<T[]> {
  return store.prisma.$queryRawUnsafe<T[]>(store.dialect.sql(sql), ...args);
}

/**
 * The SQL of one page of the log (engine placeholders), exported for the
 * query-plan test: newest first below `before`, or oldest first above `after`
 * (the caller reverses), `limit` rows.
 */
export function deliveryPageQuery(store: Store, filter: DeliveryFilter, cursor: DeliveryCursor, limit: number): { sql: string; args: unknown[] } {
  const { conds, args } = filterConditions(store, filter);
  let order = "DESC";
  if (cursor.after !== undefined) {
    conds.push(`"id" > ?`);
    args.push(cursor.after);
    order = "ASC";
  } else if (cursor.before !== undefined) {
    conds.push(`"id" < ?`);
    args.push(cursor.before);
  }
  const where = conds.length ? `WHERE ${conds.join(" AND ")}` : "";
  return {
    sql: store.dialect.sql(`SELECT ${ENTRY_COLUMNS} FROM "WebhookDelivery" ${where} ORDER BY "id" ${order} LIMIT ?`),
    args: [...args, limit],
  };
}

/**
 * One page of the log, newest first: at most `limit` (1-200, default 50) rows
 * matching `filter`, older than `cursor.before` or newer than `cursor.after`.
 * `older`/`newer` are the cursors of the neighbouring pages (null at either end).
 */
export async function listDeliveries(
  store: Store,
  filter: DeliveryFilter = {},
  cursor: DeliveryCursor = {},
  limit = DELIVERY_PAGE_SIZE,
): Promise<DeliveryLogPage> {
  const take = Math.min(200, Math.max(1, Math.trunc(limit)));
  const { sql, args } = deliveryPageQuery(store, filter, cursor, take + 1);
  const rows = (await store.prisma.$queryRawUnsafe<EntryRow[]>(sql, ...args)).map((r) => toEntry(store, r));
  const more = rows.length > take;
  const page = rows.slice(0, take);
  if (cursor.after !== undefined) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  if (!first || !last) {
    // Past either end: offer the way back.
    return { entries: [], older: cursor.after !== undefined ? cursor.after + 1 : null, newer: cursor.before !== undefined ? cursor.before - 1 : null };
  }
  const exists = async (cmp: "<" | ">", id: number) => {
    const { conds, args: a } = filterConditions(store, filter);
    const where = [...conds, `"id" ${cmp} ?`].join(" AND ");
    return (await query(store, `SELECT "id" FROM "WebhookDelivery" WHERE ${where} LIMIT 1`, [...a, id])).length > 0;
  };
  const hasOlder = cursor.after !== undefined ? await exists("<", last.id) : more;
  const hasNewer = cursor.after !== undefined ? more : cursor.before !== undefined ? await exists(">", first.id) : false;
  return { entries: page, older: hasOlder ? last.id : null, newer: hasNewer ? first.id : null };
}

/** Splits an INFERENCE_COMPLETE dedupe key ("INFERENCE_COMPLETE:<session>:<seq>"; session ids may hold ':'). */
function chunkKey(key: string): { sessionId: string; inferenceSeqNum: number } | null {
  const m = /^INFERENCE_COMPLETE:(.+):(\d+)$/.exec(key);
  return m ? { sessionId: m[1]!, inferenceSeqNum: Number(m[2]) } : null;
}

async function changeOf(store: Store, e: DeliveryLogEntry, dedupeKey: string | null): Promise<DeliveryChange> {
  switch (e.outcome) {
    case "accepted":
      break;
    case "duplicate":
      return { kind: "nothing", reason: "the same delivery had been stored before" };
    case "late":
      return { kind: "nothing", reason: "the night was already complete when this chunk arrived" };
    case "ignored":
      return { kind: "nothing", reason: "Nocturne does not store this event" };
    default:
      return { kind: "nothing", reason: "the delivery was not stored" };
  }
  const chunk = dedupeKey ? chunkKey(dedupeKey) : null;
  if (chunk) {
    const row = await store.prisma.inferenceChunk.findUnique({
      where: { sessionId_inferenceSeqNum: chunk },
      select: { startEpoch: true, endEpoch: true },
    });
    return row ? { kind: "chunk", ...chunk, ...row } : { kind: "nothing", reason: "its chunk is no longer stored (the night was deleted)" };
  }
  if (e.event === "SESSION_COMPLETE" && e.sessionId) {
    const report = await store.prisma.sleepReport.findUnique({ where: { sessionId: e.sessionId }, select: { sessionId: true } });
    return report ? { kind: "report", sessionId: e.sessionId } : { kind: "nothing", reason: "its report is no longer stored" };
  }
  return { kind: "nothing", reason: "no stored change is linked to this row" };
}

function parseHeaders(text: string | null): Record<string, string> | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== "object" || Array.isArray(v)) return null;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  } catch {
    return null;
  }
}

/** One delivery with its headers, body, change, replays and original; null for an unknown id. */
export async function getDeliveryDetail(store: Store, id: number): Promise<DeliveryDetail | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await query<EntryRow & { body: string | null; headers: string | null; dedupeKey: string | null }>(
    store,
    `SELECT ${ENTRY_COLUMNS}, "body", "headers", "dedupeKey" FROM "WebhookDelivery" WHERE "id" = ?`,
    [id],
  );
  if (!row) return null;
  const entry = toEntry(store, row);
  const [replays, original] = await Promise.all([
    query<EntryRow>(store, `SELECT ${ENTRY_COLUMNS} FROM "WebhookDelivery" WHERE "replayOf" = ? ORDER BY "id" LIMIT 200`, [id]),
    entry.replayOf === null
      ? Promise.resolve([])
      : query<EntryRow>(store, `SELECT ${ENTRY_COLUMNS} FROM "WebhookDelivery" WHERE "id" = ?`, [entry.replayOf]),
  ]);
  return {
    ...entry,
    headers: parseHeaders(row.headers),
    body: row.body,
    bodyTruncated: (row.body?.length ?? 0) >= AUDIT_BODY_CHARS,
    dedupeKey: row.dedupeKey,
    change: await changeOf(store, entry, row.dedupeKey),
    replays: replays.map((r) => toEntry(store, r)),
    original: original[0] ? toEntry(store, original[0]) : null,
  };
}

/**
 * Asleep's own deliveries (source "webhook") of the last hour by outcome, the
 * 5xx answers of the last 15 minutes and the newest delivery's time. Reads the
 * receivedAt index only over the hour.
 */
export async function deliveryHealth(store: Store, now = new Date()): Promise<DeliveryHealthCounts> {
  const hourAgo = instantArg(store, new Date(now.getTime() - 60 * 60 * 1000));
  const quarterAgo = instantArg(store, new Date(now.getTime() - 15 * 60 * 1000));
  const [byOutcome, errors, last] = await Promise.all([
    query<{ outcome: string; n: unknown }>(
      store,
      `SELECT "outcome", COUNT(*) AS n FROM "WebhookDelivery" WHERE "receivedAt" >= ? AND "source" = 'webhook' GROUP BY "outcome"`,
      [hourAgo],
    ),
    query<{ n: unknown }>(
      store,
      `SELECT COUNT(*) AS n FROM "WebhookDelivery" WHERE "receivedAt" >= ? AND "httpStatus" >= 500 AND "source" = 'webhook'`,
      [quarterAgo],
    ),
    query<{ receivedAt: unknown }>(
      store,
      `SELECT "receivedAt" FROM "WebhookDelivery" WHERE "source" = 'webhook' ORDER BY "receivedAt" DESC LIMIT 1`,
      [],
    ),
  ]);
  return {
    now: now.toISOString(),
    lastHour: Object.fromEntries(byOutcome.map((r) => [r.outcome, Number(r.n)])),
    serverErrors15m: Number(errors[0]?.n ?? 0),
    lastDeliveryAt: last[0] ? store.dialect.instant(last[0].receivedAt).toISOString() : null,
  };
}

/** What a replay needs of a stored delivery. */
export interface ReplaySource {
  id: number;
  outcome: string;
  userId: string | null;
  /** Null when pruned. */
  body: string | null;
  bodyTruncated: boolean;
  headers: Record<string, string> | null;
}

/** The stored request of one delivery, for a replay; null for an unknown id. */
export async function getReplaySource(store: Store, id: number): Promise<ReplaySource | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await query<{ id: unknown; outcome: string; userId: string | null; body: string | null; headers: string | null }>(
    store,
    `SELECT "id", "outcome", "userId", "body", "headers" FROM "WebhookDelivery" WHERE "id" = ?`,
    [id],
  );
  if (!row) return null;
  return {
    id: Number(row.id),
    outcome: row.outcome,
    userId: row.userId,
    body: row.body,
    bodyTruncated: (row.body?.length ?? 0) >= AUDIT_BODY_CHARS,
    headers: parseHeaders(row.headers),
  };
}

/** The newest row replaying `id`, or null (e.g. a 503 replay, whose row is written once the database is back). */
export async function latestReplayOf(store: Store, id: number): Promise<DeliveryLogEntry | null> {
  const [row] = await query<EntryRow>(store, `SELECT ${ENTRY_COLUMNS} FROM "WebhookDelivery" WHERE "replayOf" = ? ORDER BY "id" DESC LIMIT 1`, [id]);
  return row ? toEntry(store, row) : null;
}

/**
 * The deliveries a bulk replay walks: outcome "failed" (every 5xx is recorded
 * as failed), not themselves replays, matching `filter` (whose outcome, if set,
 * must be "failed"), with `after < id <= upTo`, in id order, at most `limit`.
 * `upTo` fixes the set when the walk starts, so the replays' own rows are never walked.
 */
export async function listReplayCandidates(
  store: Store,
  filter: DeliveryFilter,
  range: { after: number; upTo: number; limit: number },
): Promise<number[]> {
  const { conds, args } = filterConditions(store, { ...filter, outcome: "failed" });
  const where = [...conds, `"source" <> 'replay'`, `"id" > ?`, `"id" <= ?`].join(" AND ");
  const rows = await query<{ id: unknown }>(store, `SELECT "id" FROM "WebhookDelivery" WHERE ${where} ORDER BY "id" LIMIT ?`, [
    ...args,
    range.after,
    range.upTo,
    Math.min(200, Math.max(1, Math.trunc(range.limit))),
  ]);
  return rows.map((r) => Number(r.id));
}

/** How many deliveries {@link listReplayCandidates} would walk from the start, and the `upTo` that fixes them. */
export async function countReplayCandidates(store: Store, filter: DeliveryFilter): Promise<{ total: number; upTo: number }> {
  const [max] = await query<{ m: unknown }>(store, `SELECT MAX("id") AS m FROM "WebhookDelivery"`, []);
  const upTo = Number(max?.m ?? 0);
  const { conds, args } = filterConditions(store, { ...filter, outcome: "failed" });
  const where = [...conds, `"source" <> 'replay'`, `"id" <= ?`].join(" AND ");
  const [row] = await query<{ n: unknown }>(store, `SELECT COUNT(*) AS n FROM "WebhookDelivery" WHERE ${where}`, [...args, upTo]);
  return { total: Number(row?.n ?? 0), upTo };
}
