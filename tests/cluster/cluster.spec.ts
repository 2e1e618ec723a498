/**
 * Two Nocturne instances on one PostgreSQL and one Redis, nginx in front,
 * a real browser: live fan-out across instances, a viewer surviving the loss
 * of its instance, exact storage under load spread over both, and Redis and
 * PostgreSQL outages that heal by themselves. Runs serially (it stops and
 * starts the machine's PostgreSQL and Redis): `npm run test:cluster`.
 */
import { expect, test, type Page } from "@playwright/test";

import { signAccessToken } from "../../lib/auth/tokens";
import { buildInferencePayloads, buildSessionCompletePayload, officialInferenceBody } from "../../lib/simulator/asleep-payloads";
import { simulateNight } from "../../lib/simulator/simulate-night";
import { freePort, TEST_SECRETS, type ServerProcess } from "../support/server-process";
import { clusterDatabase, eventually, services, socketsOn, startInstance, startNginx, type Nginx } from "./harness";

test.describe.configure({ mode: "serial" });

const USER = "cluster-viewer";
const SESSION = "cluster-night";
let db: { url: string; drop: () => Promise<void> };
let ports: [number, number];
let instances: [ServerProcess, ServerProcess];
let nginx: Nginx;
let page: Page;
let frame = 0;

const LIGHT = Array<number>(10).fill(1);

async function post(base: string, body: unknown, userId = USER): Promise<{ status: number; ms: number; headers: Headers; json: Record<string, unknown> }> {
  const t0 = performance.now();
  const res = await fetch(`${base}/asleep-webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": TEST_SECRETS.ASLEEP_API_KEYS, "x-user-id": userId },
    body: JSON.stringify(body),
  });
  return { status: res.status, ms: performance.now() - t0, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

/** The next frame of the watched night, posted straight to one instance. */
function nextChunk() {
  return officialInferenceBody(USER, SESSION, frame++, LIGHT);
}

/** Which of the two instances holds the browser's socket (from their /metrics). */
async function holder(): Promise<{ holding: ServerProcess; other: ServerProcess }> {
  let counts: number[] = [];
  await eventually(async () => {
    counts = await Promise.all(instances.map(socketsOn));
    return counts.filter((n) => n === 1).length === 1 && counts.includes(0);
  }, 15_000, "exactly one instance holding the browser's socket");
  const i = counts.indexOf(1);
  return { holding: instances[i]!, other: instances[1 - i]! };
}

const hypnogram = () => page.getByTestId("live-hypnogram");

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  services("start", "redis");
  db = await clusterDatabase();
  ports = [await freePort(), await freePort()];
  instances = [await startInstance(ports[0], db.url), await startInstance(ports[1], db.url)];
  nginx = await startNginx(ports);
  page = await (await browser.newContext()).newPage();
});

test.afterAll(async () => {
  services("start", "postgres");
  services("start", "redis");
  await Promise.all((instances ?? []).map((s) => s.stop()));
  await nginx?.stop();
  await db?.drop();
});

test("a viewer signed in through nginx sees deliveries posted to the other instance draw live", async () => {
  const token = await signAccessToken({ role: "viewer", userId: USER }, TEST_SECRETS.NOCTURNE_SECRET, 3600);
  await page.goto(`${nginx.baseUrl}/auth/link?token=${token}`);
  await expect(page).toHaveURL(new RegExp(`/users/${USER}$`));
  const { other } = await holder();
  expect((await post(other.baseUrl, nextChunk())).status).toBe(200);
  await expect(hypnogram()).toHaveAttribute("data-session-id", SESSION);
  await expect(hypnogram()).toHaveAttribute("data-epoch-count", "10");
  expect((await post(other.baseUrl, nextChunk())).status).toBe(200);
  await expect(hypnogram()).toHaveAttribute("data-epoch-count", "20");
});

test("when its instance stops, the browser reconnects through nginx to the survivor without a reload and misses nothing", async () => {
  await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
  const { holding, other } = await holder();
  const stopped = holding.stop();
  // Stored while the viewer's instance goes away and the browser reconnects.
  expect((await post(other.baseUrl, nextChunk())).status).toBe(200);
  expect(await stopped).toBe(0);
  expect((await post(other.baseUrl, nextChunk())).status).toBe(200);
  await expect(hypnogram()).toHaveAttribute("data-epoch-count", "40", { timeout: 20_000 });
  await expect(hypnogram()).toHaveAttribute("data-known-epochs", "40");
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  expect(await socketsOn(other)).toBe(1);
  // Bring the stopped one back on its port for the next tests.
  const i = instances.indexOf(holding);
  instances[i] = await startInstance(ports[i]!, db.url);
});

test("deliveries of several nights spread over both instances through nginx are stored exactly once and match the generator", async () => {
  const nights = Array.from({ length: 6 }, (_, n) => {
    const night = simulateNight({ seed: 500 + n, hours: 1.5, startTime: Date.UTC(2025, 6, 1, 22) + n * 86_400_000 });
    const userId = `cluster-u${n % 3}`;
    const sessionId = `cluster-spread-${n}`;
    const bodies: unknown[] = buildInferencePayloads(night, { userId, sessionId, shape: n % 2 ? "flat" : "official", overlap: 2 });
    if (n % 2) bodies.push(buildSessionCompletePayload(night, { userId, sessionId, shape: "flat", timezone: "Europe/Paris" }));
    return { night, userId, sessionId, bodies, complete: n % 2 === 1 };
  });
  const all = nights.flatMap((n) => n.bodies.map((b) => ({ userId: n.userId, body: b })));
  const copies = [...all, ...all.filter((_, i) => i % 7 === 0)].sort(() => Math.random() - 0.5);
  const answers = await Promise.all(copies.map((c) => post(nginx.baseUrl, c.body, c.userId)));
  expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual([]);
  expect(answers.filter((a) => a.json.status !== "duplicate").length).toBe(all.length);
  for (const n of nights) {
    const res = await fetch(`${nginx.baseUrl}/api/sessions/${n.sessionId}`, {
      headers: { authorization: `Bearer ${TEST_SECRETS.NOCTURNE_ADMIN_TOKEN}` },
    });
    const view = (await res.json()) as { sleepStages: number[]; state: string };
    // A live night holds every complete 5-minute frame; a completed one the whole night.
    const frames = Math.floor(n.night.sleepStages.length / 10) * 10;
    expect(view.sleepStages, n.sessionId).toEqual(n.complete ? n.night.sleepStages : n.night.sleepStages.slice(0, frames));
    expect(view.state).toBe(n.complete ? "COMPLETE" : "LIVE");
  }
});

test("Redis stopped: deliveries still answer 200, local viewers still get events, readiness says so; then fan-out resumes", async () => {
  const { holding, other } = await holder();
  services("stop", "redis");
  try {
    const answer = await post(holding.baseUrl, nextChunk());
    expect(answer.status).toBe(200);
    await expect(hypnogram()).toHaveAttribute("data-epoch-count", "50");
    const ready = await fetch(`${holding.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: { redis: { ok: boolean }; database: { ok: boolean } } };
    expect(body.checks.redis.ok).toBe(false);
    expect(body.checks.database.ok).toBe(true);
  } finally {
    services("start", "redis");
  }
  await eventually(async () => (await fetch(`${other.baseUrl}/readyz`)).status === 200 && (await fetch(`${holding.baseUrl}/readyz`)).status === 200, 20_000, "both instances ready again");
  // Cross-instance again, without a restart: a chunk posted to the instance without the viewer reaches it.
  // (Right after Redis returns its subscriptions may still be restoring: a chunk then is stored but not fanned
  // out; the next event carries the whole night, so the count only needs to grow.)
  await eventually(async () => {
    const before = Number(await hypnogram().getAttribute("data-epoch-count"));
    expect((await post(other.baseUrl, nextChunk())).status).toBe(200);
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      if (Number(await hypnogram().getAttribute("data-epoch-count")) >= before + 10) return true;
      await page.waitForTimeout(100);
    }
    return false;
  }, 30_000, "a chunk posted to the other instance reaching the viewer");
});

test("PostgreSQL stopped: both instances answer 503 + Retry-After within 2 s and fail readiness; then service resumes by itself", async () => {
  services("stop", "postgres");
  try {
    for (const instance of instances) {
      const answer = await post(instance.baseUrl, nextChunk());
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("5");
      expect(answer.ms).toBeLessThan(2000);
      const ready = await fetch(`${instance.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: { database: { ok: boolean } } }).checks.database.ok).toBe(false);
    }
  } finally {
    services("start", "postgres");
  }
  for (const instance of instances) {
    await eventually(async () => (await post(instance.baseUrl, nextChunk())).status === 200, 20_000, "deliveries stored again");
    expect((await fetch(`${instance.baseUrl}/readyz`)).status).toBe(200);
  }
});

test("on PostgreSQL, the night's report replaces the live view in place when SESSION_COMPLETE arrives", async () => {
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  const known = Number(await hypnogram().getAttribute("data-epoch-count"));
  const stages = Array.from({ length: known }, (_, e) => (e < 4 ? 0 : e % 30 < 20 ? 1 : 2));
  const startTime = "2026-11-30T22:00:00+01:00";
  const report = {
    event: "SESSION_COMPLETE",
    version: "V3",
    data: {
      user_id: USER,
      timezone: "Europe/Paris",
      peculiarities: [],
      missing_data_ratio: 0,
      session: { id: SESSION, state: "COMPLETE", start_time: startTime, sleep_stages: stages },
      stat: { time_in_bed: known * 30, time_in_sleep: (known - 4) * 30, sleep_latency: 120, sleep_efficiency: (known - 4) / known },
    },
  };
  const { other } = await holder();
  expect((await post(other.baseUrl, report)).status).toBe(200);
  await expect(page.getByTestId("live-hypnogram")).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByRole("status")).toContainText("Report ready");
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  // The stored report, read back through nginx from PostgreSQL: the minutes the viewer reads.
  const view = (await (
    await fetch(`${nginx.baseUrl}/api/sessions/${SESSION}`, { headers: { authorization: `Bearer ${TEST_SECRETS.NOCTURNE_ADMIN_TOKEN}` } })
  ).json()) as { state: string; sleepStages: number[]; startTime: string; timezone: string };
  expect(view).toMatchObject({ state: "COMPLETE", sleepStages: stages, startTime: "2026-11-30T21:00:00.000Z", timezone: "Europe/Paris" });
});
