/**
 * The "none lost, none doubled" check after a load: the SQLite file is opened
 * read-only (better-sqlite3) and every InferenceChunk row of the run (session
 * ids starting with the run's prefix) is matched against the acknowledgements.
 */
import Database from "better-sqlite3";

import type { Check } from "./report";

export interface ChunkAudit {
  /** InferenceChunk rows of the run. */
  rows: number;
  /** Acknowledged (2xx "accepted") deliveries with no row: lost. */
  lost: number;
  /** Deliveries stored more than once (same session and inference_seq_num). */
  doubled: number;
  /** Rows whose delivery got no 2xx answer: requests cut off when the load stopped, or timed out. */
  unacknowledgedRows: number;
}

/** Counts the run's chunk rows (sessions `prefix-*`) against `acked` keys (`sessionId:inferenceSeqNum`). */
export function auditChunks(file: string, prefix: string, acked: ReadonlySet<string>): ChunkAudit {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 10000");
    const rows = db
      .prepare(
        `SELECT sessionId, inferenceSeqNum, COUNT(*) AS n FROM InferenceChunk
         WHERE sessionId >= ? AND sessionId < ? GROUP BY sessionId, inferenceSeqNum`,
      )
      .all(`${prefix}-`, `${prefix}-\uffff`) as Array<{ sessionId: string; inferenceSeqNum: number; n: number }>;
    const stored = new Set<string>();
    let total = 0;
    let doubled = 0;
    for (const r of rows) {
      stored.add(`${r.sessionId}:${r.inferenceSeqNum}`);
      total += r.n;
      if (r.n > 1) doubled += r.n - 1;
    }
    let lost = 0;
    for (const k of acked) if (!stored.has(k)) lost++;
    let unacknowledgedRows = 0;
    for (const k of stored) if (!acked.has(k)) unacknowledgedRows++;
    return { rows: total, lost, doubled, unacknowledgedRows };
  } finally {
    db.close();
  }
}

/**
 * Turns an audit into a check: no loss, no doubles, exactly one row per 2xx
 * answer, except rows of requests still in flight when the load stopped (at
 * most one per connection) or timed out, which have a row but no answer.
 */
export function chunkCheck(
  name: string,
  audit: ChunkAudit,
  load: { answered2xx: number; unkeyed2xx: number; connections: number; timeouts: number; errors: number },
): Check {
  const inFlightAllowance = load.connections + load.timeouts + load.errors;
  const ok =
    audit.lost === 0 &&
    audit.doubled === 0 &&
    load.unkeyed2xx === 0 &&
    audit.rows - audit.unacknowledgedRows === load.answered2xx &&
    audit.unacknowledgedRows <= inFlightAllowance;
  const detail =
    `${audit.rows} chunk rows for ${load.answered2xx} 2xx answers: lost ${audit.lost}, doubled ${audit.doubled}, ` +
    `2xx without "accepted" ${load.unkeyed2xx}, rows without an answer ${audit.unacknowledgedRows} ` +
    `(allowed ${inFlightAllowance}: in flight at stop or timed out)`;
  return { name, ok, detail };
}

/** Waits until the run's row count stops changing (answers cut off at stop may still be committing), at most `maxMs`. */
export async function settleRows(file: string, prefix: string, maxMs = 5000): Promise<void> {
  const count = () => auditChunks(file, prefix, new Set()).rows;
  let last = count();
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    const now = count();
    if (now === last) return;
    last = now;
  }
}
