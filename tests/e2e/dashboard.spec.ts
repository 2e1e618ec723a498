/**
 * The dashboard in a real browser against the real server: a viewer signs in
 * with a link, watches a night draw itself, survives going offline, and sees
 * the report appear in place; another viewer sees none of it.
 * Deliveries are the Asleep docs' example payloads (tests/fixtures/asleep).
 */
import fs from "node:fs";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";

import { E2E_ADMIN_TOKEN } from "./e2e-env";
import { deliver, inferenceChunk, viewerLink } from "./support";

const FIXTURES = path.join(__dirname, "..", "fixtures", "asleep");
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));

const USER = "G-20250115025029-vLErWBfQNtnfvgDccFOQ";
const SESSION = "20250115025029_fvivn";
const SHOTS = path.join("test-results", "e2e", "screenshots");

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

test("a viewer watches a night draw itself, stays in sync through an outage, and gets the report in place", async ({
  page,
  context,
}) => {
  await page.goto(await viewerLink(USER));
  await expect(page).toHaveURL(new RegExp(`/users/${USER}$`));
  await expect(page.getByText("Nothing is being recorded right now")).toBeVisible();

  // The docs' INFERENCE_COMPLETE: inference_seq_num 3 with 40 values = epochs 0-39.
  expect((await deliver(fixture("official_inference_complete.json"), USER)).status).toBe(200);
  const hypnogram = page.getByTestId("live-hypnogram");
  await expect(hypnogram).toHaveAttribute("data-session-id", SESSION);
  await expect(hypnogram).toHaveAttribute("data-epoch-count", "40");
  await expect(hypnogram).toHaveAttribute("data-known-epochs", "40");

  await page.getByRole("link", { name: "Open this night" }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${SESSION}$`));
  await expect(hypnogram).toHaveAttribute("data-epoch-count", "40");

  // Frame 5 arrives (epochs 50-59); frame 4 is still missing, so 10 epochs stay unknown.
  const frame5 = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3];
  expect((await deliver(inferenceChunk(USER, SESSION, 5, frame5), USER)).status).toBe(200);
  await expect(hypnogram).toHaveAttribute("data-epoch-count", "60");
  await expect(hypnogram).toHaveAttribute("data-known-epochs", "50");

  // Offline: a chunk stored meanwhile cannot reach the page...
  await context.setOffline(true);
  await expect(page.getByText(/reconnecting/i)).toBeVisible();
  expect((await deliver(inferenceChunk(USER, SESSION, 6, frame5), USER)).status).toBe(200);
  await page.waitForTimeout(1000);
  await expect(hypnogram).toHaveAttribute("data-epoch-count", "60");
  // ...and is there once the network is back (the reconnect snapshot comes from the database).
  await context.setOffline(false);
  await expect(hypnogram).toHaveAttribute("data-epoch-count", "70");
  await expect(hypnogram).toHaveAttribute("data-known-epochs", "60");
  await shoot(page, "live-view");

  // SESSION_COMPLETE while watching: the report replaces the live view without a reload.
  await page.evaluate(() => ((window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));
  expect((await deliver(fixture("official_session_complete.json"), USER)).status).toBe(200);
  const report = page.getByTestId("session-report");
  await expect(report).toBeVisible();
  // The fixture's stat, formatted by hand: 2760 s = 46 min, 3600 s = 1 h, 0.7667 = 76.7 %,
  // 180 s = 3 min, 60 s = 1 min.
  await expect(page.getByRole("status")).toContainText("Report ready: 46 min asleep, 76.7% efficiency");
  const stat = (key: string) => report.locator(`[data-stat="${key}"]`);
  await expect(stat("totalSleepTime")).toHaveText("46 min");
  await expect(stat("timeInBed")).toHaveText("1 h");
  await expect(stat("sleepEfficiency")).toHaveText("76.7%");
  await expect(stat("sleepOnsetLatency")).toHaveText("3 min");
  await expect(stat("awakenings")).toHaveText("2");
  await expect(stat("longestWaso")).toHaveText("1 min");
  await expect(stat("sleepCycleCount")).toHaveText("2");
  await expect(stat("sleepIndex")).toHaveText("71");
  await expect(page.getByTestId("live-hypnogram")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  await shoot(page, "report");
});

test("viewer A cannot open B's pages or data, and A's socket never carries B's events", async ({ page }) => {
  const a = "e2e-viewer-a";
  const b = "e2e-viewer-b";
  expect((await deliver(inferenceChunk(b, "night-of-b", 0, [0, 0, 1, 1, 1, 1, 2, 2, 2, 2]), b)).status).toBe(200);

  await page.goto(await viewerLink(a));
  await expect(page).toHaveURL(new RegExp(`/users/${a}$`));

  const res = await page.goto(`/users/${b}`);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You can only view your own sleep" })).toBeVisible();
  // B's night looks exactly like a night that does not exist (issue 9 item 8).
  for (const url of ["/sessions/night-of-b", "/sessions/no-such-night"]) {
    const night = await page.goto(url);
    expect(night?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  }
  const api = await page.request.get("/api/sessions/night-of-b");
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: "no session night-of-b" });
  // The operator's overview is not for viewers: they land on their own page.
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/users/${a}$`));

  // Everything socket.io delivers to this page, over WebSocket frames or long-polling responses.
  const frames: string[] = [];
  page.on("websocket", (ws) => ws.on("framereceived", (f) => frames.push(String(f.payload))));
  page.on("response", async (r) => {
    if (r.url().includes("/socket.io/") && r.request().method() === "GET") frames.push(await r.text().catch(() => ""));
  });
  await page.reload();
  await expect(page.getByText(/live updates on/i)).toBeVisible();

  expect((await deliver(inferenceChunk(b, "night-of-b", 1, [3, 3, 3, 3, 3, 1, 1, 1, 1, 1]), b)).status).toBe(200);
  expect((await deliver(inferenceChunk(a, "night-of-a", 0, [0, 1, 1, 1, 1, 2, 2, 2, 2, 2]), a)).status).toBe(200);
  // Events reach a socket in the order they were sent, so once A's own chunk shows, B's would have too.
  const hypnograms = page.getByTestId("live-hypnogram");
  await expect(hypnograms).toHaveCount(1);
  await expect(hypnograms).toHaveAttribute("data-session-id", "night-of-a");
  await expect(hypnograms).toHaveAttribute("data-epoch-count", "10");
  expect(frames.some((f) => f.includes("night-of-a"))).toBe(true);
  expect(frames.filter((f) => f.includes(b) || f.includes("night-of-b"))).toEqual([]);
});

test("the operator signs in with the admin token and sees every user", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Operator token").fill("wrong-token");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That token is not the operator token")).toBeVisible();
  await page.getByLabel("Operator token").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: USER })).toBeVisible();
  await expect(page.getByRole("link", { name: "e2e-viewer-a" })).toBeVisible();
});

test("a user id with a space works in links, pages and the live view", async ({ page }) => {
  const user = "night owl";
  expect((await deliver(inferenceChunk(user, "owl-night", 0, [0, 1, 1, 1, 2, 2, 2, 3, 3, 3]), user)).status).toBe(200);
  await page.goto(await viewerLink(user));
  await expect(page).toHaveURL(/\/users\/night%20owl$/);
  await expect(page.getByTestId("live-hypnogram")).toHaveAttribute("data-epoch-count", "10");
  const res = await page.goto("/sessions/owl-night");
  expect(res?.status()).toBe(200);
});
