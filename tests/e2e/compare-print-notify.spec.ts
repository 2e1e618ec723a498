/**
 * What sleepers and clinicians do with their nights, in a real browser against
 * the real server: trend windows and week/month comparisons on the user page,
 * "vs your average" on a report, printing a night (one A4 / Letter page) and a
 * range report to PDF, and the browser notification when a report arrives in
 * a background tab.
 *
 * Two hand-made nights (30-second epochs; W wake, L light, D deep, R REM):
 * - A: W10 L400 D150 W40 R200 L160 = 960 epochs (8 h) from 22:30. Asleep
 *   910 epochs = 27300 s = 7 h 35 min; efficiency 910/960 = 94.79% ("94.8%",
 *   "95%" in the notification); latency 10 epochs = 5 min; WASO 40 = 20 min;
 *   deep 150 = 1 h 15 min; REM 200 = 1 h 40 min; snoring 60 epochs = 30 min.
 * - B: W30 L420 D100 W60 R160 L190 = 960 epochs from 22:00. Asleep 870 =
 *   26100 s = 7 h 15 min; 90.625% ("90.6%"); latency 15 min; WASO 30 min;
 *   deep 50 min (11.5% of sleep); REM 1 h 20 min (18.4%); snoring 10 min.
 * A - B: +20 min sleep, +4.2 points (4.17), -10 min latency, -10 min WASO,
 * +25 min deep, +20 min REM, bedtime and wake time 30 min later.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";

import { formatDuration, formatNightTitle, formatPercent } from "../../lib/view/format";

import { BASE_URL, E2E_ADMIN_TOKEN } from "./e2e-env";
import { shootAll, SHOTS } from "./screenshots";
import { deliver, sessionComplete, viewerLink } from "./support";

const DAY = 86_400_000;
const run = (...parts: Array<[number, number]>) => parts.flatMap(([stage, n]) => Array<number>(n).fill(stage));
const A = { stages: run([0, 10], [1, 400], [2, 150], [0, 40], [3, 200], [1, 160]), snoring: run([0, 10], [1, 60], [0, 890]), at: 22.5 };
const B = { stages: run([0, 30], [1, 420], [2, 100], [0, 60], [3, 160], [1, 190]), snoring: run([0, 10], [1, 20], [0, 930]), at: 22 };
const TST = { A: 27300, B: 26100 };
const SE = { A: (910 / 960) * 100, B: 90.625 };

// Today's night date in UTC (the users' zone): before 06:00 it is still yesterday's night.
const NOW = Date.now();
const TODAY = Math.floor((NOW - 6 * 3600_000) / DAY) * DAY;
const MONDAY = TODAY - ((new Date(TODAY).getUTCDay() + 6) % 7) * DAY;
const MONTH = Date.UTC(new Date(TODAY).getUTCFullYear(), new Date(TODAY).getUTCMonth(), 1);
const LAST_MONTH = Date.UTC(new Date(TODAY).getUTCFullYear(), new Date(TODAY).getUTCMonth() - 1, 1);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function postNight(
  user: string,
  id: string,
  day: number,
  night: typeof A,
  patch?: Record<string, unknown>,
): Promise<void> {
  const start = new Date(day + night.at * 3600_000).toISOString();
  const body = sessionComplete(user, id, start, night.stages, { snoring: night.snoring, patch });
  expect((await deliver(body, user)).status).toBe(200);
}

function pdfInfoPages(file: string): number {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** Renders the page as print to PDF (A4 and Letter), returns their text and page counts; PNGs of the A4 pages for looking at. */
async function printToPdf(page: Page, name: string) {
  await page.emulateMedia({ media: "print", colorScheme: "dark" });
  const out = {} as Record<"A4" | "Letter", { pages: number; text: string }>;
  for (const format of ["A4", "Letter"] as const) {
    const file = path.join(SHOTS, `${name}-${format}.pdf`);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.pdf({ path: file, format, printBackground: true });
    out[format] = { pages: pdfInfoPages(file), text: execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }) };
    execFileSync("pdftoppm", ["-png", "-r", "60", file, path.join(SHOTS, `${name}-${format}`)]);
  }
  await page.emulateMedia({ media: "screen", colorScheme: "light" });
  return out;
}

// Screenshots at two widths in two schemes and PDFs take a while on a shared machine.
test.describe.configure({ mode: "serial", timeout: 240_000 });

const CMP = "cmp-sleeper";
const VS = "vs-sleeper";

test.beforeAll(async () => {
  // CMP: a night every day for the last 40 days: A this ISO week, B before.
  for (let d = TODAY - 40 * DAY; d < TODAY; d += DAY) await postNight(CMP, `cmp-${iso(d)}`, d, d >= MONDAY ? A : B);
  // VS: a night without sleep, three B nights, then an A night (with a note).
  await postNight(VS, "vs-never", TODAY - 11 * DAY, { stages: run([0, 40]), snoring: run([0, 40]), at: 22 });
  for (const back of [10, 9, 8]) await postNight(VS, `vs-b-${back}`, TODAY - back * DAY, B);
  await postNight(VS, "vs-a", TODAY - 7 * DAY, A, { peculiarities: ["NO_BREATHING_STABILITY"] });
});

test("the user page compares this week and month with the last, over the window chosen", async ({ page }) => {
  await page.goto(await viewerLink(CMP));
  await expect(page.getByRole("heading", { name: "Last 30 nights" })).toBeVisible();
  const windows = page.getByRole("navigation", { name: "Trend window" });
  await expect(windows.getByRole("link", { name: "30 nights" })).toHaveAttribute("aria-current", "page");

  // The new series have their text summaries: WASO is 20 min on A nights and 30 on B nights.
  const nightsThisWeek = Math.round((TODAY - MONDAY) / DAY);
  const inWindow = { A: nightsThisWeek, B: 30 - nightsThisWeek };
  const wasoMean = (inWindow.A * 1200 + inWindow.B * 1800) / 30;
  await expect(page.locator('[data-trend="waso"] [data-trend-summary]')).toHaveText(
    `WASO: average ${formatDuration(wasoMean)} over 30 nights${inWindow.A > 0 ? " (lowest 20 min, highest 30 min)" : ""}.`,
  );
  const deepMean = (inWindow.A * 4500 + inWindow.B * 3000) / 30;
  const deepShare = (inWindow.A * (4500 / 27300) * 100 + inWindow.B * (3000 / 26100) * 100) / 30;
  await expect(page.locator('[data-trend="timeInDeep"] [data-trend-summary]')).toContainText(
    `Deep sleep: average ${formatDuration(deepMean)}, ${formatPercent(deepShare)} of total sleep time on average over 30 nights`,
  );
  await expect(page.locator('[data-trend="timeInSnoring"] [data-trend-summary]')).toContainText("Snoring: average");
  await page.locator('[data-trend="timeInRem"] summary').click();
  await expect(page.locator('[data-trend="timeInRem"] tbody tr')).toHaveCount(30);
  // The newest night's REM row: A (1 h 40 min, 200/910 = 22.0%) or B (1 h 20 min, 160/870 = 18.4%).
  await expect(page.locator('[data-trend="timeInRem"] tbody tr').first()).toHaveText(
    nightsThisWeek > 0 ? /1 h 40 min\s*22\.0%/ : /1 h 20 min\s*18\.4%/,
  );

  const week = page.locator('[data-comparison="week"]');
  const row = (table: typeof week, key: string) => table.locator(`[data-compare="${key}"]`);
  if (nightsThisWeek > 0) {
    await expect(row(week, "totalSleepTime").locator("[data-current]")).toHaveText("7 h 35 min");
    await expect(row(week, "totalSleepTime").locator("[data-reference]")).toHaveText("7 h 15 min");
    await expect(row(week, "totalSleepTime").locator("[data-change]")).toHaveText("+20 min, better");
    await expect(row(week, "sleepEfficiency").locator("[data-change]")).toHaveText("+4.2 points, better");
    await expect(row(week, "sleepOnsetLatency").locator("[data-change]")).toHaveText("-10 min, better");
    await expect(row(week, "waso").locator("[data-change]")).toHaveText("-10 min, better");
    await expect(row(week, "timeInDeep").locator("[data-change]")).toHaveText("+25 min, better");
    await expect(row(week, "timeInRem").locator("[data-change]")).toHaveText("+20 min, better");
    await expect(row(week, "bedtime")).toHaveText(/Bedtime\s*22:30\s*22:00\s*30 min later$/);
    await expect(row(week, "wakeTime")).toHaveText(/Wake time\s*06:30\s*06:00\s*30 min later$/);
  } else {
    await expect(row(week, "totalSleepTime").locator("[data-current]")).toHaveText("—");
  }
  // The month: A nights this week, B before; averaged by hand from the counts.
  const monthMean = (from: number, to: number) => {
    let sum = 0;
    let n = 0;
    for (let d = from; d < to; d += DAY) {
      sum += d >= MONDAY ? TST.A : TST.B;
      n++;
    }
    return n === 0 ? null : sum / n;
  };
  const month = page.locator('[data-comparison="month"]');
  await expect(row(month, "totalSleepTime").locator("[data-current]")).toHaveText(
    formatDuration(monthMean(MONTH, TODAY)),
  );
  await expect(row(month, "totalSleepTime").locator("[data-reference]")).toHaveText(
    formatDuration(monthMean(LAST_MONTH, MONTH)),
  );
  await shootAll(page, "compare-user-30");

  await windows.getByRole("link", { name: "7 nights" }).click();
  await expect(page).toHaveURL(/trend=7/);
  await expect(page.getByRole("heading", { name: "Last 7 nights" })).toBeVisible();
  await page.locator('[data-trend="totalSleepTime"] summary').click();
  await expect(page.locator('[data-trend="totalSleepTime"] tbody tr')).toHaveCount(7);

  await page.getByRole("navigation", { name: "Trend window" }).getByRole("link", { name: "90 nights" }).click();
  await expect(page.getByRole("heading", { name: "Last 90 nights" })).toBeVisible();
  await page.locator('[data-trend="totalSleepTime"] summary').click();
  await expect(page.locator('[data-trend="totalSleepTime"] tbody tr')).toHaveCount(40);

  await page.getByRole("navigation", { name: "Trend window" }).getByRole("link", { name: "Weeks" }).click();
  await expect(page.getByRole("heading", { name: "Last 12 weeks" })).toBeVisible();
  const weeks = page.locator('[data-period-averages="week"] tbody tr');
  await expect(weeks).toHaveCount(12);
  // Last week: seven B nights. Deep 3000/26100 = 11.5% of sleep, REM 4800/26100 = 18.4%.
  await expect(weeks.nth(1)).toHaveText(/^.+?\s*7\s*7 h 15 min\s*90\.6%\s*15 min\s*30 min\s*50 min \(11\.5%\)\s*1 h 20 min \(18\.4%\)\s*22:00\s*06:00$/);
  await shootAll(page, "compare-user-weeks");

  await page.getByRole("navigation", { name: "Trend window" }).getByRole("link", { name: "Months" }).click();
  await expect(page.getByRole("heading", { name: "Last 12 months" })).toBeVisible();
  await expect(page.locator('[data-period-averages="month"] tbody tr')).toHaveCount(12);
});

test("a report says how the night compares with the sleeper's own average", async ({ page }) => {
  // The operator names the sleeper, so the printed page says whose night it is.
  await page.goto("/login");
  await page.getByLabel("Operator token").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto(`/users/${VS}/settings`);
  const form = page.getByRole("form", { name: "User settings" });
  await form.getByLabel("Display name").fill("Ada Lovelace");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByLabel("Display name")).toHaveValue("Ada Lovelace");
  await page.context().clearCookies();

  await page.goto(await viewerLink(VS));
  await page.goto("/sessions/vs-a");
  const vs = (key: string) => page.locator(`[data-vs-average="${key}"]`);
  // Against three B nights (the night without sleep is left out).
  await expect(vs("totalSleepTime")).toHaveText("+20 min vs your average, better");
  await expect(vs("sleepEfficiency")).toHaveText("+4.2 points vs your average, better");
  await expect(vs("sleepOnsetLatency")).toHaveText("-10 min vs your average, better");
  await expect(vs("waso")).toHaveText("-10 min vs your average, better");
  await expect(vs("timeInDeep")).toHaveText("+25 min vs your average, better");
  await expect(vs("timeInRem")).toHaveText("+20 min vs your average, better");
  await expect(page.getByTestId("vs-average-note")).toContainText("the 3 nights before it");
  await shootAll(page, "compare-report-vs-average");

  // One page on A4 and on Letter, light even when the screen is dark; no navigation or buttons.
  const pdf = await printToPdf(page, "print-night");
  const title = formatNightTitle(new Date(TODAY - 7 * DAY + 22.5 * 3600_000).toISOString(), "UTC");
  for (const format of ["A4", "Letter"] as const) {
    const { pages, text } = pdf[format];
    expect(pages, `${format} pages`).toBe(1);
    for (const wanted of [
      "Ada Lovelace",
      title,
      "7 h 35 min",
      "94.8%",
      "Hypnogram",
      "Stage durations",
      "1 h 15 min",
      "1 h 40 min",
      "Breathing stability not available",
      "+20 min vs your average",
    ]) {
      expect(text, `${format} has ${wanted}`).toContain(wanted);
    }
    for (const unwanted of ["Sign out", "Print / Save as PDF", "all nights", "Nocturne", "Previous night", "Download epochs"]) {
      expect(text, `${format} has no ${unwanted}`).not.toContain(unwanted);
    }
  }

  // With fewer than 3 earlier nights that count, nothing is said.
  await page.goto("/sessions/vs-b-8");
  await expect(page.getByTestId("session-report")).toBeVisible();
  await expect(page.locator("[data-vs-average]")).toHaveCount(0);
  await expect(page.getByTestId("vs-average-note")).toHaveCount(0);
});

test("the range report prints averages, every night and the weeks and months of a period", async ({ page }) => {
  await page.goto(await viewerLink(VS));
  const form = page.getByTestId("range-report-form");
  await form.getByLabel("From").fill(iso(TODAY - 12 * DAY));
  await form.getByLabel("To").fill(iso(TODAY - 7 * DAY));
  await form.getByRole("button", { name: "Open printable report" }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${VS}/report\\?from=${iso(TODAY - 12 * DAY)}&to=${iso(TODAY - 7 * DAY)}`));
  await expect(page.getByRole("heading", { name: "Sleep report: Ada Lovelace" })).toBeVisible();
  // 3 B nights and one A: (3 x 26100 + 27300) / 4 = 26400 s = 7 h 20 min; (3 x 90.625 + 94.79) / 4 = 91.67%.
  await expect(page.getByTestId("range-nights")).toHaveText(
    "4 nights with measurable sleep (1 more left out: no measurable sleep).",
  );
  const avg = (key: string) => page.locator(`[data-range-avg="${key}"]`);
  await expect(avg("totalSleepTime")).toHaveText("7 h 20 min");
  await expect(avg("sleepEfficiency")).toHaveText(formatPercent((3 * SE.B + SE.A) / 4));
  await expect(avg("sleepEfficiency")).toHaveText("91.7%");
  // WASO (3 x 30 + 20) / 4 = 27.5 -> 28 min; deep (3 x 50 + 75) / 4 = 56.25 -> 56 min, 3375/26400 = 12.8%.
  await expect(avg("waso")).toHaveText("28 min");
  await expect(avg("timeInDeep")).toHaveText("56 min (12.8%)");
  const rows = page.getByTestId("range-nights-table").locator("tbody tr");
  await expect(rows).toHaveCount(5);
  await expect(rows.last()).toContainText("left out: no sleep was detected");
  // Regularity over the period: its 4 nights with sleep are fewer than the SRI's 7.
  await expect(page.getByTestId("sri-reading")).toHaveText("Not enough nights yet");
  await expect(page.getByTestId("regularity")).toContainText("7 nights with enough data");
  await expect(page.getByTestId("regularity")).toContainText("4 in this period");
  await shootAll(page, "range-report");

  const pdf = await printToPdf(page, "print-range");
  for (const format of ["A4", "Letter"] as const) {
    const { text } = pdf[format];
    for (const wanted of ["Sleep report: Ada Lovelace", "7 h 20 min", "91.7%", "Regularity", "Every night", "Averages by ISO week"]) {
      expect(text, `${format} has ${wanted}`).toContain(wanted);
    }
    for (const unwanted of ["Sign out", "Open printable report", "Print / Save as PDF"]) {
      expect(text, `${format} has no ${unwanted}`).not.toContain(unwanted);
    }
  }

  // Another sleeper's range report is refused, like their page.
  expect((await page.goto(`/users/${CMP}/report`))?.status()).toBe(403);

  // A range that is not one says so.
  await page.goto(`/users/${VS}/report?from=2026-02-30&to=2026-03-01`);
  await expect(page.getByTestId("range-error")).toContainText("from is not a calendar date");
});

/** Records every Notification constructed and every permission request, keeping the real API underneath. */
const RECORD_NOTIFICATIONS = () => {
  const w = window as unknown as Record<string, unknown>;
  const Real = window.Notification;
  const notes: Array<{ title: string; body?: string; tag?: string }> = [];
  w.__notes = notes;
  w.__permissionRequests = 0;
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      notes.push({ title, body: options?.body, tag: options?.tag });
      super(title, options);
      w.__lastNote = this;
    }
    static override requestPermission(...args: Parameters<typeof Notification.requestPermission>) {
      w.__permissionRequests = (w.__permissionRequests as number) + 1;
      return Real.requestPermission(...args);
    }
  }
  Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
  window.Notification = Recorded as typeof Notification;
};

const hide = (page: Page) =>
  page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
    document.dispatchEvent(new Event("visibilitychange"));
  });

test("a report arriving in a background tab shows a browser notification, once the sleeper opted in", async ({
  page,
  context,
}) => {
  const user = "notify-sleeper";
  await context.grantPermissions(["notifications"], { origin: BASE_URL });
  await context.addInitScript(RECORD_NOTIFICATIONS);
  // The user must exist before the page: one earlier night.
  await postNight(user, "notify-1", TODAY - 3 * DAY, B);
  await page.goto(await viewerLink(user));
  const toggle = page.getByTestId("notify-toggle");
  await expect(toggle).toHaveAttribute("data-state", "off");
  await expect(page.getByText("Live updates on")).toBeVisible();
  // No permission prompt on load.
  expect(await page.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests)).toBe(0);

  await toggle.getByRole("button", { name: "Notify me when a report is ready" }).click();
  await expect(toggle).toHaveAttribute("data-state", "on");
  expect(await page.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests)).toBe(1);
  expect(await page.evaluate(() => localStorage.getItem("nocturne:notify-reports"))).toBe("1");
  await shootAll(page, "notify-on");

  // The opt-in survives a reload, without asking again.
  await page.reload();
  await expect(toggle).toHaveAttribute("data-state", "on");
  await expect(page.getByText("Live updates on")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests)).toBe(0);

  // In the background: the notification, and the toast as well.
  await hide(page);
  await postNight(user, "notify-2", TODAY - 2 * DAY, A);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __notes: unknown[] }).__notes))
    .toEqual([{ title: "Your sleep report is ready", body: "7 h 35 min asleep, 95% efficiency", tag: "report:notify-2" }]);
  await expect(page.getByRole("status")).toContainText("Report ready: 7 h 35 min asleep, 94.8% efficiency");

  // Clicking it brings the tab forward on the report.
  await page.evaluate(() => {
    const n = (window as unknown as { __lastNote: Notification }).__lastNote;
    n.onclick?.(new Event("click"));
  });
  await expect(page).toHaveURL(/\/sessions\/notify-2$/);

  // In the foreground: the toast only.
  await page.goto(`/users/${user}`);
  await expect(page.getByText("Live updates on")).toBeVisible();
  await postNight(user, "notify-3", TODAY - DAY, B);
  await expect(page.getByRole("status")).toContainText("Report ready: 7 h 15 min asleep, 90.6% efficiency");
  expect(await page.evaluate(() => (window as unknown as { __notes: unknown[] }).__notes)).toEqual([]);

  // Turned off: a hidden tab gets no notification.
  await toggle.getByRole("button", { name: "Turn off" }).click();
  await expect(toggle).toHaveAttribute("data-state", "off");
  await hide(page);
  await postNight(user, "notify-4", TODAY - 4 * DAY, B);
  await expect(page.getByRole("status")).toContainText("Report ready: 7 h 15 min");
  expect(await page.evaluate(() => (window as unknown as { __notes: unknown[] }).__notes)).toEqual([]);
});

test("without the Notification API the opt-in says it is not supported", async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as unknown as { Notification?: unknown }).Notification;
  });
  await page.goto(await viewerLink(CMP));
  await expect(page.getByTestId("notify-toggle")).toHaveAttribute("data-state", "unsupported");
  await expect(page.getByTestId("notify-toggle")).toHaveText(/does not support notifications/);
});
