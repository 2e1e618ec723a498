/**
 * The delivery store: a group-commit queue (lib/store/commit-queue.ts) in
 * front of the batch writer. Deliveries that arrive while a batch commits are
 * written together in the next one. One per process, kept on globalThis so the
 * custom server's webhook path and Next's route handler share one writer.
 */
import { getStore, type Store } from "./client";
import { getEnv } from "../env";
import { createCommitQueue, type CommitQueue, type CommitQueueOptions } from "./commit-queue";
import { databaseProvider } from "./database-url";
import { DatabaseUnavailableError } from "./errors";
import { saveDeliveryBatch, type StoreItem, type StoreResult } from "./write-batch";

export type DeliveryStore = CommitQueue<StoreItem, StoreResult>;

/**
 * A delivery store writing to `store` (resolved per batch, so a store that failed
 * to open is retried). A batch that cannot be written rejects every item with a
 * {@link DatabaseUnavailableError}.
 */
export function createDeliveryStore(
  store: () => Promise<Store>,
  options: CommitQueueOptions & {
    /** Told about every batch written (metrics): its size and the seconds its transaction took. */
    onBatch?: (size: number, seconds: number) => void;
  } = {},
): DeliveryStore {
  return createCommitQueue(async (items) => {
    let opened: Store;
    try {
      opened = await store();
    } catch (err) {
      throw new DatabaseUnavailableError(err);
    }
    const t0 = performance.now();
    try {
      const results = await saveDeliveryBatch(opened, items);
      options.onBatch?.(items.length, (performance.now() - t0) / 1000);
      return results;
    } catch (err) {
      throw opened.dialect.classify(err) === "unavailable" ? new DatabaseUnavailableError(err) : err;
    }
  }, { failQueued: (err) => err instanceof DatabaseUnavailableError, ...options });
}

const SLOT = Symbol.for("nocturne.delivery-store");
type Slot = { [SLOT]?: DeliveryStore };

/**
 * The process-wide delivery store for DATABASE_URL: one writer on SQLite,
 * PG_WRITERS concurrent batches on PostgreSQL. `onBatch` is taken from the first call.
 */
export function getDeliveryStore(onBatch?: (size: number, seconds: number) => void): DeliveryStore {
  const g = globalThis as Slot;
  if (!g[SLOT]) {
    const env = getEnv();
    g[SLOT] = createDeliveryStore(getStore, {
      writers: databaseProvider(env.databaseUrl) === "postgresql" ? env.pgWriters : 1,
      ...(onBatch ? { onBatch } : {}),
    });
  }
  return g[SLOT];
}
