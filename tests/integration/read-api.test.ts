/** The read API: access rules, 404s and newest-first pagination, on a real SQLite file. */
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
let webhook: (req: Request) => Promise<Response>;
let sessionRoute: (req: Request, ctx: Ctx<{ sessionId: string }>) => Promise<Response>;
let listRoute: (req: Request, ctx: Ctx<{ userId: string }>) => Promise<Response>;
let viewerCookie: (userId: string) => Promise<string>;

beforeAll(async () => {
  registerIngestFromEnv();
  webhook = (await import("@/app/asleep-webhook/route")).POST;
  sessionRoute = (await import("@/app/api/sessions/[sessionId]/route")).GET;
  listRoute = (await import("@/app/api/users/[userId]/sessions/route")).GET;
  const { signAccessToken } = await import("@/lib/auth/tokens");
  viewerCookie = async (userId) =>
    `nocturne_session=${await signAccessToken({ role: "viewer", userId }, process.env.NOCTURNE_SECRET!, 600)}`;
  // Five nights for "alice" on consecutive days, one for "bob".
  const nights: Array<[string, string, string]> = [
    ...[1, 2, 3, 4, 5].map((d): [string, string, string] => ["alice", `a-${d}`, `2025-02-0${d}T22:00:00+00:00`]),
    ["bob", "b-1", "2025-02-01T23:00:00+00:00"],
  ];
  for (const [user, id, start] of nights) {
    const res = await webhook(
      new Request("http://localhost/asleep-webhook", {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": "key", "x-user-id": user },
        body: JSON.stringify({
          event: "SESSION_COMPLETE",
          version: "V3",
          data: { user_id: user, session: { id, start_time: start, sleep_stages: [0, 1, 1, 2, 3, 0] } },
        }),
      }),
    );
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await (await import("@/lib/store/client")).closeStore();
  await tmp.drop();
});

const admin = { authorization: "Bearer admin-token-for-tests" };
const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost${path}`, { headers });

describe("GET /api/sessions/:id", () => {
  it("401 anonymous or with a wrong bearer token", async () => {
    expect((await sessionRoute(get("/api/sessions/a-1"), { params: Promise.resolve({ sessionId: "a-1" }) })).status).toBe(401);
    const wrong = await sessionRoute(get("/api/sessions/a-1", { authorization: "Bearer nope" }), {
      params: Promise.resolve({ sessionId: "a-1" }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toHaveProperty("error");
  });

  it("404 for an unknown id", async () => {
    const res = await sessionRoute(get("/api/sessions/nope", admin), { params: Promise.resolve({ sessionId: "nope" }) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "no session nope" });
  });

  it("a viewer sees their own night and gets the unknown-id 404 for another user's", async () => {
    const own = await sessionRoute(get("/api/sessions/a-1", { cookie: await viewerCookie("alice") }), {
      params: Promise.resolve({ sessionId: "a-1" }),
    });
    expect(own.status).toBe(200);
    // 6 epochs: TIB 180 s, sleep 4 epochs = 120 s, SE 66.67 %, latency 30 s.
    expect((await own.json()).computed).toMatchObject({ timeInBed: 180, totalSleepTime: 120, sleepEfficiency: 66.67, sleepOnsetLatency: 30 });
    const other = await sessionRoute(get("/api/sessions/b-1", { cookie: await viewerCookie("alice") }), {
      params: Promise.resolve({ sessionId: "b-1" }),
    });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: "no session b-1" });
  });
});

describe("GET /api/users/:id/sessions", () => {
  it("pages newest first with a cursor", async () => {
    const ctx = { params: Promise.resolve({ userId: "alice" }) };
    const first = await (await listRoute(get("/api/users/alice/sessions?limit=2", admin), ctx)).json();
    expect(first.sessions.map((s: { id: string }) => s.id)).toEqual(["a-5", "a-4"]);
    expect(first.sessions[0]).toMatchObject({ state: "COMPLETE", timeInBed: 180, totalSleepTime: 120, sleepEfficiency: 66.67 });
    const second = await (
      await listRoute(get(`/api/users/alice/sessions?limit=2&cursor=${first.nextCursor}`, admin), ctx)
    ).json();
    expect(second.sessions.map((s: { id: string }) => s.id)).toEqual(["a-3", "a-2"]);
    const third = await (
      await listRoute(get(`/api/users/alice/sessions?limit=2&cursor=${second.nextCursor}`, admin), ctx)
    ).json();
    expect(third.sessions.map((s: { id: string }) => s.id)).toEqual(["a-1"]);
    expect(third.nextCursor).toBeNull();
  });

  it("400 for a bad limit or cursor, 404 for an unknown user, 403 for another viewer", async () => {
    const ctx = { params: Promise.resolve({ userId: "alice" }) };
    expect((await listRoute(get("/api/users/alice/sessions?limit=0", admin), ctx)).status).toBe(400);
    expect((await listRoute(get("/api/users/alice/sessions?cursor=%%%", admin), ctx)).status).toBe(400);
    expect(
      (await listRoute(get("/api/users/ghost/sessions", admin), { params: Promise.resolve({ userId: "ghost" }) })).status,
    ).toBe(404);
    expect((await listRoute(get("/api/users/alice/sessions", { cookie: await viewerCookie("bob") }), ctx)).status).toBe(403);
  });
});

describe("a live night whose analyses stopped", () => {
  it("shows as INCOMPLETE after an hour without analyses, and leaves the live snapshot", async () => {
    const post = (seq: number) =>
      webhook(
        new Request("http://localhost/asleep-webhook", {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": "key", "x-user-id": "carol" },
          body: JSON.stringify({
            event: "INFERENCE_COMPLETE",
            version: "V3",
            data: { user_id: "carol", session_id: "c-stopped", seq_num: seq * 10 + 9, inference_seq_num: seq, sleep_stages: Array(10).fill(1) },
          }),
        }),
      );
    expect((await post(0)).status).toBe(200);
    const { getStore } = await import("@/lib/store/client");
    const { getLiveSessions } = await import("@/lib/store/queries");
    const store = await getStore();
    const db = store.prisma;
    const state = async () =>
      (await (await sessionRoute(get("/api/sessions/c-stopped", admin), { params: Promise.resolve({ sessionId: "c-stopped" }) })).json()).state;
    expect(await state()).toBe("LIVE");
    expect((await getLiveSessions(store, "carol")).map((s) => s.sessionId)).toEqual(["c-stopped"]);

    // 61 minutes without an analysis (the limit is 60).
    await db.sleepSession.update({ where: { id: "c-stopped" }, data: { updatedAt: new Date(Date.now() - 61 * 60_000) } });
    expect(await state()).toBe("INCOMPLETE");
    expect(await getLiveSessions(store, "carol")).toEqual([]);
    const list = await (await listRoute(get("/api/users/carol/sessions", admin), { params: Promise.resolve({ userId: "carol" }) })).json();
    expect(list.sessions.map((s: { state: string }) => s.state)).toEqual(["INCOMPLETE"]);

    // A late analysis makes it live again.
    expect((await post(1)).status).toBe(200);
    expect(await state()).toBe("LIVE");
  });
});
