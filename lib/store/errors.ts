/**
 * "The database is unavailable": the one storage error the rest of Nocturne
 * reacts to (webhook 503 + Retry-After, pages' "database unavailable" notice,
 * readiness). Recognised by name and by driver codes, so errors from
 * separately bundled copies of this module (Next's bundles) match too.
 */
import { postgresDialect, sqliteDialect } from "./dialect";

/** Thrown by the write path when the database is busy, locked, full, unreachable or timed out; nothing was written. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message.split("\n")[0] : String(cause)}`, { cause });
    this.name = "DatabaseUnavailableError";
  }
}

/** Whether `err` (or an error in its cause chain) means the database cannot be reached or used right now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && e.name === "DatabaseUnavailableError") return true;
    if (sqliteDialect.classify(e) === "unavailable" || postgresDialect.classify(e) === "unavailable") return true;
    if (e instanceof Error && /Can't reach database|connection (refused|terminated)|ECONNREFUSED|database system is (starting up|shutting down)/i.test(e.message)) {
      return true;
    }
  }
  return false;
}
