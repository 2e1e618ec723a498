/**
 * Security rules (issue 9, items 5-10, 14, 15), checked on the route handlers
 * and the server pieces the way a client meets them, on a real database.
 * Each block names the item it keeps fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerIngestFromEnv } from "../support/register-ingest";
import { createTestDatabase } from "../support/test-db";

const tmp = await createTestDatabase("nocturne-security");
process.env.DATABASE_URL = tmp.url;
process.env.ASLEEP_API_KEYS = "key";
process.env.NOCTURNE_ADMIN_TOKEN = "admin-token-for-tests";
process.env.NOCTURNE_SECRET = "s".repeat(40);
process.env.LOG_LEVEL = "silent";
process.env.NOCTURNE_AUTH_MAX_FAILURES = "3";
process.env.NOCTURNE_AUTH_WINDOW_SECONDS = "60";
// Sockets in this file name their address in X-Forwarded-For (route handlers get it stamped, as server.ts does).
process.env.NOCTURNE_TRUST_PROXY = "1";

const ADMIN_TOKEN = "admin-token-for-tests";
const SITE = "http://localhost";

type Handler = (req: Request) => Promise<Response> | Response;
let login: Handler;
let webhook: Handler;

beforeAll(async () => {
  registerIngestFromEnv();
  login = (await import("@/app/api/auth/login/route")).POST;
  webhook = (await import("@/app/asleep-webhook/route")).POST;
});
afterAll(async () => {
  await (await import("@/lib/store/client")).closeStore();
  await tmp.drop();
});

/** A client address per test, so one test's failures never rate-limit another's requests. */
let addressCounter = 0;
function freshAddress(): string {
  addressCounter += 1;
  return `198.51.100.${addressCounter}`;
}

/** POST /api/auth/login as the sign-in form sends it. */
function loginRequest(fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${SITE}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("item 5: the sign-in redirect stays on this site", () => {
  it.each([
    ["/..//evil.example"],
    ["/.//evil.example"],
    ["/a/..//evil.example"],
    ["/%2e%2e//evil.example"],
    ["/%2E%2E//evil.example/path"],
    ["//evil.example"],
  ])("next=%s after a correct token redirects to / on this site", async (next) => {
    const res = await login(loginRequest({ token: ADMIN_TOKEN, next }));
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toBe("/");
    expect(new URL(location, SITE).origin).toBe(SITE);
  });

  it("keeps a same-site next with its query", async () => {
    const res = await login(loginRequest({ token: ADMIN_TOKEN, next: "/users/alice?cursor=abc" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/users/alice?cursor=abc");
    expect(res.headers.get("set-cookie")).toMatch(/^nocturne_session=/);
  });
});

/** A SESSION_COMPLETE in Asleep's official shape for `user`, with the x-user-id header `headerUser`. */
function completeDelivery(user: string, sessionId: string, headerUser = user): Request {
  return new Request(`${SITE}/asleep-webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "key", "x-user-id": headerUser },
    body: JSON.stringify({
      event: "SESSION_COMPLETE",
      version: "V3",
      data: { user_id: user, session: { id: sessionId, start_time: "2025-03-01T22:00:00+00:00", sleep_stages: [0, 1, 1, 2, 3, 0] } },
    }),
  });
}

describe("item 15: non-ASCII x-user-id and undeclared socket events", () => {
  const NAMED = { error: "x-user-id header must be printable ASCII (Asleep user ids are ASCII)" };

  it("400 naming the header for a Latin-1 x-user-id, even when the body names the same user", async () => {
    const res = await webhook(completeDelivery("jos\u00e9", "latin1-night"));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(NAMED);
    expect(await tmp.count("SleepSession", `"id" = ?`, "latin1-night")).toBe(0);
  });

  it("400 naming the header for UTF-8 bytes (Node hands them over as Latin-1 characters)", async () => {
    const asNodeSeesIt = Buffer.from("\u00e4lice", "utf8").toString("latin1");
    const res = await webhook(completeDelivery("\u00e4lice", "utf8-night", asNodeSeesIt));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(NAMED);
  });

  it("still accepts an ASCII id", async () => {
    const res = await webhook(completeDelivery("G-20250115025029-vLErWBfQNtnfvgDccFOQ", "ascii-night"));
    expect(res.status).toBe(200);
  });

  it("every client event declared in lib/realtime/events.ts has a handler in the socket server", async () => {
    const fs = await import("node:fs");
    const events = fs.readFileSync("lib/realtime/events.ts", "utf8");
    const server = fs.readFileSync("lib/realtime/socket-server.ts", "utf8");
    const block = events.match(/ClientToServerEvents\s*(?:=|\{)([\s\S]*?)(?:\n\}|;\n)/)?.[1] ?? "";
    const declared = [...block.matchAll(/"([a-z]+:[a-z_]+)"\s*:/g)].map((m) => m[1]!);
    const unhandled = declared.filter((name) => !server.includes(`socket.on("${name}"`));
    expect(unhandled).toEqual([]);
  });
});

describe("item 9: the startup banner keeps secrets out of logs", () => {
  const ENV_KEY = "asleep_banner-key-123";
  const TOKEN = "banner-admin-token-456";

  async function banner(secrets: { generated: string[]; fromFile: string[]; tty: boolean; file?: string }): Promise<string> {
    const { parseEnv } = await import("@/lib/env");
    const { startupBanner } = await import("@/lib/startup-banner");
    const env = parseEnv({ ASLEEP_API_KEYS: ENV_KEY, NOCTURNE_ADMIN_TOKEN: TOKEN, DATABASE_URL: "file:/tmp/x.db" });
    return startupBanner(env, 4321, secrets, "/srv/nocturne");
  }

  it("shows the token and key once: just generated and stdout is a terminal", async () => {
    const text = await banner({ generated: ["ASLEEP_API_KEYS", "NOCTURNE_ADMIN_TOKEN"], fromFile: ["ASLEEP_API_KEYS", "NOCTURNE_ADMIN_TOKEN"], tty: true });
    expect(text).toContain(`token: ${TOKEN}`);
    expect(text).toContain(`'x-api-key: ${ENV_KEY}'`);
  });

  it.each([
    ["generated, but stdout is a pipe or log file", { generated: ["ASLEEP_API_KEYS", "NOCTURNE_ADMIN_TOKEN"], tty: false }],
    ["a later start on a terminal", { generated: [], tty: true }],
  ])("%s: says they are in .env.local, prints neither", async (_label, { generated, tty }) => {
    const text = await banner({ generated, fromFile: ["ASLEEP_API_KEYS", "NOCTURNE_ADMIN_TOKEN"], tty });
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(ENV_KEY);
    expect(text).toContain("NOCTURNE_ADMIN_TOKEN in .env.local");
    expect(text).toContain("ASLEEP_API_KEYS in .env.local");
  });

  it("the curl it prints reads the first key from .env.local itself", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { execFileSync } = await import("node:child_process");
    const text = await banner({ generated: [], fromFile: ["ASLEEP_API_KEYS", "NOCTURNE_ADMIN_TOKEN"], tty: false });
    const header = text.match(/-H ("x-api-key: [^\n]*\)") \\/)?.[1];
    expect(header).toBeDefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "banner-"));
    fs.writeFileSync(path.join(dir, ".env.local"), "NOCTURNE_SECRET=abc\nASLEEP_API_KEYS=first-key,second-key\n");
    const out = execFileSync("sh", ["-c", `printf '%s' ${header}`], { cwd: dir, encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(out).toBe("x-api-key: first-key");
  });

  it("names the environment when the secrets came from it", async () => {
    const text = await banner({ generated: [], fromFile: [], tty: true });
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(ENV_KEY);
    expect(text).toContain("NOCTURNE_ADMIN_TOKEN in the environment");
    expect(text).toContain('"x-api-key: ${ASLEEP_API_KEYS%%,*}"');
  });
});

/** The session cookie of a viewer, signed the way `npm run link` signs links. */
async function viewerCookie(userId: string): Promise<string> {
  const { signAccessToken } = await import("@/lib/auth/tokens");
  return `nocturne_session=${await signAccessToken({ role: "viewer", userId }, process.env.NOCTURNE_SECRET!, 600)}`;
}

describe("item 8: a viewer cannot tell another user's night from no night", () => {
  let sessionRoute: (req: Request, ctx: { params: Promise<{ sessionId: string }> }) => Promise<Response>;
  const getNight = (id: string, headers: Record<string, string>) =>
    sessionRoute(new Request(`${SITE}/api/sessions/${id}`, { headers }), { params: Promise.resolve({ sessionId: id }) });

  beforeAll(async () => {
    sessionRoute = (await import("@/app/api/sessions/[sessionId]/route")).GET;
    expect((await webhook(completeDelivery("carol", "carol-night"))).status).toBe(200);
    expect((await webhook(completeDelivery("dave", "dave-night"))).status).toBe(200);
  });

  it("another user's night and a missing night get the same 404 and body", async () => {
    const cookie = await viewerCookie("carol");
    const other = await getNight("dave-night", { cookie });
    const missing = await getNight("no-such-night", { cookie });
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await other.json()).toEqual({ error: "no session dave-night" });
    expect(await missing.json()).toEqual({ error: "no session no-such-night" });
    expect((await getNight("carol-night", { cookie })).status).toBe(200);
  });

  it("the operator still sees every night and real 404s", async () => {
    const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const dave = await getNight("dave-night", bearer);
    expect(dave.status).toBe(200);
    expect((await dave.json()).userId).toBe("dave");
    expect((await getNight("no-such-night", bearer)).status).toBe(404);
  });
});

describe("item 14: slow clients are cut off; socket.io keeps working", () => {
  const SHORT = { headersTimeoutMs: 300, requestTimeoutMs: 800, checkIntervalMs: 50 };
  let server: import("node:http").Server;
  let realtime: { close: () => Promise<void> };
  let port = 0;

  beforeAll(async () => {
    const http = await import("node:http");
    const { httpServerOptions } = await import("@/lib/http-timeouts");
    const { attachSocketServer } = await import("@/lib/realtime/socket-server");
    server = http.createServer(httpServerOptions(SHORT), (req, res) => {
      req.resume();
      req.on("end", () => res.end("ok"));
    });
    realtime = attachSocketServer(server, { loadLiveNights: async () => [] });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as import("node:net").AddressInfo).port;
  });
  afterAll(async () => {
    await realtime.close();
  });

  /** Opens a raw TCP connection, writes `bytes`, and waits for the server to close it. */
  async function stall(bytes: string): Promise<{ answer: string; ms: number }> {
    const net = await import("node:net");
    return new Promise((resolve, reject) => {
      const started = Date.now();
      let answer = "";
      const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (answer += chunk));
      socket.on("error", reject);
      socket.on("close", () => resolve({ answer, ms: Date.now() - started }));
      setTimeout(() => socket.destroy(new Error("the server never closed the stalled connection")), 5_000).unref();
    });
  }

  it("the defaults are 10 s for headers and 30 s for the whole request (Node's are 60 s and 300 s)", async () => {
    const { httpServerOptions } = await import("@/lib/http-timeouts");
    expect(httpServerOptions()).toMatchObject({ headersTimeout: 10_000, requestTimeout: 30_000 });
  });

  it("a client that never finishes its headers gets 408 after the headers timeout", async () => {
    const { answer, ms } = await stall("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(SHORT.headersTimeoutMs - 20);
    expect(ms).toBeLessThan(SHORT.requestTimeoutMs + 500);
  });

  it("a client that never finishes its body gets 408 after the request timeout", async () => {
    const { answer, ms } = await stall(
      "POST /asleep-webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"event\":",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(SHORT.requestTimeoutMs - 20);
    expect(ms).toBeLessThan(SHORT.requestTimeoutMs + 1_000);
  });

  it("a socket.io WebSocket outlives the request timeout and still gets events", async () => {
    const { io } = await import("socket.io-client");
    const { publishSleepEvent } = await import("@/lib/realtime/bus");
    const client = io(`http://127.0.0.1:${port}`, {
      transports: ["websocket"],
      auth: { token: ADMIN_TOKEN, watch: "slow-user" },
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        client.on("sleep:snapshot", () => resolve());
        client.on("connect_error", reject);
      });
      await new Promise((r) => setTimeout(r, SHORT.requestTimeoutMs * 2));
      expect(client.connected).toBe(true);
      const received = new Promise<unknown>((resolve) => client.on("sleep:session_complete", resolve));
      const payload = { userId: "slow-user", sessionId: "n1", startTime: "2025-01-01T00:00:00.000Z", endTime: null, sleepCycleCount: 0, peculiarities: [] };
      publishSleepEvent({ type: "sleep:session_complete", payload: payload as never });
      expect(await received).toMatchObject({ userId: "slow-user", sessionId: "n1" });
    } finally {
      client.close();
    }
  });
});

describe("item 7: failed operator authentication is rate-limited per client address", () => {
  const from = (address: string) => ({ "x-nocturne-client-address": address });
  let sessionsRoute: (req: Request, ctx: { params: Promise<{ userId: string }> }) => Promise<Response>;
  const listWith = (token: string, address: string) =>
    sessionsRoute(new Request(`${SITE}/api/users/carol/sessions`, { headers: { authorization: `Bearer ${token}`, ...from(address) } }), {
      params: Promise.resolve({ userId: "carol" }),
    });

  beforeAll(async () => {
    sessionsRoute = (await import("@/app/api/users/[userId]/sessions/route")).GET;
    expect((await webhook(completeDelivery("carol", "carol-night-2"))).status).toBe(200);
  });

  it("sign-in form: 3 wrong tokens go back to the form, then 429 + Retry-After even for the right one", async () => {
    const attacker = freshAddress();
    for (let i = 0; i < 3; i++) {
      const res = await login(loginRequest({ token: `guess-${i}-wrong-token`, next: "/" }, from(attacker)));
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/login?error=token&next=%2F");
    }
    for (const token of ["guess-4-wrong-token", ADMIN_TOKEN]) {
      const refused = await login(loginRequest({ token, next: "/" }, from(attacker)));
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(59);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect((await refused.json()).error).toMatch(/too many failed operator sign-ins/);
      expect(refused.headers.get("set-cookie")).toBeNull();
    }
    const operator = await login(loginRequest({ token: ADMIN_TOKEN, next: "/" }, from(freshAddress())));
    expect(operator.status).toBe(303);
    expect(operator.headers.get("set-cookie")).toMatch(/^nocturne_session=/);
  });

  it("Bearer on the JSON API: 401 three times, then 429; the right token from another address gets 200", async () => {
    const attacker = freshAddress();
    for (let i = 0; i < 3; i++) expect((await listWith(`wrong-bearer-${i}`, attacker)).status).toBe(401);
    const refused = await listWith("wrong-bearer-3", attacker);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect((await listWith(ADMIN_TOKEN, attacker)).status).toBe(429);
    const operator = await listWith(ADMIN_TOKEN, freshAddress());
    expect(operator.status).toBe(200);
    expect((await operator.json()).sessions.map((s: { id: string }) => s.id)).toContain("carol-night-2");
  });

  it("the form and the API share one budget per address", async () => {
    const attacker = freshAddress();
    await login(loginRequest({ token: "wrong-form-token-1" }, from(attacker)));
    await login(loginRequest({ token: "wrong-form-token-2" }, from(attacker)));
    expect((await listWith("wrong-bearer-x", attacker)).status).toBe(401);
    expect((await listWith(ADMIN_TOKEN, attacker)).status).toBe(429);
  });

  it("a right token clears the address's count", async () => {
    const address = freshAddress();
    for (let round = 0; round < 2; round++) {
      expect((await listWith("wrong-bearer-a", address)).status).toBe(401);
      expect((await listWith("wrong-bearer-b", address)).status).toBe(401);
      expect((await listWith(ADMIN_TOKEN, address)).status).toBe(200);
    }
  });

  describe("socket.io handshake with auth.token", () => {
    let server: import("node:http").Server;
    let realtime: { close: () => Promise<void> };
    let port = 0;

    beforeAll(async () => {
      const http = await import("node:http");
      const { attachSocketServer } = await import("@/lib/realtime/socket-server");
      server = http.createServer((_req, res) => res.end());
      realtime = attachSocketServer(server, { loadLiveNights: async () => [] });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as import("node:net").AddressInfo).port;
    });
    afterAll(async () => {
      await realtime.close();
    });

    /** Connects with an operator token from `address`; resolves "connected" or the connect_error's message and data. */
    async function handshake(token: string, address: string): Promise<{ message: string; data?: { retryAfterSeconds?: number } }> {
      const { io } = await import("socket.io-client");
      const client = io(`http://127.0.0.1:${port}`, {
        transports: ["websocket"],
        auth: { token, watch: "carol" },
        extraHeaders: { "x-forwarded-for": `203.0.113.250, ${address}` },
        reconnection: false,
      });
      try {
        return await new Promise((resolve) => {
          client.on("connect", () => resolve({ message: "connected" }));
          client.on("connect_error", (err: Error & { data?: { retryAfterSeconds?: number } }) => resolve({ message: err.message, data: err.data }));
        });
      } finally {
        client.close();
      }
    }

    it("3 wrong tokens are unauthorized, then every attempt from that address is refused; another address connects", async () => {
      const attacker = freshAddress();
      for (let i = 0; i < 3; i++) expect((await handshake(`wrong-socket-${i}`, attacker)).message).toBe("unauthorized: sign in first");
      const refused = await handshake(ADMIN_TOKEN, attacker);
      expect(refused.message).toMatch(/^too many failed operator sign-ins from this address: retry after \d+ s$/);
      expect(refused.data?.retryAfterSeconds).toBeGreaterThanOrEqual(59);
      expect((await handshake(ADMIN_TOKEN, freshAddress())).message).toBe("connected");
    });
  });
});

/** An http server with Nocturne's socket.io attached, on a free port; `close` stops both. */
async function startSocketServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const http = await import("node:http");
  const { attachSocketServer } = await import("@/lib/realtime/socket-server");
  const server = http.createServer((_req, res) => res.end());
  const realtime = attachSocketServer(server, { loadLiveNights: async () => [] });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as import("node:net").AddressInfo).port, close: realtime.close };
}

/** Opens a socket.io connection; resolves "connected" or the connect_error's message. */
async function socketHandshake(port: number, options: { cookie?: string; origin?: string; auth?: Record<string, string> }): Promise<string> {
  const { io } = await import("socket.io-client");
  const extraHeaders: Record<string, string> = {};
  if (options.cookie) extraHeaders.cookie = options.cookie;
  if (options.origin) extraHeaders.origin = options.origin;
  const client = io(`http://127.0.0.1:${port}`, { transports: ["websocket"], auth: options.auth ?? {}, extraHeaders, reconnection: false });
  try {
    return await new Promise((resolve) => {
      client.on("connect", () => resolve("connected"));
      client.on("connect_error", (err) => resolve(err.message));
    });
  } finally {
    client.close();
  }
}

describe("item 10: sign-out and the operator's revocation end sessions at once", () => {
  let exchange: Handler;
  let logout: Handler;
  let revoke: (req: Request, ctx: { params: Promise<{ userId: string }> }) => Promise<Response>;
  let sessionRoute: (req: Request, ctx: { params: Promise<{ sessionId: string }> }) => Promise<Response>;
  let sockets: { port: number; close: () => Promise<void> };

  beforeAll(async () => {
    exchange = (await import("@/app/auth/link/route")).GET;
    logout = (await import("@/app/api/auth/logout/route")).POST;
    revoke = (await import("@/app/api/users/[userId]/revoke/route")).POST;
    sessionRoute = (await import("@/app/api/sessions/[sessionId]/route")).GET;
    sockets = await startSocketServer();
    for (const [user, night] of [["erin", "erin-night"], ["frank", "frank-night"]]) {
      expect((await webhook(completeDelivery(user!, night!))).status).toBe(200);
    }
  });
  afterAll(async () => {
    await sockets.close();
  });

  /** A link as `npm run link` makes it (the token only). */
  async function linkToken(userId: string): Promise<string> {
    const { signAccessToken } = await import("@/lib/auth/tokens");
    return signAccessToken({ role: "viewer", userId }, process.env.NOCTURNE_SECRET!, 3600);
  }
  /** Opens a link; the cookie it sets (`name=value`), or null when it sent the viewer back to /login. */
  async function openLink(token: string): Promise<string | null> {
    const res = await exchange(new Request(`${SITE}/auth/link?token=${token}`));
    expect(res.status).toBe(303);
    const cookie = res.headers.get("set-cookie");
    return cookie ? cookie.split(";")[0]! : null;
  }
  const night = (id: string, headers: Record<string, string>) =>
    sessionRoute(new Request(`${SITE}/api/sessions/${id}`, { headers }), { params: Promise.resolve({ sessionId: id }) });
  const post = (path: string, headers: Record<string, string>) => new Request(`${SITE}${path}`, { method: "POST", headers });
  const revokeUser = (userId: string, headers: Record<string, string>) =>
    revoke(post(`/api/users/${userId}/revoke`, headers), { params: Promise.resolve({ userId }) });

  it("a viewer's sign-out ends that cookie everywhere at once; the link still signs in again", async () => {
    const link = await linkToken("erin");
    const cookie = (await openLink(link))!;
    expect(cookie).toMatch(/^nocturne_session=/);
    expect(cookie).not.toBe(`nocturne_session=${link}`);
    expect((await night("erin-night", { cookie })).status).toBe(200);
    expect(await socketHandshake(sockets.port, { cookie })).toBe("connected");

    const out = await logout(post("/api/auth/logout", { cookie, origin: SITE }));
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/login");
    expect(out.headers.get("set-cookie")).toMatch(/^nocturne_session=; .*Max-Age=0/);

    // The copied cookie is dead on the API, the socket and the pages' check alike.
    expect((await night("erin-night", { cookie })).status).toBe(401);
    expect(await socketHandshake(sockets.port, { cookie })).toBe("unauthorized: sign in first");
    const { authenticate } = await import("@/lib/auth/authenticate-request");
    expect(await authenticate({ cookie })).toBeNull();

    const again = (await openLink(link))!;
    expect((await night("erin-night", { cookie: again })).status).toBe(200);
  });

  it("the operator's sign-out ends the operator cookie", async () => {
    const res = await login(loginRequest({ token: ADMIN_TOKEN, next: "/" }, { "x-nocturne-client-address": freshAddress() }));
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    expect((await night("frank-night", { cookie })).status).toBe(200);
    expect((await logout(post("/api/auth/logout", { cookie }))).status).toBe(303);
    expect((await night("frank-night", { cookie })).status).toBe(401);
  });

  it("revoking a user ends their links and sessions, not other users'; links made afterwards work", async () => {
    const link = await linkToken("erin");
    const cookie = (await openLink(link))!;
    const other = (await openLink(await linkToken("frank")))!;
    expect((await night("erin-night", { cookie })).status).toBe(200);

    const res = await revokeUser("erin", { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { userId: string; revokedAt: string };
    expect(body.userId).toBe("erin");
    expect(Math.abs(Date.parse(body.revokedAt) - Date.now())).toBeLessThan(5_000);

    expect((await night("erin-night", { cookie })).status).toBe(401);
    expect(await socketHandshake(sockets.port, { cookie })).toBe("unauthorized: sign in first");
    expect(await openLink(link)).toBeNull();
    expect((await night("frank-night", { cookie: other })).status).toBe(200);

    // Tokens issued up to the revocation's second are refused; wait for the next second.
    await new Promise((r) => setTimeout(r, 1_050 - (Date.now() % 1000)));
    const fresh = (await openLink(await linkToken("erin")))!;
    expect((await night("erin-night", { cookie: fresh })).status).toBe(200);
  });

  /** A connected socket.io client signed in with `cookie`, and a promise of its disconnect reason. */
  async function openSocket(cookie: string) {
    const { io } = await import("socket.io-client");
    const client = io(`http://127.0.0.1:${sockets.port}`, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
    const disconnected = new Promise<string>((resolve) => client.on("disconnect", (reason) => resolve(reason)));
    await new Promise<void>((resolve, reject) => {
      client.on("connect", () => resolve());
      client.on("connect_error", reject);
    });
    return { client, disconnected };
  }

  it("sockets already open with an ended session are closed by the server at once", async () => {
    const erin = (await openLink(await linkToken("erin")))!;
    const erinElsewhere = (await openLink(await linkToken("erin")))!;
    const frank = (await openLink(await linkToken("frank")))!;
    const signedOut = await openSocket(erin);
    const otherErin = await openSocket(erinElsewhere);
    const bystander = await openSocket(frank);
    try {
      expect((await logout(post("/api/auth/logout", { cookie: erin }))).status).toBe(303);
      expect(await signedOut.disconnected).toBe("io server disconnect");
      // Signing out one session leaves the user's other sessions alone...
      expect(otherErin.client.connected).toBe(true);
      // ...which the operator's revocation ends.
      expect((await revokeUser("erin", { authorization: `Bearer ${ADMIN_TOKEN}` })).status).toBe(200);
      expect(await otherErin.disconnected).toBe("io server disconnect");
      expect(bystander.client.connected).toBe(true);
    } finally {
      for (const s of [signedOut, otherErin, bystander]) s.client.close();
    }
  });

  it("only the operator may revoke: 401 anonymous, 403 for a viewer", async () => {
    expect((await revokeUser("frank", {})).status).toBe(401);
    const viewer = (await openLink(await linkToken("frank")))!;
    const res = await revokeUser("frank", { cookie: viewer });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "only the operator may revoke a user's sign-ins" });
    expect((await night("frank-night", { cookie: viewer })).status).toBe(200);
  });

  describe("Origin on state-changing requests and the socket handshake", () => {
    const EVIL = "http://evil.example";

    it("a cross-site sign-out is refused with 403 and the session survives", async () => {
      const cookie = (await openLink(await linkToken("frank")))!;
      for (const origin of [EVIL, "null"]) {
        const res = await logout(post("/api/auth/logout", { cookie, origin }));
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({ error: `cross-site request refused: Origin ${origin} is not this site` });
        expect(res.headers.get("set-cookie")).toBeNull();
      }
      expect((await night("frank-night", { cookie })).status).toBe(200);
    });

    it("a cross-site sign-in or revocation is refused; same-site and Origin-less ones pass", async () => {
      const address = { "x-nocturne-client-address": freshAddress() };
      const evil = await login(loginRequest({ token: ADMIN_TOKEN }, { ...address, origin: EVIL }));
      expect(evil.status).toBe(403);
      expect(evil.headers.get("set-cookie")).toBeNull();
      expect((await login(loginRequest({ token: ADMIN_TOKEN }, { ...address, origin: SITE }))).status).toBe(303);
      // Behind a proxy that rewrites Host, X-Forwarded-Host names the public site.
      const proxied = loginRequest({ token: ADMIN_TOKEN }, { ...address, origin: "https://sleep.example.org", "x-forwarded-host": "sleep.example.org" });
      expect((await login(proxied)).status).toBe(303);

      const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
      expect((await revokeUser("nobody", { ...bearer, origin: EVIL })).status).toBe(403);
      expect((await revokeUser("nobody", bearer)).status).toBe(200);
    });

    it("a socket handshake from another site's page is refused; this site's page connects", async () => {
      const cookie = (await openLink(await linkToken("frank")))!;
      expect(await socketHandshake(sockets.port, { cookie, origin: EVIL })).toBe(`forbidden: Origin ${EVIL} is not this site`);
      expect(await socketHandshake(sockets.port, { cookie, origin: `http://127.0.0.1:${sockets.port}` })).toBe("connected");
      expect(await socketHandshake(sockets.port, { cookie })).toBe("connected");
    });
  });
});

describe("item 6: security headers on pages and API answers", () => {
  async function through(path: string, headers: Record<string, string> = {}) {
    const { NextRequest } = await import("next/server");
    const { proxy } = await import("@/proxy");
    return proxy(new NextRequest(`${SITE}${path}`, { headers: { host: "localhost:3000", ...headers } }));
  }
  const directives = (csp: string) => new Map(csp.split(/;\s*/).map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)] as const));

  it("a nonce-based CSP with frame-ancestors 'none', a fresh nonce per request, handed to Next on the request", async () => {
    const first = await through("/login");
    const csp = first.headers.get("content-security-policy")!;
    const d = directives(csp);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    const nonce = d.get("script-src")!.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
    // 16 random bytes in base64: 24 characters ending in "==".
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(d.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(d.get("script-src")).not.toContain("'unsafe-inline'");
    expect(d.get("connect-src")).toEqual(["'self'", "ws://localhost:3000", "wss://localhost:3000"]);
    // Next reads the nonce from the request's CSP header: the proxy forwards the same policy.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    const second = (await through("/login")).headers.get("content-security-policy")!;
    expect(second).not.toBe(csp);
  });

  it("nosniff, Referrer-Policy and X-Frame-Options everywhere; HSTS only over HTTPS", async () => {
    for (const path of ["/login", "/api/sessions/x", "/users/alice"]) {
      const res = await through(path);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("strict-transport-security"), path).toBeNull();
    }
    const https = await through("/login", { "x-forwarded-proto": "https" });
    expect(https.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });

  it("a Host header that is not a plain host name is not copied into the policy", async () => {
    const csp = (await through("/login", { host: "evil.example; script-src *" })).headers.get("content-security-policy")!;
    expect(directives(csp).get("connect-src")).toEqual(["'self'"]);
    expect(csp).not.toContain("script-src *");
  });
});
