/** The operator's settings for a user (time zone, display name) and the zone live nights use, on a real SQLite file. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase } from "../support/test-db";

const tmp = await createTestDatabase();
process.env.DATABASE_URL = tmp.url;
process.env.LOG_LEVEL = "silent";

type Profiles = typeof import("@/lib/store/user-time-zone");
let p: Profiles;
let store: Awaited<ReturnType<typeof import("@/lib/store/client").getStore>>;

beforeAll(async () => {
  p = await import("@/lib/store/user-time-zone");
  store = await (await import("@/lib/store/client")).getStore();
  await store.prisma.user.create({ data: { id: "paris" } });
  await store.prisma.sleepSession.create({
    data: {
      id: "paris-1",
      userId: "paris",
      state: "COMPLETE",
      startTime: new Date("2026-11-30T22:00:00Z"),
      timezone: "Europe/Paris",
      sleepStages: new Uint8Array([2]),
      snoringStages: new Uint8Array([1]),
      epochOwner: new Uint8Array(0),
    },
  });
});
afterAll(async () => {
  await (await import("@/lib/store/client")).closeStore();
  await tmp.drop();
});

describe("getUserTimeZone", () => {
  it("is the latest report's zone until the operator sets one, then the operator's", async () => {
    expect(await p.getUserTimeZone(store, "paris")).toBe("Europe/Paris");
    expect(await p.getUserTimeZone(store, "nobody")).toBeNull();
    await p.setUserProfile(store, "paris", { timezone: "America/New_York", displayName: "Camille" });
    expect(await p.getUserTimeZone(store, "paris")).toBe("America/New_York");
    expect(await p.getUserProfile(store, "paris")).toEqual({ timezone: "America/New_York", displayName: "Camille" });
  });

  it("clears fields given blank, and refuses an unknown zone", async () => {
    await p.setUserProfile(store, "paris", { timezone: " ", displayName: "" });
    expect(await p.getUserProfile(store, "paris")).toEqual({ timezone: null, displayName: null });
    await expect(
      p.setUserProfile(store, "paris", { timezone: "Mars/Olympus_Mons", displayName: null }),
    ).rejects.toThrow(RangeError);
  });

  it("refuses a display name that would reorder or break the text around it, and keeps the old one", async () => {
    await p.setUserProfile(store, "paris", { timezone: null, displayName: "Camille" });
    for (const [name, code] of [
      ["Dr. Bob \u202Eevil", "name-characters"],
      ["Bob\u2066x", "name-characters"],
      ["Bob\u0007", "name-characters"],
      ["x".repeat(81), "name-length"],
    ] as const) {
      await expect(p.setUserProfile(store, "paris", { timezone: null, displayName: name })).rejects.toMatchObject({ code });
    }
    expect(await p.getUserProfile(store, "paris")).toEqual({ timezone: null, displayName: "Camille" });
    // Letters of any script are names, not controls.
    await p.setUserProfile(store, "paris", { timezone: null, displayName: "Zoë 山田 محمد" });
    expect((await p.getUserProfile(store, "paris")).displayName).toBe("Zoë 山田 محمد");
  });
});
