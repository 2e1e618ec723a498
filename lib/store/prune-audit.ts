/**
 * Audit pruning: the delivery log (WebhookDelivery) keeps every row, but a
 * row's `body` (the raw request, up to 64 KiB) only for
 * NOCTURNE_AUDIT_RETENTION_DAYS days (default 30); older bodies are set to
 * NULL. The rows stay: they are the delivery log (event, user, session,
 * outcome, status, error) and the dedupe keys that keep redeliveries out.
 *
 * It never blocks ingest: it walks the log in id order in small batches, each
 * its own short write transaction on the store's write path (the same queue
 * as the deliveries', so a batch of deliveries waits for at most one small
 * prune batch), and pauses between batches. Each batch reads a fixed number
 * of rows by primary key, so no statement's cost grows with the log.
 */
import type { Store } from "./client";
import { inList } from "./dialect";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneOptions {
  /** Bodies of deliveries received more than this many days before `now` are removed. */
  retentionDays: number;
  /** The current time (tests pass a fixed one). */
  now?: Date;
  /** Rows read per transaction. */
  batchSize?: number;
  /** Milliseconds to wait between batches, so ingest runs in between. */
  pauseMs?: number;
  /** Resume after this delivery id (the `cursor` of the previous run); 0 walks the log from its start. */
  after?: number;
  /** Stops between batches when aborted (shutdown). */
  signal?: AbortSignal;
}

export interface PruneResult {
  /** Bodies set to NULL by this run. */
  pruned: number;
  /** Every row up to this id is older than the retention and has no body: the next run starts after it. */
  cursor: number;
}

/**
 * One pruning run: walks the log from `after` in id order and nulls the body
 * of every row received before `now - retentionDays`, stopping at the first
 * row that is still within the retention (ids follow arrival, so the rest are
 * younger; a row skipped that way is pruned by a later run).
 * @throws the database's error when it is unavailable (nothing of the failed batch was written)
 */
export async function pruneAuditBodies(store: Store, options: PruneOptions): Promise<PruneResult> {
  const { retentionDays, now = new Date(), batchSize = 500, pauseMs = 5, signal } = options;
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  let cursor = options.after ?? 0;
  let pruned = 0;
  for (;;) {
    if (signal?.aborted) break;
    const step = await store.transaction(async (tx) => {
      const rows = await tx.rows(
        `SELECT "id", CASE WHEN "receivedAt" < ? THEN 1 ELSE 0 END FROM "WebhookDelivery" WHERE "id" > ? ORDER BY "id" LIMIT ?`,
        [cutoff, cursor, batchSize],
      );
      const old: number[] = [];
      for (const [id, isOld] of rows) {
        if (Number(isOld) !== 1) break;
        old.push(Number(id));
      }
      const changed = old.length
        ? await tx.run(`UPDATE "WebhookDelivery" SET "body" = NULL WHERE "id" IN (${inList(old.length)}) AND "body" IS NOT NULL`, old)
        : 0;
      return { changed, last: old.length ? old[old.length - 1]! : cursor, more: rows.length === batchSize && old.length === rows.length };
    });
    pruned += step.changed;
    cursor = step.last;
    if (!step.more) break;
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return { pruned, cursor };
}

export interface AuditPruning {
  /** Stops the timer and any run between its batches; resolves when a running run has stopped. */
  stop(): Promise<void>;
}

export interface AuditPruningOptions {
  retentionDays: number;
  /** Between runs, ms (default one hour). */
  intervalMs?: number;
  /** Before the first run, ms (default one minute, so a starting server serves first). */
  firstRunMs?: number;
  batchSize?: number;
  pauseMs?: number;
  /** Called after a run that removed bodies. */
  onPruned?: (pruned: number) => void;
  /** Called when a run fails (the next run retries). */
  onError?: (err: unknown) => void;
}

/**
 * Prunes in the background: a first run after `firstRunMs`, then one every
 * `intervalMs`, never two at once. The timers are unref'd, so they never keep
 * the process alive. `store` is resolved per run (a store that failed to open is retried).
 */
export function startAuditPruning(store: () => Promise<Store>, options: AuditPruningOptions): AuditPruning {
  const { intervalMs = 60 * 60 * 1000, firstRunMs = 60 * 1000 } = options;
  const abort = new AbortController();
  let cursor = 0;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const run = async () => {
    try {
      const result = await pruneAuditBodies(await store(), {
        retentionDays: options.retentionDays,
        batchSize: options.batchSize,
        pauseMs: options.pauseMs,
        after: cursor,
        signal: abort.signal,
      });
      cursor = result.cursor;
      if (result.pruned > 0) options.onPruned?.(result.pruned);
    } catch (err) {
      options.onError?.(err);
    }
  };
  const schedule = (ms: number) => {
    if (abort.signal.aborted) return;
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = null;
        schedule(intervalMs);
      });
    }, ms);
    timer.unref();
  };
  schedule(firstRunMs);

  return {
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
