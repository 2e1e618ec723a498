/**
 * Both engines' migrations build the same tables, columns and indexes: the
 * SQLite history (prisma/migrations) and the PostgreSQL one
 * (prisma/postgres/migrations) cannot drift apart. Needs both databases, so it
 * runs in the "postgres" project.
 */
import { describe, expect, it } from "vitest";

import { createTestDatabase, TEST_PROVIDER } from "../support/test-db";

describe.runIf(TEST_PROVIDER === "postgresql")("migrations of both engines", () => {
  it("create the same columns (by table, name, nullability) and the same index names", async () => {
    const pgDb = await createTestDatabase("parity");
    const Database = (await import("better-sqlite3")).default;
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { applyMigrations } = await import("@/lib/store/migrate");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-"));
    const file = path.join(dir, "p.db");
    await applyMigrations(`file:${file}`);
    const lite = new Database(file);
    try {
      const liteTables = (lite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string }>)
        .map((t) => t.name)
        .sort();
      const pgTables = (await pgDb.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`))
        .map((t) => t.tablename)
        .sort();
      expect(pgTables).toEqual(liteTables);
      const tables = liteTables.filter((t) => t !== "_prisma_migrations");
      for (const table of tables) {
        const liteCols = (lite.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; notnull: number }>)
          .map((c) => `${c.name}:${c.notnull ? "not null" : "null"}`)
          .sort();
        const pgCols = (
          await pgDb.query<{ column_name: string; is_nullable: string }>(
            `SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ?`,
            table,
          )
        )
          .map((c) => `${c.column_name}:${c.is_nullable === "NO" ? "not null" : "null"}`)
          .sort();
        expect(pgCols, table).toEqual(liteCols);
      }
      const liteIdx = (lite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string }>)
        .map((r) => r.name)
        .sort();
      const pgIdx = (
        await pgDb.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'`)
      )
        .map((r) => r.indexname)
        .sort();
      expect(pgIdx).toEqual(liteIdx);
    } finally {
      lite.close();
      fs.rmSync(dir, { recursive: true, force: true });
      await pgDb.drop();
    }
  });
});
