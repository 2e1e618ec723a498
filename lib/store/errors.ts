/**
 * "The database is unavailable": the one storage error the rest of Nocturne
 * reacts to (webhook 503 + Retry-After, pages' "database unavailable" notice,
 * readiness). Recognised by name and by driver codes, so errors from
 * separately bundled copies of this module (Next's bundles) match too.
 */
import { postgresDialect, sqliteDialect } from "./dialect";

/**
 * The digest Next keeps on a server error that carries one: app/error.tsx
 * recognises it and shows "database unavailable" instead of a generic failure.
 */
export const DATABASE_UNAVAILABLE_DIGEST = "NOCTURNE_DATABASE_UNAVAILABLE";

/** Thrown when the database is busy, locked, full, unreachable or timed out; a write then wrote nothing. */
export class DatabaseUnavailableError extends Error {
  readonly digest = DATABASE_UNAVAILABLE_DIGEST;

  constructor(cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message.split("\n")[0] : String(cause)}`, { cause });
    this.name = "DatabaseUnavailableError";
  }
}

/** Rethrows an unavailability error as {@link DatabaseUnavailableError}; any other error as it is. */
export function translateUnavailable(err: unknown): never {
  if (err instanceof Error && err.name === "DatabaseUnavailableError") throw err;
  throw isDatabaseUnavailable(err) ? new DatabaseUnavailableError(err) : err;
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
