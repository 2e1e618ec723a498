/**
 * The delivery store: a group-commit queue (lib/store/commit-queue.ts) in
 * front of the batch writer. Deliveries that arrive while a batch commits are
 * written together in the next one. One per process, kept on globalThis so the
 * custom server's webhook path and Next's route handler share one writer.
 */
import { getStore, type Store } from "./client";
import { createCommitQueue, type CommitQueue } from "./commit-queue";
import { DatabaseUnavailableError } from "./errors";
import { saveDeliveryBatch, type StoreItem, type StoreResult } from "./write-batch";

export type DeliveryStore = CommitQueue<StoreItem, StoreResult>;

/**
 * A delivery store writing to `store` (resolved per batch, so a store that failed
 * to open is retried). A batch that cannot be written rejects every item with a
 * {@link DatabaseUnavailableError}.
 */
export function createDeliveryStore(store: () => Promise<Store>): DeliveryStore {
  return createCommitQueue(async (items) => {
    let opened: Store;
    try {
      opened = await store();
    } catch (err) {
      throw new DatabaseUnavailableError(err);
    }
    try {
      return await saveDeliveryBatch(opened, items);
    } catch (err) {
      throw opened.dialect.classify(err) === "unavailable" ? new DatabaseUnavailableError(err) : err;
    }
  });
}

const SLOT = Symbol.for("nocturne.delivery-store");
type Slot = { [SLOT]?: DeliveryStore };

/** The process-wide delivery store for DATABASE_URL. */
export function getDeliveryStore(): DeliveryStore {
  const g = globalThis as Slot;
  g[SLOT] ??= createDeliveryStore(getStore);
  return g[SLOT];
}
