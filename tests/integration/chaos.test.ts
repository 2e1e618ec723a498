/**
 * A small `npm run chaos` inside `npm test`, on both databases: 4 users x 2
 * nights (about 800 requests: shuffled, duplicated, racing, malformed, wrong
 * keys) against a real server process; every answer, night, statistic and
 * row must match the generator's truth. The full-size run is in the README.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { formatReport, runChaos } from "@/scripts/chaos/run-chaos";

import { createTestDatabase, type TestDatabase } from "../support/test-db";

let tmp: TestDatabase;

beforeAll(async () => {
  tmp = await createTestDatabase("chaos");
});
afterAll(async () => {
  await tmp.drop();
});

describe("npm run chaos (small)", () => {
  it("reports no difference: nothing lost, nothing doubled, no 5xx, every night exact", async () => {
    const report = await runChaos({ users: 4, nights: 2, seed: 20261202, concurrency: 16, databaseUrl: tmp.url });
    expect(report.differences, formatReport(report)).toEqual([]);
    expect(report.nights).toBe(8);
    expect(report.deliveries).toBeGreaterThan(500);
    // Every row of the table was checked, the database ones included.
    expect(report.rows.map((r) => r.check)).toContain("db: duplicate chunks");
  }, 120_000);
});
