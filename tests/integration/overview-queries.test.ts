/** The dashboard's read queries (users overview, trend nights) on a real SQLite file. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase } from "../support/test-db";

const tmp = await createTestDatabase();
process.env.DATABASE_URL = tmp.url;
process.env.LOG_LEVEL = "silent";

type Queries = typeof import("@/lib/store/queries");
let q: Queries;
let store: Awaited<ReturnType<typeof import("@/lib/store/client").getStore>>;
let db: typeof store.prisma;

async function addNight(userId: string, id: string, start: string, state: "LIVE" | "COMPLETE", tst: number | null) {
  await db.sleepSession.create({
    data: {
      id,
      userId,
      state,
      startTime: new Date(start),
      timezone: state === "COMPLETE" ? "Asia/Seoul" : null,
      sleepStages: new Uint8Array([2, 2, 3]),
      snoringStages: new Uint8Array([1, 1, 1]),
      epochOwner: new Uint8Array(0),
      timeInBed: 90,
      totalSleepTime: tst,
      sleepEfficiency: tst === null ? null : (tst / 90) * 100,
      sleepOnsetLatency: 0,
      wasoCount: 0,
    },
  });
}

beforeAll(async () => {
  q = await import("@/lib/store/queries");
  store = await (await import("@/lib/store/client")).getStore();
  db = store.prisma;
  await db.user.createMany({
    data: [
      { id: "alice", lastSeenAt: new Date("2025-02-06T06:00:00Z") },
      { id: "bob", lastSeenAt: new Date("2025-02-07T06:00:00Z") },
      { id: "carol", lastSeenAt: new Date("2025-02-01T06:00:00Z") },
    ],
  });
  // alice: five completed nights, the 5th the newest, then a live one; bob: one live night; carol: nothing.
  for (const d of [1, 2, 3, 4, 5]) await addNight("alice", `a-${d}`, `2025-02-0${d}T22:00:00Z`, "COMPLETE", d * 10);
  await addNight("alice", "a-live", "2025-02-06T22:00:00Z", "LIVE", null);
  await addNight("bob", "b-live", "2025-02-07T22:00:00Z", "LIVE", null);
  // a-5's report has every stage time; a-4's only deep sleep (the rest is computed from its stages).
  const report = (sessionId: string, times: Record<string, number | null>) =>
    db.sleepReport.create({ data: { sessionId, statJson: "{}", peculiarities: "[]", sleepCycles: "[]", ...times } });
  await report("a-5", { timeInWake: 600, timeInDeep: 1800, timeInRem: 2400, timeInSnoring: 300 });
  await report("a-4", { timeInWake: null, timeInDeep: 1200, timeInRem: null, timeInSnoring: null });
});
afterAll(async () => {
  await (await import("@/lib/store/client")).closeStore();
  await tmp.drop();
});

describe("listUserOverviews", () => {
  it("lists users most recently seen first, with the live night and the newest completed night", async () => {
    const users = await q.listUserOverviews(store);
    expect(users.map((u) => [u.userId, u.liveSessionId, u.lastNight?.id ?? null])).toEqual([
      ["bob", "b-live", null],
      ["alice", "a-live", "a-5"],
      ["carol", null, null],
    ]);
    expect(users[1]!.lastNight).toMatchObject({ state: "COMPLETE", totalSleepTime: 50, timezone: "Asia/Seoul" });
  });

  it("respects the limit", async () => {
    expect((await q.listUserOverviews(store, { limit: 1 })).map((u) => u.userId)).toEqual(["bob"]);
  });
});

describe("listRecentNights", () => {
  it("returns the last N completed nights, newest first, summary columns only", async () => {
    const nights = await q.listRecentNights(store, "alice", 3);
    expect(nights.map((n) => n.id)).toEqual(["a-5", "a-4", "a-3"]);
    expect(Object.keys(nights[0]!).sort()).toEqual(
      [
        "endTime",
        "id",
        "missingDataRatio",
        "peculiarities",
        "sleepEfficiency",
        "sleepOnsetLatency",
        "startTime",
        "timeInBed",
        "timezone",
        "totalSleepTime",
        "waso",
        "timeInDeep",
        "timeInRem",
        "timeInSnoring",
      ].sort(),
    );
    expect(nights[0]).toMatchObject({ startTime: "2025-02-05T22:00:00.000Z", totalSleepTime: 50 });
  });

  it("takes stage times from the report, else computes them from the stored hypnogram", async () => {
    const [a5, a4, a3] = await q.listRecentNights(store, "alice", 3);
    expect(a5).toMatchObject({ waso: 600, timeInDeep: 1800, timeInRem: 2400, timeInSnoring: 300 });
    // Stored stages [light, light, deep], no snoring on 3 epochs: wake 0, REM 0, deep 30 s, snoring 0.
    expect(a4).toMatchObject({ waso: 0, timeInDeep: 1200, timeInRem: 0, timeInSnoring: 0 });
    expect(a3).toMatchObject({ waso: 0, timeInDeep: 30, timeInRem: 0, timeInSnoring: 0 });
  });

  it("reads only the nights starting in a range", async () => {
    const nights = await q.listRecentNights(store, "alice", 30, {
      startFrom: new Date("2025-02-02T22:00:00Z"),
      startBefore: new Date("2025-02-04T22:00:00Z"),
    });
    expect(nights.map((n) => n.id)).toEqual(["a-3", "a-2"]);
  });

  it("gives nothing for a user without completed nights", async () => {
    expect(await q.listRecentNights(store, "bob")).toEqual([]);
  });
});
