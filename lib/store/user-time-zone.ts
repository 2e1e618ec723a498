/**
 * The time zone a user's live nights are shown in: the zone of their latest
 * report (Asleep's `timezone` on SESSION_COMPLETE). Pages fall back to the
 * viewer's browser zone, then UTC, when this is null.
 */
import type { Store } from "./client";

/** The IANA zone of the user's newest COMPLETE night that has one; null when none has. */
export async function getUserTimeZone(store: Store, userId: string): Promise<string | null> {
  const row = await store.prisma.sleepSession.findFirst({
    where: { userId, state: "COMPLETE", timezone: { not: null } },
    orderBy: [{ startTime: "desc" }, { id: "desc" }],
    select: { timezone: true },
  });
  return row?.timezone ?? null;
}
