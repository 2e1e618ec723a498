/**
 * `npm run reconcile` as an operator runs it: the real script in its own
 * process, on this engine's test database, against a local Asleep-shaped server.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { completeSession, startFakeAsleep, type FakeAsleep } from "../support/fake-asleep";
import { ROOT } from "../support/server-process";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const REST_KEY = "cli-rest-key";
let tmp: TestDatabase;
let asleep: FakeAsleep;

beforeAll(async () => {
  tmp = await createTestDatabase("reconcile-cli");
  asleep = await startFakeAsleep({ apiKey: REST_KEY });
  const stages = [0, 0, 1, 1, 2, 2, 3, 3, 1, 0];
  asleep.putSession("cli-user", completeSession("cli-night", new Date(Date.now() - 8 * 3_600_000).toISOString(), stages, { sleep_efficiency: 0.6, time_in_sleep: 180 }));
});
afterAll(async () => {
  await asleep?.close();
  await tmp?.drop();
});

/** Runs the CLI; resolves with its exit code and output (never rejects on a non-zero exit). */
async function reconcileCli(args: string[], key = REST_KEY): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/reconcile.ts", ...args], {
      cwd: ROOT,
      timeout: 60_000,
      env: {
        NODE_ENV: "test",
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: tmp.url,
        ASLEEP_API_URL: asleep.url,
        ASLEEP_API_KEYS: "cli-webhook-key",
        ASLEEP_REST_API_KEY: key,
        LOG_LEVEL: "silent",
      },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run reconcile", () => {
  it("--dry-run reports what it would store and stores nothing", async () => {
    const r = await reconcileCli(["--user", "cli-user", "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Reconciliation with Asleep (user cli-user, last 3 days, dry run (nothing stored))");
    expect(r.stdout).toMatch(/would store\s+1\n/);
    // Not a terminal: one plain progress line per step (the one user).
    expect(r.stderr.trim().split("\n")).toEqual(["1/1 user cli-user: stored 1, already there 0, failed 0"]);
    expect(await tmp.count("SleepSession")).toBe(0);
  });

  it("stores the session, prints the table, and a second run finds it there", async () => {
    const first = await reconcileCli(["--user", "cli-user"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/checked\s+1\n/);
    expect(first.stdout).toMatch(/fetched\s+1\n/);
    expect(first.stdout).toMatch(/ stored\s+1\n/);
    expect(first.stdout).toMatch(/failed\s+0\n$/);
    expect(await tmp.query(`SELECT "state", "totalSleepTime" FROM "SleepSession" WHERE "id" = ?`, "cli-night")).toEqual([{ state: "COMPLETE", totalSleepTime: 180 }]);

    const second = await reconcileCli([]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("every known user");
    expect(second.stdout).toMatch(/already there\s+1\n/);
  });

  it("exits non-zero with the operator's message when Asleep refuses the key", async () => {
    const r = await reconcileCli(["--user", "cli-user"], "not-the-key");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Stopped early: Asleep refused the API key (401): check ASLEEP_REST_API_KEY");
  });

  it("refuses bad arguments with the usage", async () => {
    const r = await reconcileCli(["--days", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--days must be a whole number of days from 1 to 100");
  });
});
