/**
 * The process-wide delivery store: a group-commit queue in front of
 * saveDeliveryBatch. Kept on globalThis so the custom server's direct webhook
 * path and Next's route handler share one queue (and one writer) per process.
 */
import { getDb, type Db } from "./client";
import { saveDeliveryBatch, type AuditItem, type DeliveryItem, type StoreResult } from "./write-batch";
import { createCommitQueue, type CommitQueue } from "./commit-queue";

type Queue = CommitQueue<DeliveryItem | AuditItem, StoreResult>;

/** A store over a database: deliveries arriving during a commit are written together in the next one. */
export function createDeliveryStore(db: () => Promise<Db>): Queue {
  return createCommitQueue(async (items) => saveDeliveryBatch(await db(), items));
}

const SLOT = Symbol.for("nocturne.delivery-store");
type Slot = { [SLOT]?: Queue };

/** The store for DATABASE_URL. */
export function getDeliveryStore(): Queue {
  const g = globalThis as Slot;
  g[SLOT] ??= createDeliveryStore(getDb);
  return g[SLOT];
}
