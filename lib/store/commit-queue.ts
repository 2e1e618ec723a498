/**
 * Group commit: deliveries that arrive while a transaction is running wait and
 * are written together in the next one. Under load this turns N transactions
 * into one, and a lone delivery is committed at once (no timer, no added delay).
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
  /** Items waiting for a batch (not counting the batch being written). */
  depth(): number;
}

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/** A queue that runs at most one batch at a time, each of at most `maxBatch` items. */
export function createCommitQueue<T, R>(run: BatchRunner<T, R>, maxBatch = 256): CommitQueue<T, R> {
  let queue: Array<Pending<T, R>> = [];
  let running: Promise<void> | null = null;

  async function loop(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const results = await run(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    running = null;
  }

  return {
    push(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        running ??= loop();
      });
    },
    async drain() {
      while (running) await running;
    },
    depth: () => queue.length,
  };
}
