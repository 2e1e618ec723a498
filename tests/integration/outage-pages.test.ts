/**
 * A real server whose PostgreSQL goes away (a TCP proxy in front of the shared
 * server cuts every connection, as a stopped server would): the webhook answers
 * 503 + Retry-After within 2 s, the JSON API 503, pages say "Database
 * unavailable" (no stack); when the database is back, all of it works again
 * without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signAccessToken } from "@/lib/auth/tokens";

import { ensureBuilt, startServer, TEST_SECRETS, type ServerProcess } from "../support/server-process";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { createTestDatabase, TEST_PG_SERVER, TEST_PROVIDER, type TestDatabase } from "../support/test-db";

describe.runIf(TEST_PROVIDER === "postgresql")("PostgreSQL away and back, seen from outside", () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let server: ServerProcess;
  let viewerCookie: string;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase("outage");
    const target = new URL(TEST_PG_SERVER);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(db.url);
    url.host = `127.0.0.1:${proxy.port}`;
    server = await startServer({ DATABASE_URL: url.toString(), DATABASE_TIMEOUT_MS: "1000" });
    viewerCookie = `nocturne_session=${await signAccessToken({ role: "viewer", userId: "u-away" }, TEST_SECRETS.NOCTURNE_SECRET, 600)}`;
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await db?.drop();
  });

  let frame = 0;
  const deliver = async () => {
    const t0 = performance.now();
    const res = await fetch(`${server.baseUrl}/asleep-webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": TEST_SECRETS.ASLEEP_API_KEYS, "x-user-id": "u-away" },
      body: JSON.stringify({
        event: "INFERENCE_COMPLETE",
        version: "V3",
        data: { user_id: "u-away", session_id: "away-night", seq_num: frame * 10 + 9, inference_seq_num: frame++, sleep_stages: Array(10).fill(1) },
      }),
    });
    return { res, ms: performance.now() - t0 };
  };
  const api = () =>
    fetch(`${server.baseUrl}/api/sessions/away-night`, { headers: { authorization: `Bearer ${TEST_SECRETS.NOCTURNE_ADMIN_TOKEN}` } });
  const page = () => fetch(`${server.baseUrl}/users/u-away`, { headers: { cookie: viewerCookie } });

  it("answers 503 and shows 'Database unavailable' while it is away, and recovers by itself", async () => {
    expect((await deliver()).res.status).toBe(200);
    expect((await api()).status).toBe(200);

    await proxy.down();
    const down = await deliver();
    expect(down.res.status).toBe(503);
    expect(down.res.headers.get("retry-after")).toBe("5");
    expect(await down.res.json()).toEqual({ error: "database unavailable, retry later" });
    expect(down.ms).toBeLessThan(2000);
    const apiDown = await api();
    expect(apiDown.status).toBe(503);
    expect(await apiDown.json()).toEqual({ error: "database unavailable, retry later" });
    const html = await (await page()).text();
    expect(html).toContain("Database unavailable");
    expect(html).not.toMatch(/at \w+ \(|node_modules|ECONNREFUSED/);

    await proxy.up();
    expect((await deliver()).res.status).toBe(200);
    const back = await api();
    expect(back.status).toBe(200);
    // Frames 0 and 2 are stored; frame 1 was refused with 503 (Asleep would retry it), so its epochs are unknown.
    expect(((await back.json()) as { sleepStages: number[] }).sleepStages).toEqual([
      ...Array(10).fill(1),
      ...Array(10).fill(-1),
      ...Array(10).fill(1),
    ]);
    expect(await (await page()).text()).not.toContain("Database unavailable");
  }, 60_000);
});
