/**
 * The small SQL dialect the write path needs, one value per database:
 * placeholders, parameter limits, reading bytes and times back, locking the
 * sessions a batch touches, and telling "the database is unavailable" apart
 * from "this statement was refused".
 *
 * Statements are written once with `?` placeholders and identifiers in double
 * quotes (valid on both engines); {@link Dialect.sql} rewrites them for the
 * engine. Upserts use `INSERT ... ON CONFLICT (...) DO UPDATE SET x = excluded.x`,
 * which both SQLite (3.24+) and PostgreSQL (9.5+) accept.
 */
export type Provider = "sqlite" | "postgresql";

/** A value bound to a placeholder. Dates are sent as UTC instants. */
export type SqlValue = string | number | boolean | null | Date | Uint8Array;

/** One transaction-bound connection: every statement of a batch goes through it. */
export interface SqlTx {
  /** Runs a query; rows come back as arrays in select-list order. */
  rows(sql: string, args?: readonly SqlValue[]): Promise<unknown[][]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, args?: readonly SqlValue[]): Promise<number>;
}

/** How a failed statement is answered: the database is away (503) or refused this value (4xx/5xx for one delivery). */
export type FailureKind = "unavailable" | "refused-value" | "conflict" | "other";

export interface Dialect {
  provider: Provider;
  /** Bound parameters allowed in one statement. */
  maxParams: number;
  /** Rewrites `?` placeholders for the engine (cached). */
  sql(text: string): string;
  /** Bytes as the driver returns them (Buffer on both drivers used here). */
  bytes(value: unknown): Uint8Array;
  /** A time as the driver returns it (ISO text on SQLite, Date on PostgreSQL). */
  instant(value: unknown): Date;
  /**
   * Serialises writers of the same nights: on PostgreSQL one transaction-scoped
   * advisory lock per session id, taken in one statement in sorted order (so two
   * instances never deadlock on them); on SQLite a no-op, because the write
   * transaction (`BEGIN IMMEDIATE`) already holds the database's one write lock.
   * Waiting for another writer of the same night is contention, not an outage,
   * so it may take up to `waitMs`, longer than the transaction's other timeouts.
   */
  lockSessions(tx: SqlTx, sessionIds: readonly string[], waitMs: number): Promise<void>;
  /**
   * Tries the same locks without waiting; resolves false when another writer
   * holds one (the caller then rolls back, releasing any it got, and waits with
   * {@link Dialect.lockSessions}). SQLite: always true.
   */
  tryLockSessions(tx: SqlTx, sessionIds: readonly string[]): Promise<boolean>;
  /** Whether several data-modifying statements may be sent as one (CTEs): PostgreSQL, to save round trips. */
  combinesWrites: boolean;
  /**
   * A lock for one named job across every process on the database (a
   * reconciliation run must not overlap itself on another instance):
   * PostgreSQL a session-level advisory lock on `hashtextextended(name, 0)`,
   * taken without waiting on a dedicated connection that holds it for the
   * job (`tryLock` answers one boolean row) and released by `unlock` or by
   * closing that connection. SQLite: null (its callers guard in process).
   */
  jobLock: { tryLock: string; unlock: string } | null;
  /** Classifies a driver error (see {@link FailureKind}). */
  classify(err: unknown): FailureKind;
}

function errorCode(err: unknown): string {
  if (typeof err !== "object" || err === null) return "";
  const e = err as { code?: unknown; cause?: unknown };
  if (typeof e.code === "string") return e.code;
  return e.cause ? errorCode(e.cause) : "";
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name} ${err.message}` : String(err);
}

/** SQLite through better-sqlite3: result codes such as SQLITE_BUSY, SQLITE_FULL. */
export const sqliteDialect: Dialect = {
  provider: "sqlite",
  // SQLITE_MAX_VARIABLE_NUMBER is 32766 since SQLite 3.32.
  maxParams: 32_000,
  sql: (text) => text,
  bytes: (value) => (value instanceof Uint8Array ? value : Uint8Array.from(value as ArrayLike<number>)),
  instant: (value) => (value instanceof Date ? value : new Date(typeof value === "number" ? value : String(value))),
  lockSessions: async () => {},
  tryLockSessions: async () => true,
  combinesWrites: false,
  jobLock: null,
  classify(err) {
    const code = errorCode(err);
    if (/^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|NOMEM|PROTOCOL|CORRUPT|NOTADB)/.test(code)) return "unavailable";
    if (/^SQLITE_(TOOBIG|MISMATCH|RANGE)/.test(code)) return "refused-value";
    if (/^SQLITE_CONSTRAINT/.test(code)) return "conflict";
    if (/database is locked|disk is full|unable to open/i.test(errorText(err))) return "unavailable";
    return "other";
  },
};

const pgSqlCache = new Map<string, string>();

/** PostgreSQL through pg: SQLSTATE codes (classes 08, 53, 57 and lock timeouts mean unavailable). */
export const postgresDialect: Dialect = {
  provider: "postgresql",
  maxParams: 65_535,
  sql(text) {
    let out = pgSqlCache.get(text);
    if (out === undefined) {
      let n = 0;
      out = text.replace(/\?/g, () => `$${++n}`);
      if (pgSqlCache.size > 2000) pgSqlCache.clear();
      pgSqlCache.set(text, out);
    }
    return out;
  },
  bytes: (value) => (value instanceof Uint8Array ? value : Buffer.from(String(value).replace(/^\\x/, ""), "hex")),
  instant: (value) => (value instanceof Date ? value : new Date(String(value))),
  async lockSessions(tx, sessionIds, waitMs) {
    if (sessionIds.length === 0) return;
    const [[lockTimeout, statementTimeout]] = (await tx.rows(
      `SELECT current_setting('lock_timeout'), current_setting('statement_timeout'), set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)`,
      [`${Math.trunc(waitMs)}ms`, `${Math.trunc(waitMs)}ms`],
    )) as [[string, string]];
    // ORDER BY applies before the volatile lock function runs (PostgreSQL >= 9.6).
    await tx.rows(
      `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(x, 0) AS k FROM unnest(?::text[]) AS x) AS keys ORDER BY k`,
      [toPgTextArray(sessionIds)],
    );
    await tx.rows(`SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)`, [lockTimeout, statementTimeout]);
  },
  async tryLockSessions(tx, sessionIds) {
    if (sessionIds.length === 0) return true;
    const [[all]] = (await tx.rows(
      `SELECT bool_and(pg_try_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtextextended(x, 0) AS k FROM unnest(?::text[]) AS x) AS keys`,
      [toPgTextArray(sessionIds)],
    )) as [[boolean]];
    return all === true;
  },
  combinesWrites: true,
  // Key space: hashtextextended of the job name ("nocturne:job:<name>"), apart from the session ids' keys above by the prefix.
  jobLock: {
    tryLock: "SELECT pg_try_advisory_lock(hashtextextended('nocturne:job:' || ?::text, 0))",
    unlock: "SELECT pg_advisory_unlock(hashtextextended('nocturne:job:' || ?::text, 0))",
  },
  classify(err) {
    const code = errorCode(err);
    if (/^(08|53|57)/.test(code) || code === "55P03" || code === "40P01" || code === "40001") return "unavailable";
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|EAI_AGAIN)$/.test(code)) return "unavailable";
    if (/^22/.test(code)) return "refused-value";
    if (/^23/.test(code)) return "conflict";
    if (/timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(errorText(err))) {
      return "unavailable";
    }
    return "other";
  },
};

/** A text[] literal for one parameter: `{"a","b"}` with quotes and backslashes escaped. */
function toPgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** The dialect of a provider. */
export function dialectFor(provider: Provider): Dialect {
  return provider === "sqlite" ? sqliteDialect : postgresDialect;
}

/** `(?, ?, ?), (?, ?, ?)` for `rows` rows of `width` values. */
export function valuesList(rows: number, width: number): string {
  const one = `(${new Array(width).fill("?").join(", ")})`;
  return new Array(rows).fill(one).join(", ");
}

/** `?, ?, ?` for an `IN (...)` list of `n` values. */
export function inList(n: number): string {
  return new Array(n).fill("?").join(", ");
}
