/**
 * The exports' reads: a user's nights in a window of start times, oldest
 * first, fetched by keyset on (userId, startTime, id) a page at a time, so an
 * export of years costs one page of rows in memory whatever its length.
 */
import type { Store } from "./client";
import { toSessionView } from "./queries";
import type { SleepSessionView } from "./read-model";

/** Rows per page of {@link pageNightsStartingBetween}. */
export const EXPORT_PAGE_SIZE = 100;

/** Where a page ends: pass back as `after` for the next one. */
export interface ExportCursor {
  startTime: Date;
  id: string;
}

/**
 * One page of a user's nights (any state, with hypnograms and reports) whose
 * start lies in [from, to), oldest first (start time, then id), after
 * `after`. `next` is null on the last page.
 */
export async function pageNightsStartingBetween(
  store: Store,
  userId: string,
  window: { from: Date; to: Date },
  after: ExportCursor | null,
  take = EXPORT_PAGE_SIZE,
): Promise<{ nights: SleepSessionView[]; next: ExportCursor | null }> {
  const rows = await store.prisma.sleepSession.findMany({
    where: {
      userId,
      startTime: { gte: window.from, lt: window.to },
      ...(after && { OR: [{ startTime: { gt: after.startTime } }, { startTime: after.startTime, id: { gt: after.id } }] }),
    },
    orderBy: [{ startTime: "asc" }, { id: "asc" }],
    take,
    include: { report: true },
  });
  const last = rows[rows.length - 1];
  return {
    nights: rows.map(toSessionView),
    next: rows.length === take && last ? { startTime: last.startTime, id: last.id } : null,
  };
}
