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
  type LiveNightState,
  type NightState,
  type NightTrendRow,
  type SessionPage,
  type SleepSessionSummary,
  type SleepSessionView,
  type UserOverview,
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
  if (!s) return null;
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

/**
 * Users, most recently seen first (at most `limit`, 1-500), each with a live
 * flag and the newest COMPLETE night. Three queries whatever the number of
 * users: the newest night per user is one seek on (userId, state, startTime).
 */
export async function listUserOverviews(store: Store, { limit = 200 }: { limit?: number } = {}): Promise<UserOverview[]> {
  const take = Math.min(500, Math.max(1, Math.trunc(limit)));
  const users = await store.prisma.$queryRaw<Array<{ id: string; lastSeenAt: Date | string; lastNightId: string | null }>>`
    SELECT u."id", u."lastSeenAt",
      (SELECT s."id" FROM "SleepSession" s
        WHERE s."userId" = u."id" AND s."state" = 'COMPLETE'
        ORDER BY s."startTime" DESC, s."id" DESC LIMIT 1) AS "lastNightId"
    FROM "User" u ORDER BY u."lastSeenAt" DESC, u."id" ASC LIMIT ${take}`;
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
  return users.map((u) => {
    const last = u.lastNightId ? nightById.get(u.lastNightId) : undefined;
    return {
      userId: u.id,
      lastSeenAt: new Date(u.lastSeenAt).toISOString(),
      liveSessionId: liveByUser.get(u.id) ?? null,
      lastNight: last ? toSummary(last) : null,
    };
  });
}

/** Which nights {@link listRecentNights} reads: start times in [startFrom, startBefore). */
export interface NightRange {
  startFrom?: Date;
  startBefore?: Date;
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
    orderBy: [{ startTime: "desc" }, { id: "desc" }],
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
