/**
 * Deleting one user's data on request (the operator's "Delete all of this
 * user's data"). In ONE write transaction on the store's write path (so it
 * queues with the deliveries and never interleaves with a batch):
 * - every night of the user (SleepSession) with its chunks (InferenceChunk)
 *   and report (SleepReport);
 * - the bodies of the user's deliveries in the audit log (WebhookDelivery:
 *   `body` set to NULL). The rows stay, as after the audit retention
 *   (lib/store/prune-audit.ts): received at, event, user and session ids,
 *   outcome, status and error are the delivery log and the dedupe keys that
 *   keep Asleep's retries of old deliveries out; they hold no sleep data;
 * - the user's viewer links (ViewerLink rows; their tokens are refused by the
 *   "user:<id>" cutoff below);
 * - the User row (display name, time zone, first and last seen);
 * and it moves the "user:<id>" revocation cutoff to now (AccessRevocation),
 * so every link and session cookie of the user is refused from this second on
 * (lib/auth/revocation.ts closes their open sockets after the commit).
 *
 * A delivery arriving after the commit starts the user afresh, as for a new user.
 * The audit-log update reads the deliveries without an index on `userId` (a
 * scan of the log, which the retention keeps free of bodies after 30 days):
 * rare operator work, so ingest keeps its write cost.
 */
import type { Store } from "./client";

/** What a deletion removed (row counts). */
export interface DeletedUserData {
  userId: string;
  /** The User row existed and was deleted. */
  user: boolean;
  /** SleepSession rows. */
  nights: number;
  /** InferenceChunk rows of those nights. */
  chunks: number;
  /** SleepReport rows of those nights. */
  reports: number;
  /** WebhookDelivery rows whose body was set to NULL (rows without a body left are not counted). */
  deliveryBodies: number;
  /** ViewerLink rows deleted (active, expired and revoked ones). */
  links: number;
  /** The revocation cutoff written for the user: their tokens issued up to this second are refused. */
  revokedAt: Date;
}

/** How long a deletion may wait for the nights' writers and run on PostgreSQL, in milliseconds. */
const DELETE_TIMEOUT_MS = 60_000;

/**
 * Deletes everything Nocturne holds about `userId` but the delivery log's
 * metadata (see the module comment), in one transaction.
 * @returns the counts; all zero and `user` false when nothing was held
 * @throws the database's error (nothing is deleted then)
 */
export async function deleteUserData(store: Store, userId: string, now: Date = new Date()): Promise<DeletedUserData> {
  const pg = store.provider === "postgresql";
  return store.transaction(async (tx) => {
    if (pg) {
      // Longer than the write path's 1.5 s: a user with years of nights is a big delete.
      await tx.rows(`SELECT set_config('statement_timeout', ?, true)`, [`${DELETE_TIMEOUT_MS}ms`]);
      // Hold the user row, so a delivery's upsert of the same user waits for the commit.
      await tx.rows(`SELECT "id" FROM "User" WHERE "id" = ? FOR UPDATE`, [userId]);
    }
    const sessionIds = (await tx.rows(`SELECT "id" FROM "SleepSession" WHERE "userId" = ?`, [userId])).map((r) =>
      String(r[0]),
    );
    // The nights' writers (lib/store/write-batch.ts) take the same locks: a batch for them finishes first.
    await store.dialect.lockSessions(tx, sessionIds, DELETE_TIMEOUT_MS);
    const ofUser = `"sessionId" IN (SELECT "id" FROM "SleepSession" WHERE "userId" = ?)`;
    const chunks = await tx.run(`DELETE FROM "InferenceChunk" WHERE ${ofUser}`, [userId]);
    const reports = await tx.run(`DELETE FROM "SleepReport" WHERE ${ofUser}`, [userId]);
    const nights = await tx.run(`DELETE FROM "SleepSession" WHERE "userId" = ?`, [userId]);
    // The headers go with the bodies: they name the user (x-user-id) and their client.
    const deliveryBodies = await tx.run(
      `UPDATE "WebhookDelivery" SET "body" = NULL, "headers" = NULL WHERE "userId" = ? AND ("body" IS NOT NULL OR "headers" IS NOT NULL)`,
      [userId],
    );
    const links = await tx.run(`DELETE FROM "ViewerLink" WHERE "userId" = ?`, [userId]);
    await tx.run(
      `INSERT INTO "AccessRevocation" ("id", "revokedAt", "expiresAt") VALUES (?, ?, NULL)
       ON CONFLICT ("id") DO UPDATE SET "revokedAt" = excluded."revokedAt", "expiresAt" = NULL`,
      [`user:${userId}`, now],
    );
    const user = (await tx.run(`DELETE FROM "User" WHERE "id" = ?`, [userId])) > 0;
    return { userId, user, nights, chunks, reports, deliveryBodies, links, revokedAt: now };
  });
}
