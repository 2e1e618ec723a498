/** The public docs' example payloads, copied from ../shared/fixtures (tests/unit/fixtures-in-sync.test.ts checks they stay equal). */
import fs from "node:fs";
import path from "node:path";

export const FIXTURE_DIR = path.join(__dirname, "..", "fixtures", "asleep");

/** Reads one example payload by file name. */
export function readFixture(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, name), "utf8")) as Record<string, unknown>;
}
