/**
 * The operator's delivery log in a real browser against the real server:
 * deliveries of every outcome listed with their values, filters that narrow
 * the list, the detail (headers without x-api-key, the pretty body, what it
 * changed), and the replay of deliveries that genuinely failed: the test holds
 * the SQLite write lock from another connection until the server answers 503,
 * then replays them (one by one and by filter) through the real pipeline.
 */
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";

import { BASE_URL, E2E_ADMIN_TOKEN, E2E_DB_DIR, E2E_KEY } from "./e2e-env";
import { shootAll } from "./screenshots";
import { deliver, inferenceChunk, sessionComplete, viewerLink } from "./support";

test.describe.configure({ mode: "serial" });
// The operator's browser is in Seoul (UTC+9): the log reads in that zone.
test.use({ timezoneId: "Asia/Seoul" });

const ANA = "e2e-log-ana";
const BEN = "e2e-log-ben";
const OUT = "e2e-log-outage";
const NIGHT = "e2e-log-night";
const stages = [0, 1, 1, 1, 2, 2, 2, 3, 3, 1];

async function signIn(page: Page): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Operator token").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** POSTs a raw delivery with the given x-user-id header. */
async function post(body: unknown, userHeader: string, extra: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${BASE_URL}/asleep-webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": E2E_KEY, "x-user-id": userHeader, ...extra },
    body: JSON.stringify(body),
  });
  return res.status;
}

/** Opens the log for a filter and waits for the browser's zone to be applied. */
async function openLog(page: Page, query: string): Promise<void> {
  await page.goto(`/deliveries?${query}`);
  await expect(page).toHaveURL(/tz=Asia%2FSeoul/);
  await expect(page.getByText("Times in Asia/Seoul")).toBeVisible();
}

const rows = (page: Page) => page.locator("tbody tr");

test("every outcome is listed with its values, and the filters narrow the list", async ({ page }) => {
  expect(await post(inferenceChunk(ANA, NIGHT, 0, stages), ANA, { "x-request-id": "req-e2e-1" })).toBe(200); // accepted
  expect(await post(inferenceChunk(ANA, NIGHT, 0, stages), ANA)).toBe(200); // duplicate
  expect((await deliver(sessionComplete(ANA, NIGHT, "2026-12-01T22:00:00Z", Array(20).fill(1)), ANA)).status).toBe(200); // accepted
  expect(await post(inferenceChunk(ANA, NIGHT, 1, stages), ANA)).toBe(200); // late
  expect(await post(inferenceChunk(BEN, NIGHT, 2, stages), BEN)).toBe(409); // rejected: Ana's night
  expect(await post(inferenceChunk(ANA, NIGHT, 3, stages), "e2e-log-someone")).toBe(400); // rejected: header differs
  expect(await post({ event: "SESSION_STARTED", version: "V3", data: { user_id: ANA, session_id: NIGHT } }, ANA)).toBe(202); // ignored

  await signIn(page);
  await openLog(page, `session=${NIGHT}`);
  // Newest first, every value as the server answered it.
  await expect(rows(page)).toHaveCount(7);
  const cells = async () =>
    rows(page).evaluateAll((trs) =>
      trs.map((tr) => [
        tr.querySelector('[data-cell="event"]')?.textContent,
        tr.querySelector('[data-cell="user"]')?.textContent,
        tr.getAttribute("data-outcome"),
        tr.querySelector('[data-cell="status"]')?.textContent,
        tr.querySelector('[data-cell="source"]')?.textContent,
      ]),
    );
  expect(await cells()).toEqual([
    ["SESSION_STARTED", ANA, "ignored", "HTTP 202", "webhook"],
    ["INFERENCE_COMPLETE", "e2e-log-someone", "rejected", "HTTP 400", "webhook"],
    ["INFERENCE_COMPLETE", BEN, "rejected", "HTTP 409", "webhook"],
    ["INFERENCE_COMPLETE", ANA, "late", "HTTP 200", "webhook"],
    ["SESSION_COMPLETE", ANA, "accepted", "HTTP 200", "webhook"],
    ["INFERENCE_COMPLETE", ANA, "duplicate", "HTTP 200", "webhook"],
    ["INFERENCE_COMPLETE", ANA, "accepted", "HTTP 200", "webhook"],
  ]);
  await expect(rows(page).nth(2).locator('[data-cell="reason"]')).toHaveText(`session ${NIGHT} belongs to another user`);
  await expect(rows(page).nth(1).locator('[data-cell="reason"]')).toHaveText(
    `body user_id "${ANA}" differs from the x-user-id header "e2e-log-someone"`,
  );
  // The user and session cells link to their pages.
  await expect(rows(page).first().locator('[data-cell="user"] a')).toHaveAttribute("href", `/users/${ANA}`);
  await expect(rows(page).first().locator('[data-cell="session"] a')).toHaveAttribute("href", `/sessions/${NIGHT}`);
  await shootAll(page, "delivery-log");

  // Filters combine: rejected deliveries of this night, then only those of Ben.
  const form = page.getByRole("form", { name: "Filter deliveries" });
  await form.getByLabel("Outcome").selectOption("rejected");
  await form.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/outcome=rejected/);
  await expect(rows(page)).toHaveCount(2);
  await form.getByLabel("User").fill(BEN);
  await form.getByRole("button", { name: "Filter" }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute("data-outcome", "rejected");
  // A time range in the operator's zone: everything above arrived in the last minutes, so a range ending an hour ago is empty.
  const hourAgo = new Date(Date.now() - 3600_000 + 9 * 3600_000).toISOString().slice(0, 16);
  await form.getByLabel("User").fill("");
  await form.getByLabel("Outcome").selectOption("");
  await form.getByLabel(/^To/).fill(hourAgo);
  await form.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No deliveries match.")).toBeVisible();
});

test("the detail shows the headers without x-api-key, the pretty body and what it changed", async ({ page }) => {
  await signIn(page);
  await openLog(page, `session=${NIGHT}&outcome=accepted&event=INFERENCE_COMPLETE`);
  await expect(rows(page)).toHaveCount(1);
  await rows(page).first().locator('[data-cell="time"]').click();
  await expect(page.getByRole("heading", { name: /^Delivery #\d+$/ })).toBeVisible();
  const headers = page.getByRole("definition").filter({ hasText: "req-e2e-1" });
  await expect(headers).toHaveCount(1);
  const headerList = page.getByLabel("Request headers");
  await expect(headerList).toContainText("x-user-id");
  await expect(headerList).toContainText(ANA);
  await expect(headerList).toContainText("content-type");
  await expect(headerList).not.toContainText("x-api-key");
  await expect(page.locator("main")).not.toContainText(E2E_KEY);
  // The body, indented by two spaces as JSON.stringify(body, null, 2) writes it.
  const body = page.locator('[data-detail="body"]');
  const text = (await body.textContent()) ?? "";
  expect(text.startsWith('{\n  "event": "INFERENCE_COMPLETE",\n  "version": "V3",\n  "data": {\n    "user_id": "e2e-log-ana",')).toBe(true);
  expect(text).toContain('\n    "inference_seq_num": 0,\n');
  // Chunk 0 holds epochs 0-9.
  await expect(page.getByText("Chunk 0 (epochs 0–9) stored in")).toBeVisible();
  await shootAll(page, "delivery-detail");
});

test("deliveries that failed while the database was locked are replayed: stored now, each replay linked to its original", async ({ page }) => {
  test.setTimeout(120_000);
  // Hold the write lock until the server gives up on its busy timeout and answers 503.
  const db = new Database(path.join(E2E_DB_DIR, "nocturne.db"));
  db.exec("BEGIN EXCLUSIVE");
  let statuses: number[];
  try {
    statuses = await Promise.all([0, 1, 2].map((seq) => post(inferenceChunk(OUT, `${OUT}-night`, seq, stages), OUT)));
  } finally {
    db.exec("COMMIT");
    db.close();
  }
  expect(statuses).toEqual([503, 503, 503]);
  // The next stored delivery writes the 503s' log rows.
  expect(await post(inferenceChunk(OUT, `${OUT}-other`, 0, stages), OUT)).toBe(200);

  await signIn(page);
  await expect(async () => {
    await openLog(page, `outcome=failed&user=${OUT}`);
    await expect(rows(page)).toHaveCount(3, { timeout: 1000 });
  }).toPass();
  await expect(rows(page).locator('[data-cell="status"]')).toHaveText(["HTTP 503", "HTTP 503", "HTTP 503"]);

  // One at a time: the oldest failed row's Replay button.
  const oldest = rows(page).last();
  const originalId = await oldest.getAttribute("data-delivery-id");
  await oldest.getByRole("button", { name: `Replay delivery ${originalId}` }).click();
  await expect(oldest.getByRole("status")).toContainText(/accepted \(200\), row #\d+/);

  // The rest by filter: 3 failed deliveries match; the one replayed already is a duplicate now.
  await page.getByRole("button", { name: "Replay failed deliveries" }).click();
  await expect(page.getByRole("status").filter({ hasText: "replayed" })).toHaveText("3 of 3 replayed");
  const results = page.getByRole("list", { name: "Replay results" });
  await expect(results.locator("li")).toHaveCount(3);
  const answers = (await results.locator("li").allTextContents()).map((t) => t.replace(/, row #\d+$/, "").replace(/^#\d+: /, ""));
  expect(answers.sort()).toEqual(["accepted (200)", "accepted (200)", "duplicate (200)"]);

  // The night has the three chunks now (30 epochs), and the original links its replays.
  await page.goto(`/deliveries/${originalId}`);
  const linked = page.getByRole("list", { name: "Linked deliveries" });
  await expect(linked.locator('[data-linked="replay"]')).toHaveCount(2);
  await expect(linked.locator('[data-linked="replay"]').first()).toContainText("accepted");
  await expect(linked.locator('[data-linked="replay"]').nth(1)).toContainText("duplicate");
  await linked.locator('[data-linked="replay"]').first().getByRole("link").click();
  await expect(page.getByText(`replay of #${originalId}`)).toBeVisible();
  await expect(page.getByText(/Chunk \d \(epochs \d+–\d+\) stored in/)).toBeVisible();
  await expect(page.getByRole("list", { name: "Linked deliveries" }).locator('[data-linked="original"]')).toContainText(`#${originalId}`);
  const night = await (await fetch(`${BASE_URL}/api/sessions/${OUT}-night`, { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` } })).json();
  expect(night.sleepStages).toEqual([...stages, ...stages, ...stages]);
});

test("the overview's health strip counts the last hour and warns about the 503s", async ({ page }) => {
  await signIn(page);
  const strip = page.getByRole("region", { name: "Delivery health" });
  await expect(strip).toHaveAttribute("data-health", "warning");
  await expect(strip.getByRole("alert")).toContainText("answered 5xx in the last 15 minutes");
  await expect(strip.locator('[data-health-outcome="failed"]')).toContainText("3");
  await expect(strip.locator("[data-health-last]")).toContainText(/Last delivery (just now|\d+ s ago|\d+ min ago)/);
  await strip.getByRole("link", { name: "Delivery log →" }).click();
  await expect(page).toHaveURL(/\/deliveries/);
  await page.goto("/");
  await strip.scrollIntoViewIfNeeded();
  await shootAll(page, "overview-health");
});

test("a viewer cannot open the delivery log", async ({ page }) => {
  await page.goto(await viewerLink(ANA));
  const res = await page.goto("/deliveries");
  expect(res?.status()).toBe(403);
  const detail = await page.goto("/deliveries/1");
  expect(detail?.status()).toBe(403);
});
