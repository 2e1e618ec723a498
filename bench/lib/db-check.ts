/**
 * The "none lost, none doubled" check after a load, on either engine: every
 * InferenceChunk row of the run (session ids starting with the run's prefix)
 * is matched against the acknowledgements. SQLite is read with better-sqlite3
 * (read-only), PostgreSQL with pg.
 */
import Database from "better-sqlite3";
import pg from "pg";

import type { Check } from "./report";
import type { BenchDatabase } from "./server";

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

type Group = { sessionId: string; inferenceSeqNum: number; n: number };

const GROUPS_SQLITE = `SELECT "sessionId", "inferenceSeqNum", COUNT(*) AS n FROM "InferenceChunk"
  WHERE "sessionId" >= ? AND "sessionId" < ? GROUP BY "sessionId", "inferenceSeqNum"`;
// Byte order (COLLATE "C") so that the prefix range means the same as on SQLite.
const GROUPS_POSTGRES = `SELECT "sessionId", "inferenceSeqNum", COUNT(*) AS n FROM "InferenceChunk"
  WHERE "sessionId" COLLATE "C" >= $1 AND "sessionId" COLLATE "C" < $2 GROUP BY "sessionId", "inferenceSeqNum"`;

async function chunkGroups(db: BenchDatabase, prefix: string): Promise<Group[]> {
  const range = [`${prefix}-`, `${prefix}-\uffff`];
  if (db.kind === "sqlite") {
    const lite = new Database(db.file, { readonly: true, fileMustExist: true });
    try {
      lite.pragma("busy_timeout = 10000");
      return lite.prepare(GROUPS_SQLITE).all(...range) as Group[];
    } finally {
      lite.close();
    }
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const res = await client.query(GROUPS_POSTGRES, range);
    return res.rows.map((r) => ({ sessionId: r.sessionId, inferenceSeqNum: Number(r.inferenceSeqNum), n: Number(r.n) }));
  } finally {
    await client.end();
  }
}

/** Counts the run's chunk rows (sessions `prefix-*`) against `acked` keys (`sessionId:inferenceSeqNum`). */
export async function auditChunks(db: BenchDatabase, prefix: string, acked: ReadonlySet<string>): Promise<ChunkAudit> {
  const stored = new Set<string>();
  let total = 0;
  let doubled = 0;
  for (const r of await chunkGroups(db, prefix)) {
    stored.add(`${r.sessionId}:${r.inferenceSeqNum}`);
    total += r.n;
    if (r.n > 1) doubled += r.n - 1;
  }
  let lost = 0;
  for (const k of acked) if (!stored.has(k)) lost++;
  let unacknowledgedRows = 0;
  for (const k of stored) if (!acked.has(k)) unacknowledgedRows++;
  return { rows: total, lost, doubled, unacknowledgedRows };
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
export async function settleRows(db: BenchDatabase, prefix: string, maxMs = 5000): Promise<void> {
  const count = async () => (await auditChunks(db, prefix, new Set())).rows;
  let last = await count();
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await count();
    if (now === last) return;
    last = now;
  }
}
