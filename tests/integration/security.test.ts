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
