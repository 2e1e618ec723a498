/**
 * Issue 11, "The night, told right": what a sleeper reads on a report, its
 * tooltip, the trends and the page titles. Nights are seeded by POSTing
 * SESSION_COMPLETE webhooks; expected texts are written by hand from the
 * stages posted.
 */
import fs from "node:fs";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";

import { shootAll } from "./screenshots";
import { deliver, sessionComplete, viewerLink } from "./support";

const USER = "e2e-told-right";
const FIXTURE = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "fixtures", "asleep", "official_session_complete.json"), "utf8"),
);

/** The night: Wake 60 s, Light 60 s, Deep 30 s, REM 30 s from 23:00Z (too short to analyse). */
const SHORT = { id: "told-right-short", start: "2026-12-01T23:00:00Z", stages: [0, 0, 1, 1, 2, 3] };
/** One hour, every epoch without data. */
const BLANK = { id: "told-right-blank", start: "2026-11-28T23:00:00Z", stages: Array<number>(120).fill(-1) };
/** One hour awake. */
const AWAKE = { id: "told-right-awake", start: "2026-11-27T23:00:00Z", stages: Array<number>(120).fill(0) };
/** The docs' example night, for this user. */
const EXAMPLE = "told-right-example";

async function seed(): Promise<void> {
  for (const n of [SHORT, BLANK, AWAKE]) {
    expect((await deliver(sessionComplete(USER, n.id, n.start, n.stages), USER)).status).toBe(200);
  }
  const example = structuredClone(FIXTURE);
  example.data.user_id = USER;
  example.data.session.id = EXAMPLE;
  expect((await deliver(example, USER)).status).toBe(200);
}

/**
 * Moves the mouse to `seconds` into a night of `nightSeconds` on the hypnogram
 * and expects the tooltip to name `stage` (retried until the page is hydrated).
 */
async function expectStageAt(page: Page, seconds: number, nightSeconds: number, stage: string) {
  await expect(async () => {
    const area = page.getByTestId("hypnogram-hover-area").first();
    // The mouse reaches only what is in the viewport: a tall page may have the chart below the fold.
    await area.scrollIntoViewIfNeeded();
    const box = (await area.boundingBox())!;
    await page.mouse.move(box.x + (box.width * seconds) / nightSeconds, box.y + box.height / 2);
    await expect(page.getByTestId("hypnogram-tooltip").locator("[data-tooltip-stage]")).toHaveText(stage, {
      timeout: 1000,
    });
  }).toPass();
}

test.beforeAll(async () => {
  await seed();
});

test("the tooltip names the stage under the cursor with the epoch's exact time", async ({ page }) => {
  await page.goto(await viewerLink(USER));
  await page.goto(`/sessions/${SHORT.id}`);
  // The old tooltip said Wake at 65-85 s, Light at 125-135 s, Deep at 155-165 s.
  await expectStageAt(page, 70, 180, "Light");
  await expect(page.getByTestId("hypnogram-tooltip").locator("[data-tooltip-epoch]")).toHaveText(
    "Epoch 23:01:00–23:01:30",
  );
  await expectStageAt(page, 80, 180, "Light");
  await expectStageAt(page, 130, 180, "Deep");
  await expect(page.getByTestId("hypnogram-tooltip").locator("[data-tooltip-epoch]")).toHaveText(
    "Epoch 23:02:00–23:02:30",
  );
  await expectStageAt(page, 160, 180, "REM");
  await expectStageAt(page, 20, 180, "Wake");
  // The keyboard reaches the same tooltip: the chart is focusable and the arrows step through stretches.
  await page.mouse.move(0, 0);
  await page.getByRole("group", { name: /Hypnogram/ }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("hypnogram-tooltip").locator("[data-tooltip-stage]")).toHaveText("Wake");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("hypnogram-tooltip").locator("[data-tooltip-stage]")).toHaveText("Light");
});

test("a too-short night gets an empty state, and its durations add up with one rounding rule", async ({ page }) => {
  await page.goto(await viewerLink(USER));
  await page.goto(`/sessions/${SHORT.id}`);
  const empty = page.getByTestId("night-empty-state");
  await expect(empty).toHaveAttribute("data-problem", "TOO_SHORT");
  await expect(empty.getByRole("heading")).toHaveText("Too short to analyse");
  await expect(empty).toContainText("The recording lasted 3 min");
  await expect(empty).toContainText("left out of your averages and trends");
  // No computed 50% efficiency: there is no efficiency card at all.
  await expect(page.locator('[data-stat="sleepEfficiency"]')).toHaveCount(0);
  await expect(page.locator("figcaption").first()).toContainText(
    "2 min asleep (1 min light, 30 s deep, 30 s REM), 1 min awake",
  );
  const duration = (stage: string) => page.locator(`tr[data-stage="${stage}"] [data-duration]`);
  await expect(duration("Wake")).toHaveText("1 min");
  await expect(duration("Light")).toHaveText("1 min");
  await expect(duration("Deep")).toHaveText("30 s");
  await expect(duration("REM")).toHaveText("30 s");
  await expect(page.locator("[data-duration-total]")).toHaveText("3 min");
  // Share of sleep (of 2 min asleep): light 50%, deep 25%, REM 25%.
  await expect(page.locator('tr[data-stage="Light"] [data-sleep-share]')).toHaveText("50.0%");
  await expect(page.locator('tr[data-stage="Deep"] [data-sleep-share]')).toHaveText("25.0%");
  await expect(page).toHaveTitle("Night of Tue, 1 Dec 2026 · Nocturne");
  await shootAll(page, "report-too-short");
});

test("a night without data shows dashes and keeps the hypnogram's axes with a no-data message", async ({ page }) => {
  await page.goto(await viewerLink(USER));
  await page.goto(`/sessions/${BLANK.id}`);
  const stat = (key: string) => page.locator(`[data-stat="${key}"]`);
  await expect(stat("timeInBed")).toHaveText("1 h");
  for (const key of ["totalSleepTime", "sleepEfficiency", "sleepOnsetLatency", "waso", "awakenings", "remLatency"]) {
    await expect(stat(key), key).toHaveText("—");
  }
  await expect(page.getByTestId("night-no-data")).toBeVisible();
  await expect(page.getByTestId("hypnogram-empty")).toHaveText("No data: no sleep stage was scored in this recording");
  const yAxis = page.locator(".recharts-yAxis-tick-labels").first();
  for (const label of ["Wake", "REM", "Light", "Deep"]) await expect(yAxis.getByText(label)).toBeVisible();
  await shootAll(page, "report-no-data");
});

test("a night without sleep gets a real empty state", async ({ page }) => {
  await page.goto(await viewerLink(USER));
  await page.goto(`/sessions/${AWAKE.id}`);
  const empty = page.getByTestId("night-empty-state");
  await expect(empty).toHaveAttribute("data-problem", "NEVER_SLEPT");
  await expect(empty.getByRole("heading")).toHaveText("No sleep detected");
  await expect(empty).toContainText("The recording lasted 1 h and no sleep was scored");
  await expect(page.locator('[data-stat="sleepEfficiency"]')).toHaveCount(0);
});

test("the report shows the measures a clinician reads, each with its definition on hover and focus", async ({
  page,
}) => {
  await page.goto(await viewerLink(USER));
  await page.goto(`/sessions/${EXAMPLE}`);
  const stat = (key: string) => page.locator(`[data-stat="${key}"]`);
  // The fixture's stat, by hand: time_in_wake 120 s = 2 min, waso_count 2, onset 02:53:29, wake 03:42:29 (UTC),
  // time_in_sleep_period 2940 s = 49 min, snoring 480 s = 8 min in 2 episodes; REM latency from the stages:
  // onset at epoch 6, first REM at epoch 52, 46 epochs = 23 min.
  await expect(stat("waso")).toHaveText("2 min");
  await expect(stat("awakenings")).toHaveText("2");
  await expect(stat("sleepOnset")).toHaveText("02:53");
  await expect(stat("finalAwakening")).toHaveText("03:42");
  await expect(stat("sleepPeriodTime")).toHaveText("49 min");
  await expect(stat("remLatency")).toHaveText("23 min");
  await expect(stat("snoringTime")).toHaveText("8 min");
  await expect(stat("snoringCount")).toHaveText("2");
  await expect(stat("sleepIndex")).toHaveText("71");
  // Share of total sleep time (2760 s): light 1560 s = 56.5%, deep 780 s = 28.3%, REM 420 s = 15.2%.
  await expect(page.locator('tr[data-stage="Light"] [data-sleep-share]')).toHaveText("56.5%");
  await expect(page.locator('tr[data-stage="Deep"] [data-sleep-share]')).toHaveText("28.3%");
  await expect(page.locator('tr[data-stage="REM"] [data-sleep-share]')).toHaveText("15.2%");

  const wasoTerm = page.locator('[data-card="waso"] dt [tabindex="0"]');
  await wasoTerm.focus();
  await expect(page.locator('[data-card="waso"] [role="tooltip"]')).toBeVisible();
  await expect(page.locator('[data-card="waso"] [role="tooltip"]')).toHaveText(
    "Wake after sleep onset: minutes of wake inside the sleep period (sleep onset to final awakening).",
  );
  await page.locator('[data-card="sleepIndex"] dt [tabindex="0"]').hover();
  await expect(page.locator('[data-card="sleepIndex"] [role="tooltip"]')).toContainText("Asleep's own 0-100 score");
  await expect(page).toHaveTitle("Night of Tue, 14 Jan 2025 · Nocturne");
  await shootAll(page, "report-measures");

  await page.getByRole("link", { name: "all definitions" }).click();
  await expect(page).toHaveURL(/\/glossary$/);
  await expect(page.locator('[data-term="waso"] dd')).toHaveText(
    "Wake after sleep onset: minutes of wake inside the sleep period (sleep onset to final awakening).",
  );
  await expect(page).toHaveTitle("What the measures mean · Nocturne");
});

test("trends leave out nights without measurable sleep and list them with the reason", async ({ page }) => {
  await page.goto(await viewerLink(USER));
  const list = page.getByTestId("excluded-nights");
  await expect(list.locator("li")).toHaveText([
    "1 Dec: too short to analyse (under 5 minutes)",
    "28 Nov: no sleep stages were scored",
    "27 Nov: no sleep was detected",
  ]);
  // Their history rows read dashes and the reason, not a computed 66.7% or 0 min.
  const shortRow = page.locator(`tr[data-session-id="${SHORT.id}"]`);
  await expect(shortRow.locator('[data-cell="sleepEfficiency"]')).toHaveText("—");
  await expect(shortRow.locator('[data-cell="totalSleepTime"]')).toHaveText("—");
  await expect(shortRow.locator('[data-cell="reason"]')).toHaveText("too short to analyse (under 5 minutes)");
  // Only the example night counts: 0.7667 = 76.7%.
  await expect(page.getByText("Sleep efficiency: average 76.7% over 1 night.")).toBeVisible();
  await expect(page.getByTestId("night-date-rule")).toContainText(
    "sleep that starts before 06:00 belongs to the previous day's night",
  );
  await expect(page.getByText(/Asleep user/)).toHaveCount(0);
  await expect(page).toHaveTitle("My sleep · Nocturne");
  await shootAll(page, "user-page");
});

test("a report whose stat disagrees with its hypnogram says where each figure comes from", async ({ page }) => {
  const id = "told-right-mismatch";
  // The guide's example: 7 h 30 min asleep and 8 h 30 min in bed beside a 4.5-minute hypnogram.
  const body = sessionComplete(USER, id, "2026-11-20T22:00:00Z", [0, 1, 1, 2, 2, 3, 3, 1, 0], {
    patch: { peculiarities: [], stat: { time_in_bed: 30600, time_in_sleep: 27000, sleep_efficiency: 88.24 } },
  });
  expect((await deliver(body, USER)).status).toBe(200);
  await page.goto(await viewerLink(USER));
  await page.goto(`/sessions/${id}`);
  await expect(page.getByTestId("stat-mismatch")).toHaveText(
    "Asleep's report and the hypnogram it sent disagree: the report says 7 h 30 min asleep and 8 h 30 min in bed, " +
      'the hypnogram covers 4 min asleep and 5 min in bed. Figures without a "computed" mark come from Asleep\'s report; ' +
      'the hypnogram, the stage durations and figures marked "computed" come from the hypnogram.',
  );
});

test("the 404 page has its own title", async ({ page }) => {
  await page.goto(await viewerLink(USER));
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page).toHaveTitle("Not found · Nocturne");
});

test("in the repeated hour of a fall-back night the stage table shows the offset", async ({ page }) => {
  // New York falls back at 06:00Z on 1 Nov 2026 (02:00 EDT -> 01:00 EST). From 05:00Z (01:00 EDT):
  // 60 min light (01:00-02:00 EDT), then 60 min deep (01:00-02:00 EST), then 30 min REM.
  const id = "told-right-fall-back";
  const stages = [...Array<number>(120).fill(1), ...Array<number>(120).fill(2), ...Array<number>(60).fill(3)];
  const body = sessionComplete(USER, id, "2026-11-01T05:00:00Z", stages, { timezone: "America/New_York" });
  expect((await deliver(body, USER)).status).toBe(200);
  await page.goto(await viewerLink(USER));
  await page.goto(`/sessions/${id}`);
  await page.getByText(/Table of stages/).click();
  const rows = page.locator("details table tbody tr");
  await expect(rows.nth(0)).toHaveText("Light01:00 EDT01:00 EST1 h");
  // 02:00 happens once that night (02:00 EDT never does), so it needs no offset.
  await expect(rows.nth(1)).toHaveText("Deep01:00 EST02:001 h");
  await expect(rows.nth(2)).toHaveText("REM02:0002:3030 min");
  await expect(page.getByTestId("night-span")).toHaveText("01:00 EDT–02:30");
});

test("a 24-hour night's header has its dates and its cycle labels do not collide", async ({ page }) => {
  // 16 cycles of 90 minutes (light 20 min, deep 30 min, light 20 min, REM 20 min) from 20:00Z Mon 30 Nov.
  const cycle = [
    ...Array<number>(40).fill(1),
    ...Array<number>(60).fill(2),
    ...Array<number>(40).fill(1),
    ...Array<number>(40).fill(3),
  ];
  const stages = Array.from({ length: 16 }, () => cycle).flat();
  const id = "told-right-24h";
  expect((await deliver(sessionComplete(USER, id, "2026-11-30T20:00:00Z", stages), USER)).status).toBe(200);
  await page.goto(await viewerLink(USER));
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/sessions/${id}`);
    await expect(page.getByTestId("night-span")).toHaveText("20:00 Mon 30 Nov – 20:00 Tue 1 Dec");
    const labels = page.locator("[data-cycle-label]");
    await expect(labels.first()).toBeVisible();
    const boxes = await labels.evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.right]),
    );
    for (let i = 1; i < boxes.length; i++)
      expect(boxes[i]![0]!, `label ${i} at ${width} px`).toBeGreaterThan(boxes[i - 1]![1]!);
    expect(boxes.length).toBeLessThan(17);
  }
  // Every cycle is still named, in the tooltip.
  await page.setViewportSize({ width: 1280, height: 900 });
  // 23 h 45 min is 75 minutes into the 16th cycle: its REM.
  await expectStageAt(page, 23.75 * 3600, 24 * 3600, "REM");
  await expect(page.getByTestId("hypnogram-tooltip")).toContainText("sleep cycle 16");
  await shootAll(page, "report-24h");
});

test("the no-data swatch is dashed in the stage table, an empty snoring track is not drawn, and trend charts show focus", async ({
  page,
}) => {
  await page.goto(await viewerLink(USER));
  await page.goto(`/sessions/${BLANK.id}`);
  await expect(page.locator('tr[data-stage="Unknown"] th span.border-dashed')).toHaveCount(1);
  // The night's snoring track is all "no snoring": no "Snoring" label over an empty track.
  await expect(page.locator(".recharts-yAxis-tick-labels").getByText("Snoring")).toHaveCount(0);
  await expect(page.locator("figcaption").first()).toContainText("No snoring detected.");

  await page.goto(`/users/${USER}`);
  const surface = page.locator("#trends .recharts-surface").first();
  await surface.focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Shift+Tab");
  const outline = await page.evaluate(() => {
    const el = document.activeElement as Element | null;
    const style = el ? getComputedStyle(el) : null;
    return style ? { tag: el!.tagName.toLowerCase(), style: style.outlineStyle, width: style.outlineWidth } : null;
  });
  expect(outline).toEqual({ tag: "svg", style: "solid", width: "2px" });
});
