/**
 * Reconciliation in the browser: a night whose SESSION_COMPLETE never came is
 * completed by the operator's "Reconcile now" from a local Asleep-shaped REST
 * server (started here on E2E_ASLEEP_PORT, the e2e server's ASLEEP_API_URL),
 * a viewer watching the night sees the report replace the live view, and the
 * late webhook is then answered duplicate.
 */
import { expect, test } from "@playwright/test";

import { completeSession, startFakeAsleep, type FakeAsleep } from "../support/fake-asleep";

import { E2E_ADMIN_TOKEN, E2E_ASLEEP_PORT, E2E_KEY } from "./e2e-env";
import { shootAll } from "./screenshots";
import { deliver, inferenceChunk, viewerLink } from "./support";

const USER = "e2e-reconcile-user";
const NIGHT = "e2e-reconcile-night";
// 40 epochs = 20 minutes.
const STAGES = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1];
// Asleep's figures, not what the hypnogram gives (so the page shows whose they are): 1200 s = 20 min,
// 1020 s = 17 min, 0.85 = 85.0 %, sleep index 64.
const STAT = { time_in_bed: 1200, time_in_sleep: 1020, sleep_efficiency: 0.85, sleep_latency: 120, waso_count: 1, sleep_index: 64 };

let asleep: FakeAsleep;

test.beforeAll(async () => {
  asleep = await startFakeAsleep({ apiKey: E2E_KEY, port: E2E_ASLEEP_PORT });
});
test.afterAll(async () => {
  await asleep?.close();
});

test("the operator reconciles a night whose SESSION_COMPLETE never arrived; the viewer sees the report", async ({ page, browser }) => {
  for (let f = 0; f < 4; f++) {
    expect((await deliver(inferenceChunk(USER, NIGHT, f, STAGES.slice(f * 10, f * 10 + 10)), USER)).status).toBe(200);
  }
  asleep.putSession(USER, completeSession(NIGHT, new Date(Date.now() - 20 * 60_000).toISOString(), STAGES, STAT));

  // The viewer watches the live night.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await viewer.goto(await viewerLink(USER));
  await viewer.goto(`/sessions/${NIGHT}`);
  await expect(viewer.getByTestId("live-hypnogram")).toHaveAttribute("data-epoch-count", "40");

  await page.goto("/login");
  await page.getByLabel("Operator token").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole("link", { name: "Reconciliation with Asleep" }).click();
  await expect(page).toHaveURL(/\/reconcile$/);
  await expect(page.getByTestId("reconcile-configured")).toHaveText("Configured.");
  await expect(page.getByText("No run yet since this instance started.")).toBeVisible();

  await page.getByRole("button", { name: "Reconcile now" }).click();
  const latest = page.getByTestId("latest-run");
  await expect(latest).toBeVisible();
  await expect(latest).toContainText("Operator, every known user, last 3 days");
  const count = (label: string) => latest.locator("dt", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd");
  // Other specs' users are unknown to this Asleep (404: nothing listed); ours has the one night.
  await expect(count("Stored")).toHaveText("1");
  await expect(count("Failed")).toHaveText("0");
  await expect(page.getByRole("table")).toContainText("Operator");
  expect(asleep.requests.some((r) => r.path === `/data/v3/sessions/${NIGHT}` && r.headers["x-user-id"] === USER)).toBe(true);
  await shootAll(page, "reconcile");

  // Without a reload, the viewer's live night became its report, with Asleep's figures.
  const report = viewer.getByTestId("session-report");
  await expect(report).toBeVisible();
  await expect(viewer.getByTestId("live-hypnogram")).toHaveCount(0);
  await viewerContext.close();

  await page.goto(`/sessions/${NIGHT}`);
  const stat = (key: string) => page.getByTestId("session-report").locator(`[data-stat="${key}"]`);
  await expect(stat("timeInBed")).toHaveText("20 min");
  await expect(stat("totalSleepTime")).toHaveText("17 min");
  await expect(stat("sleepEfficiency")).toHaveText("85.0%");
  await expect(stat("sleepIndex")).toHaveText("64");

  // Asleep's own SESSION_COMPLETE, arriving late, changes nothing.
  const late = await deliver({ event: "SESSION_COMPLETE", version: "V3", data: { ...completeSession(NIGHT, new Date().toISOString(), STAGES, STAT), user_id: USER } }, USER);
  expect(late).toEqual({ status: 200, json: { status: "duplicate" } });
});

test("only the operator sees the reconciliation page or starts a run", async ({ page, request }) => {
  expect((await request.post("/api/reconcile", { data: {} })).status()).toBe(401);
  await page.goto(await viewerLink(USER));
  expect((await page.goto("/reconcile"))?.status()).toBe(403);
  const refused = await page.request.post("/api/reconcile", { data: {} });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({ error: "only the operator may reconcile with Asleep" });
});
