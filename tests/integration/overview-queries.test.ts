/** The dashboard's read queries (users overview with search, sort and pages; trend nights) on a real database (both engines). */
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
      // Names with LIKE's wildcards: a search for "%" or "e_2" must match them literally.
      { id: "dave", displayName: "100% Dave", lastSeenAt: new Date("2025-02-03T06:00:00Z") },
      { id: "eve_2", displayName: "Eve_Smith", lastSeenAt: new Date("2025-02-02T06:00:00Z") },
      { id: "evex2", displayName: "Evex", lastSeenAt: new Date("2025-02-04T06:00:00Z") },
    ],
  });
  // alice: five completed nights, the 5th the newest, then a live one; bob: one live night; carol, evex2: nothing.
  // Last nights' efficiency = tst / 90 * 100: alice 50 -> 55.6 %, dave 80 -> 88.9 %, eve_2 20 -> 22.2 %.
  for (const d of [1, 2, 3, 4, 5]) await addNight("alice", `a-${d}`, `2025-02-0${d}T22:00:00Z`, "COMPLETE", d * 10);
  await addNight("alice", "a-live", "2025-02-06T22:00:00Z", "LIVE", null);
  await addNight("dave", "d-1", "2025-02-02T22:00:00Z", "COMPLETE", 80);
  await addNight("eve_2", "e-1", "2025-02-01T22:00:00Z", "COMPLETE", 20);
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
  const ids = async (options: Parameters<Queries["listUserOverviews"]>[1]) =>
    (await q.listUserOverviews(store, options)).users.map((u) => u.userId);

  it("lists users most recently seen first, with the live night, the newest completed night and the number of nights", async () => {
    const { users, total } = await q.listUserOverviews(store);
    expect(total).toBe(6);
    expect(users.map((u) => [u.userId, u.liveSessionId, u.lastNight?.id ?? null, u.nights])).toEqual([
      ["bob", "b-live", null, 1],
      ["alice", "a-live", "a-5", 6],
      ["evex2", null, null, 0],
      ["dave", null, "d-1", 1],
      ["eve_2", null, "e-1", 1],
      ["carol", null, null, 0],
    ]);
    expect(users[1]!.lastNight).toMatchObject({ state: "COMPLETE", totalSleepTime: 50, timezone: "Asia/Seoul" });
    expect(users[1]!.lastSeenAt).toBe("2025-02-06T06:00:00.000Z");
    expect(users[3]!.displayName).toBe("100% Dave");
  });

  it("pages with limit and offset; the total counts every match", async () => {
    const page = await q.listUserOverviews(store, { limit: 2, offset: 2 });
    expect(page.users.map((u) => u.userId)).toEqual(["evex2", "dave"]);
    expect(page.total).toBe(6);
    expect(await ids({ limit: 1 })).toEqual(["bob"]);
    expect(await ids({ limit: 2, offset: 6 })).toEqual([]);
  });

  it("searches user ids and display names, case-insensitively", async () => {
    expect(await ids({ q: "ALI" })).toEqual(["alice"]);
    expect(await ids({ q: "dave" })).toEqual(["dave"]);
    expect(await ids({ q: "smith" })).toEqual(["eve_2"]);
    // "ev" is in eve_2 and evex2 (ids and names; "Dave" has "ve", not "ev"), last seen order kept.
    expect(await ids({ q: "ev" })).toEqual(["evex2", "eve_2"]);
    expect(await ids({ q: "  bob  " })).toEqual(["bob"]);
    expect(await ids({ q: "nobody" })).toEqual([]);
  });

  it("matches % and _ literally (as a wildcard, '%' would match everyone and 'e_2' also evex2)", async () => {
    expect(await ids({ q: "%" })).toEqual(["dave"]);
    expect(await ids({ q: "0% d" })).toEqual(["dave"]);
    expect(await ids({ q: "e_2" })).toEqual(["eve_2"]);
    expect(await ids({ q: "_" })).toEqual(["eve_2"]);
    expect(await ids({ q: "\\" })).toEqual([]);
    expect((await q.listUserOverviews(store, { q: "_" })).total).toBe(1);
  });

  it("sorts by name (display name, else id), A-Z, and reversed", async () => {
    expect(await ids({ sort: "name" })).toEqual(["dave", "alice", "bob", "carol", "eve_2", "evex2"]);
    expect(await ids({ sort: "name", reverse: true })).toEqual(["evex2", "eve_2", "carol", "bob", "alice", "dave"]);
  });

  it("sorts by last night's efficiency, best first, users without a completed night last (by id) either way", async () => {
    expect(await ids({ sort: "efficiency" })).toEqual(["dave", "alice", "eve_2", "bob", "carol", "evex2"]);
    expect(await ids({ sort: "efficiency", reverse: true })).toEqual([
      "eve_2",
      "alice",
      "dave",
      "bob",
      "carol",
      "evex2",
    ]);
    expect(await ids({ sort: "efficiency", q: "e", limit: 2 })).toEqual(["dave", "alice"]);
  });

  it("sorts by last seen, oldest first when reversed, and combines search and sort", async () => {
    expect(await ids({ reverse: true })).toEqual(["carol", "eve_2", "dave", "evex2", "alice", "bob"]);
    expect(await ids({ q: "e", sort: "name" })).toEqual(["dave", "alice", "eve_2", "evex2"]);
  });

  it("counts users with a live night", async () => {
    // a-live and b-live were written just now (updatedAt), so both count as live.
    expect(await q.countLiveUsers(store)).toBe(2);
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
