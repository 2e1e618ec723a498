/**
 * Revoked sign-ins (the AccessRevocation table; prisma/schema.prisma says what
 * its two kinds of row mean). lib/auth decides what is revoked; this module
 * only reads and writes the rows. Every check is one query on the primary key
 * (batched: a token, its user and its link are looked up together).
 */
import type { Store } from "./client";

const tokenKey = (tokenDigest: string) => `token:${tokenDigest}`;
const userKey = (userId: string) => `user:${userId}`;
const linkKey = (linkId: string) => `link:${linkId}`;

/** What the table says about one token. */
export interface RevocationState {
  /** The token itself was signed out. */
  tokenRevoked: boolean;
  /** When the operator last revoked the token's user (null: never, or not a viewer token). */
  userRevokedAt: Date | null;
  /** The ViewerLink the token came from was revoked (false: not revoked, or the token names no link). */
  linkRevoked: boolean;
}

interface Lookup {
  ids: string[];
  tokenDigest: string;
  userId: string | null;
  linkId: string | null;
  resolve: (state: RevocationState) => void;
  reject: (err: unknown) => void;
}

/** Lookups waiting for the next query, per store (many handshakes at once share one query). */
const waiting = new WeakMap<Store, Lookup[]>();

async function runLookups(store: Store, lookups: Lookup[]): Promise<void> {
  try {
    const ids = [...new Set(lookups.flatMap((l) => l.ids))];
    const rows = await store.prisma.accessRevocation.findMany({ where: { id: { in: ids } }, select: { id: true, revokedAt: true } });
    const byId = new Map(rows.map((r) => [r.id, r.revokedAt]));
    for (const l of lookups) {
      l.resolve({
        tokenRevoked: byId.has(tokenKey(l.tokenDigest)),
        userRevokedAt: l.userId === null ? null : (byId.get(userKey(l.userId)) ?? null),
        linkRevoked: l.linkId !== null && byId.has(linkKey(l.linkId)),
      });
    }
  } catch (err) {
    for (const l of lookups) l.reject(err);
  }
}

/**
 * Looks up one token (by its digest) and, for a viewer token, its user and the
 * link it came from (`linkId`, claim `lnk`): at most three primary-key rows in
 * one query. Lookups made in the same turn of the event loop (a burst of socket
 * handshakes, a page and its data) share one query, so a burst does not exhaust
 * the connection pool.
 */
export function getRevocationState(store: Store, tokenDigest: string, userId: string | null, linkId: string | null = null): Promise<RevocationState> {
  return new Promise((resolve, reject) => {
    const ids = [tokenKey(tokenDigest)];
    if (userId !== null) ids.push(userKey(userId));
    if (linkId !== null) ids.push(linkKey(linkId));
    let queue = waiting.get(store);
    if (!queue) {
      queue = [];
      waiting.set(store, queue);
      setImmediate(() => {
        const batch = waiting.get(store) ?? [];
        waiting.delete(store);
        // Bounded IN lists: at most 300 lookups (900 ids) per query.
        for (let i = 0; i < batch.length; i += 300) void runLookups(store, batch.slice(i, i + 300));
      });
    }
    queue.push({ ids, tokenDigest, userId, linkId, resolve, reject });
  });
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

/** The revocation row of one ViewerLink: refuses the link's token and every cookie opened from it, until `expiresAt` (the link's own expiry). */
export function linkRevocationRow(linkId: string, revokedAt: Date, expiresAt: Date): { id: string; revokedAt: Date; expiresAt: Date } {
  return { id: linkKey(linkId), revokedAt, expiresAt };
}
