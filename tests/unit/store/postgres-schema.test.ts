/** prisma/postgres/schema.prisma must be exactly what `npm run db:schema` makes from prisma/schema.prisma. */
import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { POSTGRES_SCHEMA_PATH, postgresSchemaFrom } from "@/lib/store/postgres-schema";

const root = path.join(__dirname, "..", "..", "..");
const sqlite = fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");

describe("the PostgreSQL schema", () => {
  it("is generated from the SQLite schema (run `npm run db:schema` after changing the models)", () => {
    expect(fs.readFileSync(path.join(root, POSTGRES_SCHEMA_PATH), "utf8")).toBe(postgresSchemaFrom(sqlite));
  });

  it("differs from it only in the provider and the generated client's folder", () => {
    const pgText = postgresSchemaFrom(sqlite);
    const models = (text: string) => text.slice(text.indexOf("\nmodel "));
    expect(models(pgText)).toBe(models(sqlite));
    expect(pgText).toContain('provider = "postgresql"');
    expect(pgText).toContain('output       = "../../lib/store/generated/postgres"');
  });

  it("refuses a schema it does not recognise instead of writing a wrong one", () => {
    expect(() => postgresSchemaFrom(sqlite.replace('"sqlite"', '"mysql"'))).toThrow('provider = "sqlite"');
  });
});
