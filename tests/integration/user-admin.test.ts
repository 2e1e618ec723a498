/**
 * Users managed from the browser (issue 13): viewer links made, listed and
 * revoked through the operator's JSON API (lib/auth/user-admin.ts), and a
 * user's data deleted on request (lib/store/delete-user.ts). The route
 * handlers are called the way a browser meets them, on a real database (both
 * engines), with a real socket.io server for the open-connection checks.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { officialInferenceBody } from "@/lib/simulator/asleep-payloads";

import { registerIngestFromEnv } from "../support/register-ingest";
import { createTestDatabase } from "../support/test-db";

const tmp = await createTestDatabase("nocturne-user-admin");
process.env.DATABASE_URL = tmp.url;
process.env.ASLEEP_API_KEYS = "key";
process.env.NOCTURNE_ADMIN_TOKEN = "admin-token-for-tests";
process.env.NOCTURNE_SECRET = "s".repeat(40);
process.env.LOG_LEVEL = "silent";

const SITE = "http://localhost";
const ADMIN = { authorization: "Bearer admin-token-for-tests" };
const DAY_MS = 86_400_000;

type Ctx<P> = { params: Promise<P> };
type Route<P> = (req: Request, ctx: Ctx<P>) => Promise<Response>;
let webhook: (req: Request) => Promise<Response>;
let exchange: (req: Request) => Promise<Response>;
let links: { GET: Route<{ userId: string }>; POST: Route<{ userId: string }> };
let revokeLink: Route<{ userId: string; linkId: string }>;
let revokeAll: Route<{ userId: string }>;
let deleteUser: Route<{ userId: string }>;
let sessionRoute: Route<{ sessionId: string }>;
let sockets: { port: number; close: () => Promise<void> };

/** A socket.io server like server.ts's, on a free port. */
async function startSocketServer() {
  const http = await import("node:http");
  const { attachSocketServer } = await import("@/lib/realtime/socket-server");
  const server = http.createServer((_req, res) => res.end());
  const realtime = attachSocketServer(server, { loadLiveNights: async () => [] });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as import("node:net").AddressInfo).port, close: realtime.close };
}

/** A connected socket.io client signed in with `cookie`, and a promise of its disconnect reason. */
async function openSocket(cookie: string) {
  const { io } = await import("socket.io-client");
  const client = io(`http://127.0.0.1:${sockets.port}`, {
    transports: ["websocket"],
    extraHeaders: { cookie },
    reconnection: false,
  });
  const disconnected = new Promise<string>((resolve) => client.on("disconnect", (reason) => resolve(reason)));
  await new Promise<void>((resolve, reject) => {
    client.on("connect", () => resolve());
    client.on("connect_error", reject);
  });
  return { client, disconnected };
}

function deliver(userId: string, body: unknown): Promise<Response> {
  return webhook(
    new Request(`${SITE}/asleep-webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "key", "x-user-id": userId },
      body: JSON.stringify(body),
    }),
  );
}

function sessionComplete(userId: string, sessionId: string, start: string) {
  return {
    event: "SESSION_COMPLETE",
    version: "V3",
    data: { user_id: userId, session: { id: sessionId, start_time: start, sleep_stages: [0, 1, 1, 2, 3, 0] } },
  };
}

const post = (url: string, headers: Record<string, string>, body?: unknown) =>
  new Request(`${SITE}${url}`, {
    method: "POST",
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ctx = <P>(p: P): Ctx<P> => ({ params: Promise.resolve(p) });

interface Issued {
  link: {
    id: string;
    userId: string;
    label: string | null;
    createdAt: string;
    expiresAt: string;
    lastUsedAt: string | null;
  };
  url: string;
}
async function createLink(userId: string, body: unknown, headers: Record<string, string> = ADMIN): Promise<Response> {
  return links.POST(post(`/api/users/${userId}/links`, headers, body), ctx({ userId }));
}
async function issued(userId: string, body: unknown = { days: 7 }): Promise<Issued> {
  const res = await createLink(userId, body);
  expect(res.status).toBe(201);
  return (await res.json()) as Issued;
}
async function listLinks(userId: string): Promise<Issued["link"][]> {
  const res = await links.GET(new Request(`${SITE}/api/users/${userId}/links`, { headers: ADMIN }), ctx({ userId }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { links: Issued["link"][] }).links;
}
/** Opens a link URL; the session cookie it sets (`name=value`), or null when it sent the viewer back to /login. */
async function openLink(url: string): Promise<string | null> {
  const res = await exchange(new Request(url.replace(/^https?:\/\/[^/]+/, SITE)));
  expect(res.status).toBe(303);
  return res.headers.get("set-cookie")?.split(";")[0] ?? null;
}
const night = async (id: string, cookie: string) =>
  (await sessionRoute(new Request(`${SITE}/api/sessions/${id}`, { headers: { cookie } }), ctx({ sessionId: id })))
    .status;

beforeAll(async () => {
  registerIngestFromEnv();
  webhook = (await import("@/app/asleep-webhook/route")).POST;
  exchange = (await import("@/app/auth/link/route")).GET;
  links = await import("@/app/api/users/[userId]/links/route");
  revokeLink = (await import("@/app/api/users/[userId]/links/[linkId]/revoke/route")).POST;
  revokeAll = (await import("@/app/api/users/[userId]/revoke/route")).POST;
  deleteUser = (await import("@/app/api/users/[userId]/delete/route")).POST;
  sessionRoute = (await import("@/app/api/sessions/[sessionId]/route")).GET;
  sockets = await startSocketServer();
  for (const [user, id] of [
    ["lena", "lena-night"],
    ["milo", "milo-night"],
  ] as const) {
    expect((await deliver(user, sessionComplete(user, id, "2025-03-01T22:00:00+00:00"))).status).toBe(200);
  }
});
afterAll(async () => {
  await sockets.close();
  await (await import("@/lib/store/client")).closeStore();
  await tmp.drop();
});

describe("viewer links from the operator's API", () => {
  it("makes a link with an expiry and a label; the URL points at this site and signs the viewer in", async () => {
    const before = Date.now();
    const { link, url } = await issued("lena", { days: 7, label: "  phone  " });
    expect(link).toMatchObject({ userId: "lena", label: "phone", lastUsedAt: null });
    expect(Date.parse(link.expiresAt) - Date.parse(link.createdAt)).toBe(7 * DAY_MS);
    expect(Math.abs(Date.parse(link.createdAt) - before)).toBeLessThan(5_000);
    expect(url).toMatch(/^http:\/\/localhost\/auth\/link\?token=[\w-]+\.[\w-]+\.[\w-]+$/);
    // The token names the link (claim lnk) and expires with it.
    const payload = JSON.parse(
      Buffer.from(new URL(url).searchParams.get("token")!.split(".")[1]!, "base64url").toString(),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({ role: "viewer", sub: "lena", lnk: link.id });
    expect(Math.abs((payload.exp as number) * 1000 - Date.parse(link.expiresAt))).toBeLessThanOrEqual(1_000);

    const cookie = (await openLink(url))!;
    expect(cookie).toMatch(/^nocturne_session=/);
    expect(await night("lena-night", cookie)).toBe(200);
    const listed = (await listLinks("lena")).find((l) => l.id === link.id)!;
    expect(listed.label).toBe("phone");
    expect(Math.abs(Date.parse(listed.lastUsedAt!) - Date.now())).toBeLessThan(5_000);
  });

  it("builds the URL from the proxy's forwarded host and scheme", async () => {
    const res = await createLink(
      "lena",
      { days: 1 },
      { ...ADMIN, host: "127.0.0.1:3000", "x-forwarded-host": "sleep.example.com", "x-forwarded-proto": "https" },
    );
    const { url, link } = (await res.json()) as Issued;
    expect(url.startsWith("https://sleep.example.com/auth/link?token=")).toBe(true);
    expect(Date.parse(link.expiresAt) - Date.parse(link.createdAt)).toBe(DAY_MS);
  });

  it("refuses bad input with 400 naming the problem, and writes nothing", async () => {
    const count = await tmp.count("ViewerLink");
    for (const body of [{ days: 2 }, { days: "7" }, {}, { days: 7, label: "x".repeat(81) }]) {
      const res = await createLink("lena", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = (await res.json()) as { issues: Array<{ path: string; message: string }> };
      expect(json.issues[0]!.path).toBe("days" in body && body.days === 7 ? "label" : "days");
    }
    const notJson = await links.POST(
      new Request(`${SITE}/api/users/lena/links`, { method: "POST", headers: ADMIN, body: "days=7" }),
      ctx({ userId: "lena" }),
    );
    expect(notJson.status).toBe(400);
    expect(await tmp.count("ViewerLink")).toBe(count);
  });

  it("is the operator's only: 401 anonymous, 403 for a viewer, 403 from another site's page", async () => {
    expect((await createLink("lena", { days: 7 }, {})).status).toBe(401);
    const viewer = (await openLink((await issued("lena")).url))!;
    const mine = await createLink("lena", { days: 7 }, { cookie: viewer });
    expect(mine.status).toBe(403);
    expect(await mine.json()).toEqual({ error: "only the operator may manage a user's links and data" });
    expect(
      (
        await links.GET(
          new Request(`${SITE}/api/users/lena/links`, { headers: { cookie: viewer } }),
          ctx({ userId: "lena" }),
        )
      ).status,
    ).toBe(403);
    expect((await createLink("lena", { days: 7 }, { ...ADMIN, origin: "http://evil.example" })).status).toBe(403);
  });

  it("revoking one link refuses its token, the cookies opened from it and their open sockets; the user's other links keep working", async () => {
    const revoked = await issued("milo", { days: 30, label: "tablet" });
    const kept = await issued("milo", { days: 30, label: "phone" });
    const revokedCookie = (await openLink(revoked.url))!;
    const keptCookie = (await openLink(kept.url))!;
    const revokedSocket = await openSocket(revokedCookie);
    const keptSocket = await openSocket(keptCookie);
    try {
      const res = await revokeLink(
        post(`/api/users/milo/links/${revoked.link.id}/revoke`, { ...ADMIN, origin: SITE }),
        ctx({ userId: "milo", linkId: revoked.link.id }),
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { link: { id: string; revokedAt: string } };
      expect(body.link.id).toBe(revoked.link.id);
      expect(Math.abs(Date.parse(body.link.revokedAt) - Date.now())).toBeLessThan(5_000);

      expect(await revokedSocket.disconnected).toBe("io server disconnect");
      expect(await night("milo-night", revokedCookie)).toBe(401);
      expect(await openLink(revoked.url)).toBeNull();

      expect(keptSocket.client.connected).toBe(true);
      expect(await night("milo-night", keptCookie)).toBe(200);
      expect(await night("milo-night", (await openLink(kept.url))!)).toBe(200);
      expect((await listLinks("milo")).map((l) => l.label)).toEqual(["phone"]);
      // The check is the revocation row, read with the token's and the user's in one primary-key query.
      expect(await tmp.count("AccessRevocation", `"id" = ?`, `link:${revoked.link.id}`)).toBe(1);
    } finally {
      revokedSocket.client.close();
      keptSocket.client.close();
    }
  });

  it("a link id of another user, or none, is 404 and revokes nothing", async () => {
    const lenaLink = await issued("lena");
    const res = await revokeLink(
      post(`/api/users/milo/links/${lenaLink.link.id}/revoke`, ADMIN),
      ctx({ userId: "milo", linkId: lenaLink.link.id }),
    );
    expect(res.status).toBe(404);
    expect(
      (await revokeLink(post(`/api/users/milo/links/nope/revoke`, ADMIN), ctx({ userId: "milo", linkId: "nope" })))
        .status,
    ).toBe(404);
    expect(await night("lena-night", (await openLink(lenaLink.url))!)).toBe(200);
  });

  it("revoke all marks every link revoked and signs the user out (the user:<id> cutoff)", async () => {
    const a = await issued("lena", { days: 90 });
    const cookie = (await openLink(a.url))!;
    expect((await revokeAll(post("/api/users/lena/revoke", ADMIN), ctx({ userId: "lena" }))).status).toBe(200);
    expect(await listLinks("lena")).toEqual([]);
    expect(await night("lena-night", cookie)).toBe(401);
    expect(await openLink(a.url)).toBeNull();
    expect(await tmp.count("ViewerLink", `"userId" = ? AND "revokedAt" IS NULL`, "lena")).toBe(0);
  });

  it("npm run link records its link, so it is listed and revocable", async () => {
    const root = path.join(__dirname, "..", "..");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/link.ts",
        "nina",
        "--days",
        "1",
        "--label",
        "from the CLI",
        "--url",
        "https://sleep.example.com/",
      ],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: tmp.url },
      },
    );
    const url = stdout.trim();
    expect(url).toMatch(/^https:\/\/sleep\.example\.com\/auth\/link\?token=/);
    const [listed] = await listLinks("nina");
    expect(listed).toMatchObject({ userId: "nina", label: "from the CLI" });
    expect(Date.parse(listed!.expiresAt) - Date.parse(listed!.createdAt)).toBe(DAY_MS);
    expect(
      (
        await revokeLink(
          post(`/api/users/nina/links/${listed!.id}/revoke`, ADMIN),
          ctx({ userId: "nina", linkId: listed!.id }),
        )
      ).status,
    ).toBe(200);
    expect(await openLink(url)).toBeNull();
  });
});

describe("deleting a user's data", () => {
  const USER = "gone";
  const OTHER = "stays";
  /** What the database holds for a user, counted with the engine's own driver. */
  async function held(userId: string) {
    const sessions = `"sessionId" IN (SELECT "id" FROM "SleepSession" WHERE "userId" = ?)`;
    return {
      user: await tmp.count("User", `"id" = ?`, userId),
      nights: await tmp.count("SleepSession", `"userId" = ?`, userId),
      chunks: await tmp.count("InferenceChunk", sessions, userId),
      reports: await tmp.count("SleepReport", sessions, userId),
      deliveries: await tmp.count("WebhookDelivery", `"userId" = ?`, userId),
      bodies: await tmp.count("WebhookDelivery", `"userId" = ? AND "body" IS NOT NULL`, userId),
      headers: await tmp.count("WebhookDelivery", `"userId" = ? AND "headers" IS NOT NULL`, userId),
      links: await tmp.count("ViewerLink", `"userId" = ?`, userId),
    };
  }
  let cookie: string;

  beforeAll(async () => {
    // USER: a night of two chunks then its report, and a second night with a report only; two links. OTHER: one night, one link.
    expect((await deliver(USER, officialInferenceBody(USER, "gone-1", 0, [1, 1, 1, 2, 2, 2, 3, 3, 3, 3]))).status).toBe(
      200,
    );
    expect((await deliver(USER, officialInferenceBody(USER, "gone-1", 1, [3, 3, 3, 2, 2, 2, 1, 1, 1, 1]))).status).toBe(
      200,
    );
    expect((await deliver(USER, sessionComplete(USER, "gone-1", "2025-03-01T22:00:00+00:00"))).status).toBe(200);
    expect((await deliver(USER, sessionComplete(USER, "gone-2", "2025-03-02T22:00:00+00:00"))).status).toBe(200);
    expect(
      (await deliver(OTHER, officialInferenceBody(OTHER, "stays-1", 0, [1, 1, 1, 2, 2, 2, 3, 3, 3, 3]))).status,
    ).toBe(200);
    expect((await deliver(OTHER, sessionComplete(OTHER, "stays-1", "2025-03-01T22:00:00+00:00"))).status).toBe(200);
    cookie = (await openLink((await issued(USER)).url))!;
    await issued(USER, { days: 1 });
    await issued(OTHER);
  });

  const del = (userId: string, headers: Record<string, string>, body: unknown) =>
    deleteUser(post(`/api/users/${userId}/delete`, headers, body), ctx({ userId }));

  it("holds what the deliveries sent before (the counts the deletion must report)", async () => {
    expect(await held(USER)).toEqual({ user: 1, nights: 2, chunks: 2, reports: 2, deliveries: 4, bodies: 4, headers: 4, links: 2 });
    expect(await held(OTHER)).toEqual({
      user: 1,
      nights: 1,
      chunks: 1,
      reports: 1,
      deliveries: 2,
      bodies: 2,
      headers: 2,
      links: 1,
    });
  });

  it("needs the user id typed to confirm, and the operator; nothing is deleted otherwise", async () => {
    const wrong = await del(USER, ADMIN, { confirm: "gon" });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: `confirm must be the user id "${USER}"` });
    expect((await del(USER, ADMIN, {})).status).toBe(400);
    expect((await del(USER, {}, { confirm: USER })).status).toBe(401);
    expect((await del(USER, { cookie }, { confirm: USER })).status).toBe(403);
    expect((await del(USER, { ...ADMIN, origin: "http://evil.example" }, { confirm: USER })).status).toBe(403);
    expect((await held(USER)).nights).toBe(2);
  });

  it("deletes nights, chunks, reports, links and the user, nulls the delivery bodies, signs the user out; other users untouched", async () => {
    const socket = await openSocket(cookie);
    try {
      const res = await del(USER, { ...ADMIN, origin: SITE }, { confirm: USER });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        userId: USER,
        user: true,
        nights: 2,
        chunks: 2,
        reports: 2,
        deliveryBodies: 4,
        links: 2,
      });
      expect(await socket.disconnected).toBe("io server disconnect");
    } finally {
      socket.client.close();
    }
    // The delivery log keeps its 4 rows, without bodies or headers.
    expect(await held(USER)).toEqual({ user: 0, nights: 0, chunks: 0, reports: 0, deliveries: 4, bodies: 0, headers: 0, links: 0 });
    const log = await tmp.query<{ event: string; sessionId: string }>(
      `SELECT "event", "sessionId" FROM "WebhookDelivery" WHERE "userId" = ? ORDER BY "id"`,
      USER,
    );
    expect(log.map((r) => [r.event, r.sessionId])).toEqual([
      ["INFERENCE_COMPLETE", "gone-1"],
      ["INFERENCE_COMPLETE", "gone-1"],
      ["SESSION_COMPLETE", "gone-1"],
      ["SESSION_COMPLETE", "gone-2"],
    ]);
    expect(await night("gone-1", cookie)).toBe(401);
    expect(await held(OTHER)).toEqual({
      user: 1,
      nights: 1,
      chunks: 1,
      reports: 1,
      deliveries: 2,
      bodies: 2,
      headers: 2,
      links: 1,
    });
    const [otherLink] = await listLinks(OTHER);
    expect(otherLink).toBeDefined();
    // A second request finds nothing to delete.
    expect((await del(USER, ADMIN, { confirm: USER })).status).toBe(404);
  });

  it("a delivery after the deletion starts the user afresh", async () => {
    expect((await deliver(USER, sessionComplete(USER, "gone-3", "2025-03-03T22:00:00+00:00"))).status).toBe(200);
    expect(await held(USER)).toMatchObject({ user: 1, nights: 1, reports: 1, deliveries: 5, bodies: 1 });
  });
});
