/**
 * The reads reconciliation with Asleep's REST API needs (lib/reconcile):
 * nights still waiting for their SESSION_COMPLETE, the users to ask Asleep
 * about, and which of a set of sessions Nocturne holds as complete.
 */
import type { Store } from "./client";

/** A night stored LIVE (shown Live or Incomplete, lib/store/read-model.ts) whose last delivery is older than the asked quiet time. */
export interface QuietNight {
  sessionId: string;
  userId: string;
  /** The night's IANA zone if a delivery gave one, else the operator's zone for the user; null when neither. */
  timezone: string | null;
  /** When its last delivery was stored (every chunk bumps it). */
  updatedAt: Date;
}

/**
 * Nights in state LIVE with no delivery for more than `quietSeconds` (every
 * stored chunk sets `updatedAt`, so it is the time of the last delivery),
 * most recent delivery first (the likeliest to be complete at Asleep by now;
 * old nights Asleep never completed do not crowd them out of the limit), at
 * most `limit` (1-10,000). Uses the (state, updatedAt) index.
 */
export async function listQuietNights(
  store: Store,
  { quietSeconds, userId, limit = 1000, now = Date.now() }: { quietSeconds: number; userId?: string; limit?: number; now?: number },
): Promise<QuietNight[]> {
  const rows = await store.prisma.sleepSession.findMany({
    where: { state: "LIVE", updatedAt: { lt: new Date(now - quietSeconds * 1000) }, ...(userId ? { userId } : {}) },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: Math.min(10_000, Math.max(1, Math.trunc(limit))),
    select: { id: true, userId: true, timezone: true, updatedAt: true, user: { select: { timezone: true } } },
  });
  return rows.map((r) => ({ sessionId: r.id, userId: r.userId, timezone: r.timezone ?? r.user.timezone, updatedAt: r.updatedAt }));
}

/** Every user id Nocturne has seen, most recently seen first (at most `limit`, 1-100,000). */
export async function listKnownUserIds(store: Store, { limit = 100_000 }: { limit?: number } = {}): Promise<string[]> {
  const rows = await store.prisma.user.findMany({
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    take: Math.min(100_000, Math.max(1, Math.trunc(limit))),
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/**
 * The stored state ("LIVE" or "COMPLETE") of each of `sessionIds` that Nocturne
 * holds; ids it does not hold are absent from the map.
 */
export async function storedSessionStates(store: Store, sessionIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < sessionIds.length; i += 500) {
    const rows = await store.prisma.sleepSession.findMany({
      where: { id: { in: sessionIds.slice(i, i + 500) } },
      select: { id: true, state: true },
    });
    for (const r of rows) out.set(r.id, r.state);
  }
  return out;
}
