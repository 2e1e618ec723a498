/**
 * Read side: the only module pages and JSON routes use to load sleep data.
 * List queries select summary columns only (never stage arrays) and use the
 * (userId, startTime) index, so their cost does not grow with history length.
 */
import type { AsleepStat } from "../asleep/webhook-schema";
import { EPOCH_SECONDS } from "../sleep/stages";
import { computeSleepStatistics } from "../sleep/statistics";
import type { Store } from "./client";
import type { Prisma } from "./generated/sqlite/client";
import {
  LIVE_STALE_AFTER_SECONDS,
  type AdjacentNight,
  type NightRangeRow,
  type NightStagesRow,
  type LiveNightState,
  type NightState,
  type NightTrendRow,
  type SessionPage,
  type SleepSessionSummary,
  type SleepSessionView,
  type UserOverviewPage,
  type UserSort,
} from "./read-model";
import { decodeStages } from "./stage-codec";

export * from "./read-model";

function shownState(state: string, updatedAt: Date, now = Date.now()): NightState {
  if (state === "COMPLETE") return "COMPLETE";
  return now - updatedAt.getTime() > LIVE_STALE_AFTER_SECONDS * 1000 ? "INCOMPLETE" : "LIVE";
}

function freshSince(now = Date.now()): Date {
  return new Date(now - LIVE_STALE_AFTER_SECONDS * 1000);
}

const summarySelect = {
  id: true,
  state: true,
  updatedAt: true,
  startTime: true,
  endTime: true,
  timezone: true,
  timeInBed: true,
  totalSleepTime: true,
  sleepEfficiency: true,
  sleepOnsetLatency: true,
  wasoCount: true,
} as const;

/** A row as {@link summarySelect} reads it (the type follows the select). */
type SummaryRow = Prisma.SleepSessionGetPayload<{ select: typeof summarySelect }>;

function toSummary({ updatedAt, ...r }: SummaryRow): SleepSessionSummary {
  return {
    ...r,
    state: shownState(r.state, updatedAt),
    startTime: r.startTime.toISOString(),
    endTime: r.endTime?.toISOString() ?? null,
  };
}

/** Loads one night; null when the id is unknown. */
export async function getSleepSession(store: Store, sessionId: string): Promise<SleepSessionView | null> {
  const s = await store.prisma.sleepSession.findUnique({ where: { id: sessionId }, include: { report: true } });
  return s ? toSessionView(s) : null;
}

/** A session row with its report, as `findMany({ include: { report: true } })` reads it. */
export type SessionWithReport = Prisma.SleepSessionGetPayload<{ include: { report: true } }>;

/** A stored night (row and report) as the JSON API shows it ({@link SleepSessionView}). */
export function toSessionView(s: SessionWithReport): SleepSessionView {
  const sleepStages = decodeStages(s.sleepStages);
  const snoringStages = decodeStages(s.snoringStages);
  const r = s.report;
  const cycles = r ? (JSON.parse(r.sleepCycles) as Array<Record<string, unknown>>) : [];
  return {
    id: s.id,
    userId: s.userId,
    state: shownState(s.state, s.updatedAt),
    startTime: s.startTime.toISOString(),
    startTimeEstimated: s.startTimeEstimated,
    endTime: s.endTime?.toISOString() ?? null,
    timezone: s.timezone,
    epochSeconds: EPOCH_SECONDS,
    sleepStages,
    snoringStages,
    stat: r ? (JSON.parse(r.statJson) as AsleepStat) : null,
    sleepEfficiencyPercent: r?.sleepEfficiency ?? null,
    computed: computeSleepStatistics(sleepStages, s.startTime.getTime(), snoringStages),
    peculiarities: r ? (JSON.parse(r.peculiarities) as string[]) : [],
    missingDataRatio: r?.missingDataRatio ?? null,
    sleepCycles: cycles.map((c, i) => ({
      index: Number(c.index ?? c.order ?? i),
      startTime: String(c.start_time),
      endTime: String(c.end_time),
    })),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function encodeCursor(row: { startTime: Date; id: string }): string {
  return Buffer.from(`${row.startTime.getTime()}:${row.id}`).toString("base64url");
}

/** Decodes a page cursor; throws RangeError for one that was not issued by {@link listUserSessions}. */
function decodeCursor(cursor: string): { startTime: Date; id: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const sep = text.indexOf(":");
  const ms = Number(text.slice(0, sep));
  if (sep < 1 || !Number.isFinite(ms)) throw new RangeError("invalid cursor");
  return { startTime: new Date(ms), id: text.slice(sep + 1) };
}

/**
 * A user's nights, newest first (by start time, then id), `limit` per page (1-100).
 * @throws RangeError for a malformed cursor
 */
export async function listUserSessions(
  store: Store,
  userId: string,
  { limit = 20, cursor }: { limit?: number; cursor?: string | null } = {},
): Promise<SessionPage> {
  const take = Math.min(100, Math.max(1, Math.trunc(limit)));
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await store.prisma.sleepSession.findMany({
    where: {
      userId,
      ...(after && {
        OR: [{ startTime: { lt: after.startTime } }, { startTime: after.startTime, id: { lt: after.id } }],
      }),
    },
    orderBy: [{ startTime: "desc" }, { id: "desc" }],
    take: take + 1,
    select: summarySelect,
  });
  const page = rows.slice(0, take);
  const last = page[page.length - 1];
  return { sessions: page.map(toSummary), nextCursor: rows.length > take && last ? encodeCursor(last) : null };
}

/** Whether a user has been seen (sent any delivery). */
export async function userExists(store: Store, userId: string): Promise<boolean> {
  return (await store.prisma.user.count({ where: { id: userId } })) > 0;
}

/** A user's LIVE sessions (analysed within the last hour) with their assembled stages: the catch-up state sent on every socket (re)connect. */
export async function getLiveSessions(store: Store, userId: string): Promise<LiveNightState[]> {
  const rows = await store.prisma.sleepSession.findMany({
    where: { userId, state: "LIVE", updatedAt: { gte: freshSince() } },
    orderBy: { startTime: "desc" },
    take: 5,
    select: { id: true, startTime: true, chunkCount: true, sleepStages: true, snoringStages: true },
  });
  return rows.map((s) => {
    const sleepStages = decodeStages(s.sleepStages);
    const snoringStages = decodeStages(s.snoringStages);
    return {
      sessionId: s.id,
      startTime: s.startTime.toISOString(),
      version: s.chunkCount,
      sleepStages,
      snoringStages,
      statistics: computeSleepStatistics(sleepStages, s.startTime.getTime(), snoringStages),
    };
  });
}

/** Most users one overview page shows. */
export const MAX_OVERVIEW_PAGE = 200;
/** Deepest row an overview page may start at: past it, narrow the search (offset paging reads the skipped rows). */
export const MAX_OVERVIEW_OFFSET = 10_000;

/** `%text%` for LIKE with `\` as the escape character: `%`, `_` and `\` in the search match themselves. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The newest COMPLETE night of user `u` (one seek on (userId, state, startTime)). */
const LAST_NIGHT = `FROM "SleepSession" s WHERE s."userId" = u."id" AND s."state" = 'COMPLETE' ORDER BY s."startTime" DESC, s."id" DESC LIMIT 1`;

/**
 * One page of users for the operator's overview, each with a live flag, their
 * number of nights and the newest COMPLETE night; plus how many users match.
 * - `q`: case-insensitive substring of the user id or display name (SQLite:
 *   LIKE, case-insensitive for ASCII letters; PostgreSQL: ILIKE); `%`, `_`
 *   and `\` match themselves.
 * - `sort`: "lastSeen" (newest first, the default), "name" (display name,
 *   else id, A-Z) or "efficiency" (last night's sleep efficiency, percent,
 *   highest first; users without one last); `desc` reverses it (users without
 *   an efficiency stay last). Ties: user id A-Z.
 * - `limit` 1-{@link MAX_OVERVIEW_PAGE} (default 50), `offset` 0-{@link MAX_OVERVIEW_OFFSET}.
 * Four queries whatever the number of users: the page (the newest night and
 * the night count per listed user are index seeks on SleepSession), the
 * count, the live nights and the last nights of the page. Sorting by
 * efficiency seeks every matching user's last night (10,000 users: ~10,000 seeks).
 */
export async function listUserOverviews(
  store: Store,
  {
    q = "",
    sort = "lastSeen",
    reverse = false,
    limit = 50,
    offset = 0,
  }: { q?: string; sort?: UserSort; reverse?: boolean; limit?: number; offset?: number } = {},
): Promise<UserOverviewPage> {
  const take = Math.min(MAX_OVERVIEW_PAGE, Math.max(1, Math.trunc(limit)));
  const skip = Math.min(MAX_OVERVIEW_OFFSET, Math.max(0, Math.trunc(offset)));
  const search = q.trim();
  const like = store.provider === "postgresql" ? "ILIKE" : "LIKE";
  const where = search ? `WHERE u."id" ${like} ? ESCAPE '\\' OR u."displayName" ${like} ? ESCAPE '\\'` : "";
  const whereArgs = search ? [likeContains(search), likeContains(search)] : [];
  const up = reverse ? "DESC" : "ASC";
  const down = reverse ? "ASC" : "DESC";
  const order = {
    lastSeen: `u."lastSeenAt" ${down}, u."id" ASC`,
    name: `LOWER(COALESCE(u."displayName", u."id")) ${up}, u."id" ASC`,
    // One expression, so the last-night seek runs once per user (efficiency is 0-100: -1 and 1000 put users without one last).
    efficiency: reverse ? `COALESCE(u."lastEfficiency", 1000) ASC, u."id" ASC` : `COALESCE(u."lastEfficiency", -1) DESC, u."id" ASC`,
  }[sort];
  const efficiency = sort === "efficiency" ? `, (SELECT s."sleepEfficiency" ${LAST_NIGHT}) AS "lastEfficiency"` : "";
  // The efficiency is a column of a derived table, so ORDER BY may use it in an expression (PostgreSQL does not allow an output alias there).
  const pageSql = `SELECT * FROM (
      SELECT u."id", u."displayName", u."lastSeenAt"${efficiency} FROM "User" u ${where}
    ) u ORDER BY ${order} LIMIT ? OFFSET ?`;
  // The per-user subqueries run for the page's rows only (the inner query has already cut it).
  const sql = `SELECT u."id", u."displayName", u."lastSeenAt",
      (SELECT COUNT(*) FROM "SleepSession" s WHERE s."userId" = u."id") AS "nights",
      (SELECT s."id" ${LAST_NIGHT}) AS "lastNightId"
    FROM (${pageSql}) u`;
  const [users, [counted]] = await Promise.all([
    store.prisma.$queryRawUnsafe<Array<{ id: string; displayName: string | null; lastSeenAt: Date | string; nights: number | bigint; lastNightId: string | null }>>(
      store.dialect.sql(sql),
      ...whereArgs,
      take,
      skip,
    ),
    store.prisma.$queryRawUnsafe<Array<{ n: number | bigint }>>(store.dialect.sql(`SELECT COUNT(*) AS "n" FROM "User" u ${where}`), ...whereArgs),
  ]);
  const ids = users.map((u) => u.id);
  const nightIds = users.flatMap((u) => (u.lastNightId ? [u.lastNightId] : []));
  const [live, lastNights] = await Promise.all([
    store.prisma.sleepSession.findMany({
      where: { state: "LIVE", userId: { in: ids }, updatedAt: { gte: freshSince() } },
      orderBy: { startTime: "desc" },
      select: { id: true, userId: true },
    }),
    store.prisma.sleepSession.findMany({ where: { id: { in: nightIds } }, select: summarySelect }),
  ]);
  const liveByUser = new Map<string, string>();
  for (const s of live) if (!liveByUser.has(s.userId)) liveByUser.set(s.userId, s.id);
  const nightById = new Map(lastNights.map((n) => [n.id, n]));
  return {
    total: Number(counted?.n ?? 0),
    users: users.map((u) => {
      const last = u.lastNightId ? nightById.get(u.lastNightId) : undefined;
      return {
        userId: u.id,
        displayName: u.displayName,
        lastSeenAt: new Date(u.lastSeenAt).toISOString(),
        nights: Number(u.nights),
        liveSessionId: liveByUser.get(u.id) ?? null,
        lastNight: last ? toSummary(last) : null,
      };
    }),
  };
}

/** How many users have a LIVE night analysed within the last hour (one range scan of (state, updatedAt)). */
export async function countLiveUsers(store: Store): Promise<number> {
  const rows = await store.prisma.sleepSession.findMany({
    where: { state: "LIVE", updatedAt: { gte: freshSince() } },
    distinct: ["userId"],
    select: { userId: true },
  });
  return rows.length;
}

/** Which nights {@link listRecentNights} reads: start times in [startFrom, startBefore). */
export interface NightRange {
  startFrom?: Date;
  startBefore?: Date;
}

/** The where and order of a user's COMPLETE nights newest first, optionally only those starting within `range`. */
function newestCompleteFirst(userId: string, range: NightRange) {
  return {
    where: {
      userId,
      state: "COMPLETE",
      ...((range.startFrom || range.startBefore) && {
        startTime: {
          ...(range.startFrom && { gte: range.startFrom }),
          ...(range.startBefore && { lt: range.startBefore }),
        },
      }),
    },
    orderBy: [{ startTime: "desc" as const }, { id: "desc" as const }],
  };
}

/**
 * A user's last `nights` (1-366) COMPLETE nights, newest first, optionally
 * only those starting within `range`: the trend charts' data. Summary columns
 * and the report's stage times (seconds); a value the report lacks (Asleep
 * sent no `time_in_wake`, `time_in_deep`, `time_in_rem` or `time_in_snoring`)
 * is computed from the stored hypnogram, loaded in one more query for those
 * nights only. So: one query, two when some report is incomplete.
 */
export async function listRecentNights(
  store: Store,
  userId: string,
  nights = 30,
  range: NightRange = {},
): Promise<NightTrendRow[]> {
  const rows = await store.prisma.sleepSession.findMany({
    ...newestCompleteFirst(userId, range),
    take: Math.min(366, Math.max(1, Math.trunc(nights))),
    select: {
      id: true,
      startTime: true,
      endTime: true,
      timezone: true,
      timeInBed: true,
      totalSleepTime: true,
      sleepEfficiency: true,
      sleepOnsetLatency: true,
      report: {
        select: {
          peculiarities: true,
          missingDataRatio: true,
          timeInWake: true,
          timeInDeep: true,
          timeInRem: true,
          timeInSnoring: true,
        },
      },
    },
  });
  const lacking = rows.filter(
    ({ report: r }) => !r || r.timeInWake === null || r.timeInDeep === null || r.timeInRem === null || r.timeInSnoring === null,
  );
  const computed = new Map<string, ReturnType<typeof computeSleepStatistics>>();
  if (lacking.length > 0) {
    const stages = await store.prisma.sleepSession.findMany({
      where: { id: { in: lacking.map((r) => r.id) } },
      select: { id: true, startTime: true, sleepStages: true, snoringStages: true },
    });
    for (const s of stages) {
      const snoring = decodeStages(s.snoringStages);
      // A track of only "no data" (-1) is no track: snoring stays unknown rather than 0.
      const track = snoring.some((v) => v >= 0) ? snoring : null;
      computed.set(s.id, computeSleepStatistics(decodeStages(s.sleepStages), s.startTime.getTime(), track));
    }
  }
  return rows.map(({ report, ...r }) => {
    const c = computed.get(r.id);
    return {
      ...r,
      startTime: r.startTime.toISOString(),
      endTime: r.endTime?.toISOString() ?? null,
      peculiarities: report ? (JSON.parse(report.peculiarities) as string[]) : [],
      missingDataRatio: report?.missingDataRatio ?? null,
      waso: report?.timeInWake ?? c?.timeInWake ?? null,
      timeInDeep: report?.timeInDeep ?? c?.timeInDeep ?? null,
      timeInRem: report?.timeInRem ?? c?.timeInRem ?? null,
      timeInSnoring: report?.timeInSnoring ?? c?.timeInSnoring ?? null,
    };
  });
}

const adjacentSelect = { id: true, startTime: true, endTime: true, timezone: true } as const;

/**
 * The same user's nights just before and just after a night, by start time
 * (then id, so nights starting in the same second still have an order): two
 * keyset seeks on (userId, startTime). Null at the first / last night.
 */
export async function getAdjacentNights(
  store: Store,
  night: { userId: string; id: string; startTime: string },
): Promise<{ previous: AdjacentNight | null; next: AdjacentNight | null }> {
  const at = new Date(night.startTime);
  const [previous, next] = await Promise.all([
    store.prisma.sleepSession.findFirst({
      where: { userId: night.userId, OR: [{ startTime: { lt: at } }, { startTime: at, id: { lt: night.id } }] },
      orderBy: [{ startTime: "desc" }, { id: "desc" }],
      select: adjacentSelect,
    }),
    store.prisma.sleepSession.findFirst({
      where: { userId: night.userId, OR: [{ startTime: { gt: at } }, { startTime: at, id: { gt: night.id } }] },
      orderBy: [{ startTime: "asc" }, { id: "asc" }],
      select: adjacentSelect,
    }),
  ]);
  const shape = (r: typeof previous) =>
    r ? { ...r, startTime: r.startTime.toISOString(), endTime: r.endTime?.toISOString() ?? null } : null;
  return { previous: shape(previous), next: shape(next) };
}

/**
 * A user's nights (any state) that start in [from, to), oldest first, at most
 * 400 (a month view asks for about 33 days). Summary columns and the report's
 * peculiarities only, never stage arrays.
 */
export async function listNightsStartingBetween(store: Store, userId: string, from: Date, to: Date): Promise<NightRangeRow[]> {
  const rows = await store.prisma.sleepSession.findMany({
    where: { userId, startTime: { gte: from, lt: to } },
    orderBy: [{ startTime: "asc" }, { id: "asc" }],
    take: 400,
    select: {
      id: true,
      state: true,
      updatedAt: true,
      startTime: true,
      endTime: true,
      timezone: true,
      timeInBed: true,
      totalSleepTime: true,
      sleepEfficiency: true,
      sleepOnsetLatency: true,
      report: { select: { peculiarities: true, missingDataRatio: true } },
    },
  });
  return rows.map(({ report, updatedAt, ...r }) => ({
    ...r,
    state: shownState(r.state, updatedAt),
    startTime: r.startTime.toISOString(),
    endTime: r.endTime?.toISOString() ?? null,
    peculiarities: report ? (JSON.parse(report.peculiarities) as string[]) : [],
    missingDataRatio: report?.missingDataRatio ?? null,
  }));
}

/** The newest night's start and zone (any state), null when the user has none: the calendar's default month. */
export async function getLatestNight(store: Store, userId: string): Promise<AdjacentNight | null> {
  const r = await store.prisma.sleepSession.findFirst({
    where: { userId },
    orderBy: [{ startTime: "desc" }, { id: "desc" }],
    select: adjacentSelect,
  });
  return r ? { ...r, startTime: r.startTime.toISOString(), endTime: r.endTime?.toISOString() ?? null } : null;
}

/** A user's newest `take` (1-366) COMPLETE nights with their hypnograms, newest first, optionally only those starting within `range`. */
export async function listRecentNightStages(
  store: Store,
  userId: string,
  take: number,
  range: NightRange = {},
): Promise<NightStagesRow[]> {
  const rows = await store.prisma.sleepSession.findMany({
    ...newestCompleteFirst(userId, range),
    take: Math.min(366, Math.max(1, Math.trunc(take))),
    select: { id: true, startTime: true, endTime: true, timezone: true, sleepStages: true },
  });
  return rows.map((r) => ({
    id: r.id,
    startTime: r.startTime.toISOString(),
    endTime: r.endTime?.toISOString() ?? null,
    timezone: r.timezone,
    sleepStages: decodeStages(r.sleepStages),
  }));
}
