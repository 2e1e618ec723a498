/**
 * The exports (nights.csv, nights.json, epochs.csv) and the regularity API on a
 * real database (both engines): nights are posted through the webhook, the
 * CSV is parsed by a small RFC 4180 reader written here, and the cells are
 * compared with the numbers posted and with GET /api/sessions/:id.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerIngestFromEnv } from "../support/register-ingest";
import { createTestDatabase } from "../support/test-db";

const tmp = await createTestDatabase();
process.env.DATABASE_URL = tmp.url;
process.env.ASLEEP_API_KEYS = "key";
process.env.NOCTURNE_ADMIN_TOKEN = "admin-token-for-tests";
process.env.NOCTURNE_SECRET = "s".repeat(40);
process.env.LOG_LEVEL = "silent";

type Ctx<P> = { params: Promise<P> };
type UserRoute = (req: Request, ctx: Ctx<{ userId: string }>) => Promise<Response>;
let webhook: (req: Request) => Promise<Response>;
let sessionRoute: (req: Request, ctx: Ctx<{ sessionId: string }>) => Promise<Response>;
let epochsRoute: (req: Request, ctx: Ctx<{ sessionId: string }>) => Promise<Response>;
let csvRoute: UserRoute;
let jsonRoute: UserRoute;
let regularityRoute: UserRoute;
let viewerCookie: (userId: string) => Promise<string>;

/** RFC 4180: records end in CRLF, quoted fields may hold commas, CRLF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field === "") {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else if (c === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 2;
    } else if (c === "\n") throw new Error(`bare LF at ${i}: records must end in CRLF`);
    else field += text[i++];
  }
  if (field !== "" || row.length > 0) throw new Error("last record is not CRLF-terminated");
  return rows;
}

/** CSV text as objects keyed by the header. */
function csvObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

const EVIL = '=HYPERLINK("http://evil.example","x"), then more';
/** Night A, Seoul: 23:10+09:00 on 15 Jan, 20 epochs; Asleep sent time in bed, time asleep and latency. */
const A = {
  id: "exp-a",
  start: "2026-01-15T14:10:00Z",
  stages: [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 0, 1, 1, 2, 2, 3, 3, 3, 0, 0],
  snoring: [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0],
  stat: { time_in_bed: 600, time_in_sleep: 480, sleep_latency: 60 },
  peculiarities: [EVIL, "NO_BREATHING_STABILITY"],
};
/** Night B: 01:30+09:00 on 17 Jan, so the night of the 16th; no stat, no snoring track. */
const B = { id: "exp-b", start: "2026-01-16T16:30:00Z", stages: [-1, 0, 1, 2, 2, 3, 3, 1, 1, 0, 0, 0] };
/** Night C: 23:00+09:00 on 17 Jan, outside a 15-16 Jan range. */
const C = { id: "exp-c", start: "2026-01-17T14:00:00Z", stages: [0, 1, 1, 2, 2, 3, 3, 0, 0, 0] };

function post(user: string, data: Record<string, unknown>): Promise<Response> {
  return webhook(
    new Request("http://localhost/asleep-webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "key", "x-user-id": user },
      body: JSON.stringify({ event: "SESSION_COMPLETE", version: "V3", data: { user_id: user, ...data } }),
    }),
  );
}

const HOUR = 120;
const asleep = (h: number) => Array<number>(h * HOUR).fill(2);

beforeAll(async () => {
  registerIngestFromEnv();
  webhook = (await import("@/app/asleep-webhook/route")).POST;
  sessionRoute = (await import("@/app/api/sessions/[sessionId]/route")).GET;
  epochsRoute = (await import("@/app/api/sessions/[sessionId]/epochs.csv/route")).GET;
  csvRoute = (await import("@/app/api/users/[userId]/nights.csv/route")).GET;
  jsonRoute = (await import("@/app/api/users/[userId]/nights.json/route")).GET;
  regularityRoute = (await import("@/app/api/users/[userId]/regularity/route")).GET;
  const { signAccessToken } = await import("@/lib/auth/tokens");
  viewerCookie = async (userId) =>
    `nocturne_session=${await signAccessToken({ role: "viewer", userId }, process.env.NOCTURNE_SECRET!, 600)}`;

  const seoul = { timezone: "Asia/Seoul" };
  expect(
    (
      await post("dana", {
        ...seoul,
        peculiarities: A.peculiarities,
        stat: A.stat,
        session: { id: A.id, start_time: A.start, end_time: "2026-01-15T14:20:00Z", sleep_stages: A.stages, snoring_stages: A.snoring },
      })
    ).status,
  ).toBe(200);
  for (const n of [B, C]) {
    expect((await post("dana", { ...seoul, session: { id: n.id, start_time: n.start, sleep_stages: n.stages } })).status).toBe(200);
  }
  // 230 short nights for "eve", one a day from 1 Jan 2025 (UTC): more than two export pages.
  for (let d = 0; d < 230; d++) {
    const start = new Date(Date.parse("2025-01-01T23:00:00Z") + d * 86_400_000).toISOString();
    expect((await post("eve", { timezone: "UTC", session: { id: `eve-${String(d).padStart(3, "0")}`, start_time: start, sleep_stages: [0, 1, 2, 3, 0, 1, 2, 3, 0, 0] } })).status).toBe(200);
  }
  // Regularity: Mon 5 Jan 2026 to Sat 10 Jan asleep 23:00-07:00 UTC, then the night of
  // Sunday 11 Jan an hour later (00:00-08:00 on the 12th); an older night with no data.
  for (let d = 0; d < 6; d++) {
    const start = new Date(Date.parse("2026-01-05T23:00:00Z") + d * 86_400_000).toISOString();
    expect((await post("ray", { timezone: "UTC", session: { id: `ray-${d}`, start_time: start, sleep_stages: asleep(8) } })).status).toBe(200);
  }
  expect((await post("ray", { timezone: "UTC", session: { id: "ray-6", start_time: "2026-01-12T00:00:00Z", sleep_stages: asleep(8) } })).status).toBe(200);
  expect(
    (await post("ray", { timezone: "UTC", session: { id: "ray-blank", start_time: "2026-01-03T23:00:00Z", sleep_stages: Array<number>(960).fill(-1) } })).status,
  ).toBe(200);
  for (let d = 0; d < 3; d++) {
    const start = new Date(Date.parse("2026-01-05T23:00:00Z") + d * 86_400_000).toISOString();
    expect((await post("few", { timezone: "UTC", session: { id: `few-${d}`, start_time: start, sleep_stages: asleep(7) } })).status).toBe(200);
  }
  // Two nights starting in the same second, then one a day later: the keyset order is (start, id).
  for (const [sid, start] of [["tie-b", "2026-03-01T22:00:00Z"], ["tie-a", "2026-03-01T22:00:00Z"], ["tie-c", "2026-03-02T22:00:00Z"]]) {
    expect((await post("tie", { timezone: "UTC", session: { id: sid, start_time: start, sleep_stages: [0, 1, 2, 3, 0, 1, 2, 3, 0, 0] } })).status).toBe(200);
  }
  expect((await post("tie-other", { timezone: "UTC", session: { id: "tie-x", start_time: "2026-03-01T23:00:00Z", sleep_stages: [0, 1, 2, 3, 0, 1, 2, 3, 0, 0] } })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await (await import("@/lib/store/client")).closeStore();
  await tmp.drop();
});

const admin = { authorization: "Bearer admin-token-for-tests" };
const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost${path}`, { headers });
const user = (userId: string) => ({ params: Promise.resolve({ userId }) });

describe("GET /api/users/:id/nights.csv", () => {
  it("writes one record per night dated in the range, with the stored statistics and their sources", async () => {
    const res = await csvRoute(get("/api/users/dana/nights.csv?from=2026-01-15&to=2026-01-16", admin), user("dana"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="nocturne-dana-nights-2026-01-15_2026-01-16.csv"; filename*=UTF-8''nocturne-dana-nights-2026-01-15_2026-01-16.csv`,
    );
    const text = await res.text();
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = csvObjects(text);
    expect(rows.map((r) => r.id)).toEqual(["exp-a", "exp-b"]);
    const [a, b] = rows as [Record<string, string>, Record<string, string>];
    expect(a).toMatchObject({
      date: "2026-01-15",
      start: "2026-01-15T23:10:00+09:00",
      // 20 epochs x 30 s = 600 s later.
      end: "2026-01-15T23:20:00+09:00",
      timezone: "Asia/Seoul",
      state: "COMPLETE",
      // Asleep's numbers win where sent ...
      timeInBed: "600",
      timeInBed_source: "asleep",
      totalSleepTime: "480",
      totalSleepTime_source: "asleep",
      sleepOnsetLatency: "60",
      sleepOnsetLatency_source: "asleep",
      // ... the hypnogram fills the rest: 15 sleep epochs of 20 -> 450 / 600 = 75 %;
      // one wake epoch (index 10) inside the period 2..17 -> 30 s, 1 awakening;
      // light epochs 2-4, 11-12, deep 5-7, 13-14, REM 8-9, 15-17: 5 each, 150 s each.
      sleepEfficiency: "75",
      sleepEfficiency_source: "computed",
      timeInWake: "30",
      timeInWake_source: "computed",
      wasoCount: "1",
      timeInLight: "150",
      timeInDeep: "150",
      timeInRem: "150",
      // Sleep onset at epoch 2 = 23:11; the last sleep epoch is 17, so the final awakening is 23:19.
      sleepOnset: "2026-01-15T23:11:00+09:00",
      sleepOnset_source: "computed",
      finalAwakening: "2026-01-15T23:19:00+09:00",
      // REM first at epoch 8: 6 epochs after onset = 180 s.
      remLatency: "180",
      // Snoring: epochs 2, 3, 11, 12, 13 = 150 s in 2 episodes.
      timeInSnoring: "150",
      snoringCount: "2",
      sleepIndex: "",
      sleepIndex_source: "",
      // A peculiarity that looks like a formula gets a leading quote; the CSV quotes it for its comma and quotes.
      peculiarities: `'${EVIL};NO_BREATHING_STABILITY`,
      noMeasurableSleep: "",
    });
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""x""), then more;NO_BREATHING_STABILITY",`);
    expect(b).toMatchObject({ date: "2026-01-16", start: "2026-01-17T01:30:00+09:00", timeInBed: "360", totalSleepTime: "210" });

    // The same numbers as the session JSON API's computed statistics.
    const view = await (await sessionRoute(get("/api/sessions/exp-b", admin), { params: Promise.resolve({ sessionId: "exp-b" }) })).json();
    for (const key of ["timeInBed", "totalSleepTime", "sleepEfficiency", "sleepOnsetLatency", "timeInLight", "timeInDeep", "timeInRem", "wasoCount"]) {
      expect(Number(b[key]), key).toBe(view.computed[key]);
      expect(b[`${key}_source`], key).toBe("computed");
    }
  });

  it("pages through more nights than one page, oldest first, each once", async () => {
    const res = await csvRoute(get("/api/users/eve/nights.csv?from=2025-01-01&to=2025-12-31", admin), user("eve"));
    const rows = csvObjects(await res.text());
    expect(rows).toHaveLength(230);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 230 }, (_, d) => `eve-${String(d).padStart(3, "0")}`));
    expect(rows[229]!.date).toBe("2025-08-18");
  });

  it("answers 400 naming the problem for bad dates and ranges", async () => {
    const cases: Array<[string, string]> = [
      ["", "from is required, a date YYYY-MM-DD"],
      ["?from=2026-01-01", "to is required, a date YYYY-MM-DD"],
      ["?from=2026-1-1&to=2026-01-31", "from must be a date YYYY-MM-DD"],
      ["?from=2026-02-30&to=2026-03-01", "from is not a calendar date"],
      ["?from=2026-02-01&to=2026-01-31", "from must not be after to"],
    ];
    for (const [query, error] of cases) {
      const res = await csvRoute(get(`/api/users/dana/nights.csv${query}`, admin), user("dana"));
      expect(res.status, query).toBe(400);
      expect(await res.json()).toEqual({ error });
    }
  });

  it("lets a viewer export only their own nights", async () => {
    const q = "?from=2026-01-15&to=2026-01-16";
    expect((await csvRoute(get(`/api/users/dana/nights.csv${q}`, { cookie: await viewerCookie("dana") }), user("dana"))).status).toBe(200);
    expect((await csvRoute(get(`/api/users/dana/nights.csv${q}`, { cookie: await viewerCookie("eve") }), user("dana"))).status).toBe(403);
    expect((await jsonRoute(get(`/api/users/dana/nights.json${q}`), user("dana"))).status).toBe(401);
    expect((await csvRoute(get(`/api/users/ghost/nights.csv${q}`, admin), user("ghost"))).status).toBe(404);
  });
});

describe("GET /api/users/:id/nights.json", () => {
  it("carries the CSV's data typed", async () => {
    const res = await jsonRoute(get("/api/users/dana/nights.json?from=2026-01-15&to=2026-01-16", admin), user("dana"));
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = await res.json();
    expect(body).toMatchObject({ userId: "dana", from: "2026-01-15", to: "2026-01-16" });
    expect(body.nights.map((n: { id: string }) => n.id)).toEqual(["exp-a", "exp-b"]);
    expect(body.nights[0]).toMatchObject({
      timeInBed: 600,
      timeInBed_source: "asleep",
      sleepEfficiency: 75,
      sleepEfficiency_source: "computed",
      peculiarities: [EVIL, "NO_BREATHING_STABILITY"],
    });
  });

  it("is an empty list for a range without nights", async () => {
    const body = await (await jsonRoute(get("/api/users/dana/nights.json?from=2020-01-01&to=2020-01-31", admin), user("dana"))).json();
    expect(body.nights).toEqual([]);
  });
});

describe("GET /api/sessions/:id/epochs.csv", () => {
  it("writes one record per epoch with the stored stage codes and snoring", async () => {
    const res = await epochsRoute(get("/api/sessions/exp-a/epochs.csv", admin), { params: Promise.resolve({ sessionId: "exp-a" }) });
    expect(res.headers.get("content-disposition")).toContain('filename="nocturne-dana-night-2026-01-15-epochs.csv"');
    const rows = csvObjects(await res.text());
    expect(rows).toHaveLength(A.stages.length);
    expect(rows.map((r) => Number(r.stage))).toEqual(A.stages);
    expect(rows.map((r) => Number(r.snoring))).toEqual(A.snoring);
    expect(rows[0]).toEqual({ index: "0", start: "2026-01-15T23:10:00+09:00", stage: "0", stageName: "Wake", snoring: "0" });
    expect(rows[9]).toMatchObject({ index: "9", start: "2026-01-15T23:14:30+09:00", stageName: "REM" });
  });

  it("leaves snoring empty without a track, names unknown epochs, and hides another user's night", async () => {
    const rows = csvObjects(await (await epochsRoute(get("/api/sessions/exp-b/epochs.csv", admin), { params: Promise.resolve({ sessionId: "exp-b" }) })).text());
    expect(rows).toHaveLength(12);
    expect(rows[0]).toMatchObject({ stage: "-1", stageName: "Unknown", snoring: "" });
    const other = await epochsRoute(get("/api/sessions/exp-b/epochs.csv", { cookie: await viewerCookie("eve") }), {
      params: Promise.resolve({ sessionId: "exp-b" }),
    });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: "no session exp-b" });
  });
});

describe("getAdjacentNights", () => {
  it("finds the same user's previous and next night by start time, then id", async () => {
    const { getStore } = await import("@/lib/store/client");
    const { getAdjacentNights } = await import("@/lib/store/queries");
    const store = await getStore();
    const around = async (sid: string, startTime: string) => {
      const { previous, next } = await getAdjacentNights(store, { userId: "tie", id: sid, startTime });
      return [previous?.id ?? null, next?.id ?? null];
    };
    expect(await around("tie-a", "2026-03-01T22:00:00.000Z")).toEqual([null, "tie-b"]);
    // tie-x (another user, 23:00) lies between tie-b and tie-c and is never a neighbour.
    expect(await around("tie-b", "2026-03-01T22:00:00.000Z")).toEqual(["tie-a", "tie-c"]);
    expect(await around("tie-c", "2026-03-02T22:00:00.000Z")).toEqual(["tie-b", null]);
  });
});

describe("GET /api/users/:id/regularity", () => {
  it("reads SRI, SDs and social jet lag over the newest nights with enough data", async () => {
    const res = await regularityRoute(get("/api/users/ray/regularity?nights=7", admin), user("ray"));
    expect(res.status).toBe(200);
    // Six identical nights, then one an hour later. Pairs 24 h apart run from 23:00 on the 5th
    // for 129 h; the first 120 h are identical, the last 9 h compare the shifted night:
    // 7 h same, 2 h differ. SRI = 200 * 127/129 - 100 = 96.899 -> 96.9.
    // Bedtimes 23:00 x6 and 00:00: mean 23:08.57, squares 6 x 8.571^2 + 51.429^2 = 3085.71,
    // / 6 = 514.29, sqrt = 22.68 -> 22.7 min (wake time and midpoint shift alike).
    // Free nights (dated Fri 9, Sat 10) midpoint 03:00; work nights Mon-Thu 03:00 and
    // Sun 04:00, mean 03:12 -> social jet lag 12 min.
    expect(await res.json()).toEqual({
      nights: 7,
      sri: 96.9,
      bedtimeSdMinutes: 22.7,
      waketimeSdMinutes: 22.7,
      midpointSdMinutes: 22.7,
      socialJetlagMinutes: 12,
      reasons: {},
    });
  });

  it("says why a figure is undefined", async () => {
    const body = await (await regularityRoute(get("/api/users/few/regularity", admin), user("few"))).json();
    expect(body).toMatchObject({ nights: 3, sri: null, bedtimeSdMinutes: 0, socialJetlagMinutes: null });
    expect(body.reasons).toEqual({
      sri: "fewer than 7 nights with enough data",
      socialJetlagMinutes: "needs at least one free night and one work night",
    });
  });

  it("validates nights (7-90) and applies the access rules", async () => {
    for (const q of ["6", "91", "7.5", "abc", "0x10", "1e1", ""]) {
      const res = await regularityRoute(get(`/api/users/ray/regularity?nights=${q}`, admin), user("ray"));
      expect(res.status, q).toBe(400);
      expect(await res.json()).toEqual({ error: "nights must be an integer from 7 to 90" });
    }
    expect((await regularityRoute(get("/api/users/ray/regularity", { cookie: await viewerCookie("ray") }), user("ray"))).status).toBe(200);
    expect((await regularityRoute(get("/api/users/ray/regularity", { cookie: await viewerCookie("few") }), user("ray"))).status).toBe(403);
    expect((await regularityRoute(get("/api/users/ghost/regularity", admin), user("ghost"))).status).toBe(404);
  });
});
