/**
 * Viewers' sign-in links (the ViewerLink table; prisma/schema.prisma says what
 * a row means). lib/auth/viewer-links.ts signs the tokens; this module only
 * reads and writes the rows and their revocations:
 * - revoking one link sets its `revokedAt` and writes the AccessRevocation row
 *   "link:<id>" (until the link's expiry), which the per-request revocation
 *   check reads with the token's and the user's rows (lib/store/access-revocations.ts);
 * - revoking all of a user's links marks every active row revoked and moves the
 *   "user:<id>" cutoff (every viewer token of the user issued up to now is refused).
 */
import { randomBytes } from "node:crypto";

import type { Store } from "./client";
import { linkRevocationRow } from "./access-revocations";
import { MAX_LINK_LABEL, MAX_VIEWER_LINK_DAYS, type ViewerLinkView } from "./read-model";

export { MAX_LINK_LABEL, MAX_VIEWER_LINK_DAYS, VIEWER_LINK_DAYS, type ViewerLinkView } from "./read-model";

const DAY_MS = 86_400_000;

type Row = {
  id: string;
  userId: string;
  label: string | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

function toView(r: Row): ViewerLinkView {
  return {
    id: r.id,
    userId: r.userId,
    label: r.label,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  };
}

/** A fresh link id: 16 random bytes, base64url (22 characters). */
export function newViewerLinkId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * Records a new link for `userId`, valid `days` days from `now` (the expiry is
 * cut to a whole second, the precision of the token's `exp`). A blank label is
 * stored as null.
 * @throws RangeError for an empty user id, `days` outside 1 day - {@link MAX_VIEWER_LINK_DAYS} or a label over {@link MAX_LINK_LABEL} characters
 */
export async function createViewerLink(
  store: Store,
  input: { userId: string; days: number; label?: string | null; now?: Date },
): Promise<ViewerLinkView> {
  const now = input.now ?? new Date();
  const label = input.label?.trim() || null;
  if (!input.userId) throw new RangeError("a link needs a user id");
  if (!Number.isFinite(input.days) || input.days <= 0 || input.days > MAX_VIEWER_LINK_DAYS) {
    throw new RangeError(`days must be above 0 and at most ${MAX_VIEWER_LINK_DAYS}`);
  }
  if (label && label.length > MAX_LINK_LABEL) throw new RangeError(`label over ${MAX_LINK_LABEL} characters`);
  const createdAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const expiresAt = new Date(createdAt.getTime() + Math.round(input.days * DAY_MS));
  const row = await store.prisma.viewerLink.create({
    data: { id: newViewerLinkId(), userId: input.userId, label, createdAt, expiresAt },
  });
  return toView(row);
}

/** A user's links that still sign in (not revoked, not expired at `now`), newest first (at most 200). */
export async function listActiveViewerLinks(
  store: Store,
  userId: string,
  now: Date = new Date(),
): Promise<ViewerLinkView[]> {
  const rows = await store.prisma.viewerLink.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 200,
  });
  return rows.map(toView);
}

/**
 * Revokes one link of `userId`: marks it and writes its revocation row, in one
 * transaction. Revoking a revoked link again changes nothing.
 * @returns the link as revoked, or null when `userId` has no link `linkId`
 */
export async function revokeViewerLink(
  store: Store,
  userId: string,
  linkId: string,
  now: Date = new Date(),
): Promise<ViewerLinkView | null> {
  const link = await store.prisma.viewerLink.findUnique({ where: { id: linkId } });
  if (!link || link.userId !== userId) return null;
  if (link.revokedAt) return toView(link);
  const row = linkRevocationRow(linkId, now, link.expiresAt);
  const [updated] = await store.prisma.$transaction([
    store.prisma.viewerLink.update({ where: { id: linkId }, data: { revokedAt: now } }),
    store.prisma.accessRevocation.upsert({ where: { id: row.id }, create: row, update: {} }),
  ]);
  return toView(updated);
}

/**
 * Marks every active link of `userId` revoked (the caller also moves the
 * "user:<id>" cutoff, lib/auth/revocation.ts, which is what refuses them).
 * @returns how many links were marked
 */
export async function markUserLinksRevoked(store: Store, userId: string, now: Date = new Date()): Promise<number> {
  const { count } = await store.prisma.viewerLink.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: now },
  });
  return count;
}

/** Records that a link was opened at `at` (one primary-key update; nothing for an unknown or revoked link). */
export async function markViewerLinkUsed(store: Store, linkId: string, at: Date = new Date()): Promise<void> {
  await store.prisma.viewerLink.updateMany({ where: { id: linkId, revokedAt: null }, data: { lastUsedAt: at } });
}
