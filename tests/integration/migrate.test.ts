/** The migration runner: applies each migration once, records it as Prisma does, refuses edited history. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { applyMigrations } from "@/lib/store/migrate";

const MIGRATIONS = path.join(__dirname, "..", "..", "prisma", "migrations");

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "nocturne-migrate-"));
}

describe("applyMigrations", () => {
  it("creates the database folder, applies every migration once, then nothing", async () => {
    const dir = tempDir();
    const url = `file:${path.join(dir, "nested", "n.db")}`;
    const names = fs.readdirSync(MIGRATIONS).filter((n) => fs.existsSync(path.join(MIGRATIONS, n, "migration.sql")));
    expect(await applyMigrations(url, MIGRATIONS)).toEqual(names.sort());
    expect(await applyMigrations(url, MIGRATIONS)).toEqual([]);
    const db = new Database(path.join(dir, "nested", "n.db"));
    const rows = db.prepare(`SELECT migration_name, applied_steps_count, finished_at IS NOT NULL AS done FROM "_prisma_migrations"`).all();
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>;
    db.close();
    expect(rows).toHaveLength(names.length);
    expect(rows.every((r) => (r as { done: number }).done === 1)).toBe(true);
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["InferenceChunk", "SleepReport", "SleepSession", "User", "WebhookDelivery", "_prisma_migrations"]),
    );
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const dir = tempDir();
    const copy = path.join(dir, "migrations");
    fs.cpSync(MIGRATIONS, copy, { recursive: true });
    const url = `file:${path.join(dir, "n.db")}`;
    await applyMigrations(url, copy);
    const first = fs.readdirSync(copy).sort()[0]!;
    fs.appendFileSync(path.join(copy, first, "migration.sql"), "\n-- edited\n");
    await expect(applyMigrations(url, copy)).rejects.toThrow(`migration ${first} was changed after it was applied`);
  });
});
