/**
 * Revoked sign-ins (the AccessRevocation table; prisma/schema.prisma says what
 * its two kinds of row mean). lib/auth decides what is revoked; this module
 * only reads and writes the rows. Every check is one query on the primary key.
 */
import type { Store } from "./client";

const tokenKey = (tokenDigest: string) => `token:${tokenDigest}`;
const userKey = (userId: string) => `user:${userId}`;

/** What the table says about one token. */
export interface RevocationState {
  /** The token itself was signed out. */
  tokenRevoked: boolean;
  /** When the operator last revoked the token's user (null: never, or not a viewer token). */
  userRevokedAt: Date | null;
}

/**
 * Looks up one token (by its digest) and, for a viewer token, its user: one
 * query, at most two primary-key rows.
 */
export async function getRevocationState(store: Store, tokenDigest: string, userId: string | null): Promise<RevocationState> {
  const ids = userId === null ? [tokenKey(tokenDigest)] : [tokenKey(tokenDigest), userKey(userId)];
  const rows = await store.prisma.accessRevocation.findMany({ where: { id: { in: ids } }, select: { id: true, revokedAt: true } });
  const user = userId === null ? undefined : rows.find((r) => r.id === userKey(userId));
  return { tokenRevoked: rows.some((r) => r.id === tokenKey(tokenDigest)), userRevokedAt: user?.revokedAt ?? null };
}

/**
 * Records one signed-out token until `expiresAt` (its own expiry) and prunes
 * rows of tokens that have expired since, in one transaction.
 */
export async function revokeToken(store: Store, tokenDigest: string, expiresAt: Date, now: Date = new Date()): Promise<void> {
  await store.prisma.$transaction([
    store.prisma.accessRevocation.deleteMany({ where: { expiresAt: { lt: now } } }),
    store.prisma.accessRevocation.upsert({
      where: { id: tokenKey(tokenDigest) },
      create: { id: tokenKey(tokenDigest), revokedAt: now, expiresAt },
      update: {},
    }),
  ]);
}

/** Revokes every viewer token of `userId` issued up to `at` (a later call moves the cutoff forward). */
export async function revokeUserTokens(store: Store, userId: string, at: Date = new Date()): Promise<void> {
  await store.prisma.accessRevocation.upsert({
    where: { id: userKey(userId) },
    create: { id: userKey(userId), revokedAt: at, expiresAt: null },
    update: { revokedAt: at },
  });
}
