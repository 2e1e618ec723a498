/**
 * Integrity counts over the stored tables, for the reliability suite
 * (`npm run chaos`, scripts/chaos/) and operators: rows that must be unique
 * by meaning and the counts a run compares with what it sent. Read-only.
 */
import type { Store } from "./client";

export interface IntegrityCounts {
  /** Dedupe keys stored more than once (the unique index should make this 0). */
  duplicateDeliveryKeys: number;
  /** (session, inference_seq_num) pairs with more than one chunk row. */
  duplicateChunks: number;
  /** Sessions with more than one report row. */
  duplicateReports: number;
  /** Chunk rows whose delivery row (same dedupe key) is missing: a half-written delivery. */
  chunksWithoutDelivery: number;
  /** Delivery rows with a dedupe key, by outcome ("accepted", "late"). */
  keyedDeliveries: Record<string, number>;
  chunks: number;
  reports: number;
  sessions: number;
}

/**
 * Counts over the whole database, or over the sessions whose id starts with
 * `sessionPrefix` (a chaos run's own nights on a shared server).
 */
export async function integrityCounts(store: Store, sessionPrefix = ""): Promise<IntegrityCounts> {
  const like = `${sessionPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const one = async (sql: string): Promise<number> => {
    const rows = await store.prisma.$queryRawUnsafe<Array<{ n: unknown }>>(sql, like);
    return Number(rows[0]?.n ?? 0);
  };
  const p = store.provider === "postgresql" ? "$1" : "?";
  const esc = ` ESCAPE '\\'`;
  const outcomes = await store.prisma.$queryRawUnsafe<Array<{ outcome: string; n: unknown }>>(
    `SELECT "outcome", COUNT(*) AS n FROM "WebhookDelivery" WHERE "dedupeKey" IS NOT NULL AND "sessionId" LIKE ${p}${esc} GROUP BY "outcome"`,
    like,
  );
  return {
    duplicateDeliveryKeys: await one(
      `SELECT COUNT(*) AS n FROM (SELECT "dedupeKey" FROM "WebhookDelivery" WHERE "dedupeKey" IS NOT NULL AND "sessionId" LIKE ${p}${esc} GROUP BY "dedupeKey" HAVING COUNT(*) > 1) AS d`,
    ),
    duplicateChunks: await one(
      `SELECT COUNT(*) AS n FROM (SELECT "sessionId" FROM "InferenceChunk" WHERE "sessionId" LIKE ${p}${esc} GROUP BY "sessionId", "inferenceSeqNum" HAVING COUNT(*) > 1) AS d`,
    ),
    duplicateReports: await one(
      `SELECT COUNT(*) AS n FROM (SELECT "sessionId" FROM "SleepReport" WHERE "sessionId" LIKE ${p}${esc} GROUP BY "sessionId" HAVING COUNT(*) > 1) AS d`,
    ),
    chunksWithoutDelivery: await one(
      `SELECT COUNT(*) AS n FROM "InferenceChunk" c WHERE c."sessionId" LIKE ${p}${esc} AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d."dedupeKey" = 'INFERENCE_COMPLETE:' || c."sessionId" || ':' || CAST(c."inferenceSeqNum" AS TEXT))`,
    ),
    keyedDeliveries: Object.fromEntries(outcomes.map((o) => [o.outcome, Number(o.n)])),
    chunks: await one(`SELECT COUNT(*) AS n FROM "InferenceChunk" WHERE "sessionId" LIKE ${p}${esc}`),
    reports: await one(`SELECT COUNT(*) AS n FROM "SleepReport" WHERE "sessionId" LIKE ${p}${esc}`),
    sessions: await one(`SELECT COUNT(*) AS n FROM "SleepSession" WHERE "id" LIKE ${p}${esc}`),
  };
}
