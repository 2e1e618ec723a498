/**
 * The repo keeps a copy of the public docs' example payloads (tests/fixtures/asleep)
 * so a clone runs its tests anywhere; where ../shared/fixtures exists beside the
 * clone, the copies must be identical.
 */
import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { FIXTURE_DIR } from "../support/fixtures";

const ours = FIXTURE_DIR;
const shared = path.join(__dirname, "..", "..", "..", "shared", "fixtures");

describe.runIf(fs.existsSync(shared))("fixtures", () => {
  it("equal ../shared/fixtures file for file", () => {
    const names = fs.readdirSync(shared).filter((n) => n.endsWith(".json")).sort();
    expect(fs.readdirSync(ours).filter((n) => n.endsWith(".json")).sort()).toEqual(names);
    for (const n of names) {
      expect(fs.readFileSync(path.join(ours, n), "utf8"), n).toBe(fs.readFileSync(path.join(shared, n), "utf8"));
    }
  });
});
