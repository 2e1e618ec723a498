/** The SQL dialect: placeholders, bytes, and which driver errors mean "database unavailable". */
import { describe, expect, it } from "vitest";

import { postgresDialect, sqliteDialect, valuesList } from "@/lib/store/dialect";
import { isDatabaseUnavailable } from "@/lib/store/errors";

const err = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("placeholders", () => {
  it("numbers PostgreSQL's from $1 in order and leaves SQLite's as ?", () => {
    const sql = `INSERT INTO "T" ("a", "b") VALUES ${valuesList(2, 2)}`;
    expect(sqliteDialect.sql(sql)).toBe(`INSERT INTO "T" ("a", "b") VALUES (?, ?), (?, ?)`);
    expect(postgresDialect.sql(sql)).toBe(`INSERT INTO "T" ("a", "b") VALUES ($1, $2), ($3, $4)`);
  });
});

describe("bytes", () => {
  it("reads PostgreSQL's hex text and Buffers alike", () => {
    expect(Array.from(postgresDialect.bytes("\\x00ff10"))).toEqual([0, 255, 16]);
    expect(Array.from(postgresDialect.bytes(Buffer.from([1, 2])))).toEqual([1, 2]);
  });
});

describe("classify", () => {
  it.each([
    [sqliteDialect, "SQLITE_BUSY", "unavailable"],
    [sqliteDialect, "SQLITE_FULL", "unavailable"],
    [sqliteDialect, "SQLITE_CONSTRAINT_UNIQUE", "conflict"],
    [sqliteDialect, "SQLITE_TOOBIG", "refused-value"],
    [postgresDialect, "57P01", "unavailable"], // admin shutdown
    [postgresDialect, "08006", "unavailable"], // connection failure
    [postgresDialect, "55P03", "unavailable"], // lock timeout
    [postgresDialect, "ECONNREFUSED", "unavailable"],
    [postgresDialect, "22021", "refused-value"], // invalid byte sequence (a NUL in text)
    [postgresDialect, "23505", "conflict"],
    [postgresDialect, "42P01", "other"], // undefined table: a bug, not an outage
  ] as const)("%s %s -> %s", (dialect, code, kind) => {
    expect(dialect.classify(err(code))).toBe(kind);
  });

  it("looks through an error's cause (Prisma wraps driver errors)", () => {
    expect(isDatabaseUnavailable(new Error("query failed", { cause: err("ECONNREFUSED") }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("no such column"))).toBe(false);
  });
});
