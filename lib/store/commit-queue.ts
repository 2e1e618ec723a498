/**
 * Group commit: deliveries that arrive while transactions are running wait and
 * are written together in the next one. Under load this turns N transactions
 * into a few, and a lone delivery is committed at once (no timer: a writer only
 * yields one turn of the event loop before each batch, so requests already read
 * join it).
 * Up to `writers` batches run at the same time (1 on SQLite, which has one
 * writer; several on PostgreSQL, where a batch mostly waits on round trips and
 * the commit's flush, and per-session locks keep concurrent batches correct).
 * Each caller's promise settles only after the batch holding it has committed
 * (or failed: then every item of that batch rejects with the same error).
 */

/** Writes a batch and returns one result per item, in order. */
export type BatchRunner<T, R> = (items: T[]) => Promise<R[]>;

export interface CommitQueue<T, R> {
  /** Queues an item; resolves with its result once its batch has committed. */
  push(item: T): Promise<R>;
  /** Resolves when nothing is queued or running (graceful shutdown). */
  drain(): Promise<void>;
  /** Items waiting for a batch (not counting the batches being written). */
  depth(): number;
  /** Batches being written right now. */
  inFlight(): number;
}

export interface CommitQueueOptions {
  /** Items per batch at most (default 256). */
  maxBatch?: number;
  /** Batches written at the same time at most (default 1). */
  writers?: number;
  /**
   * When a batch fails with an error this accepts (the database is unavailable),
   * the items still queued fail with it at once instead of each waiting for a
   * batch of its own to time out: the answer's delay stays bounded by one batch.
   */
  failQueued?: (err: unknown) => boolean;
}

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/** A group-commit queue (see the module comment). */
export function createCommitQueue<T, R>(
  run: BatchRunner<T, R>,
  { maxBatch = 256, writers = 1, failQueued }: CommitQueueOptions = {},
): CommitQueue<T, R> {
  let queue: Array<Pending<T, R>> = [];
  let active = 0;
  const idle: Array<() => void> = [];

  async function writer(): Promise<void> {
    active++;
    try {
      while (queue.length > 0) {
        // Let the event loop read the requests that arrived meanwhile, so they join this batch:
        // a synchronous driver (better-sqlite3) otherwise commits every delivery alone.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (queue.length === 0) break; // another writer took them
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(batch.length);
        try {
          const results = await run(batch.map((p) => p.item));
          batch.forEach((p, i) => p.resolve(results[i]!));
        } catch (err) {
          for (const p of batch) p.reject(err);
          if (failQueued?.(err)) {
            const waiting = queue;
            queue = [];
            for (const p of waiting) p.reject(err);
          }
        }
      }
    } finally {
      active--;
      if (active === 0) idle.splice(0).forEach((wake) => wake());
    }
  }

  return {
    push(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (active < writers) void writer();
      });
    },
    async drain() {
      while (active > 0 || queue.length > 0) await new Promise<void>((wake) => idle.push(wake));
    },
    depth: () => queue.length,
    inFlight: () => active,
  };
}
