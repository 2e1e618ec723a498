/** A fresh, migrated SQLite file per test file (real database, no mocks). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { applyMigrations } from "@/lib/store/migrate";

export { readFixture } from "./fixtures";

/** Creates a temp dir with a migrated database and returns its `file:` URL and path. */
export function createTempDatabase(prefix = "nocturne-test-"): { url: string; file: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, "test.db");
  const url = `file:${file}`;
  applyMigrations(url, path.join(__dirname, "..", "..", "prisma", "migrations"));
  return { url, file, dir };
}
