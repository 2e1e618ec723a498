/**
 * Issue 12, "What sleepers and their clinicians do with their nights": moving
 * between nights (links and `[` / `]`), the month calendar, regularity and
 * the downloads. Nights are seeded by POSTing SESSION_COMPLETE webhooks; what
 * the pages must show is worked out here from what was posted.
 */
import fs from "node:fs";

import { expect, test, type Download, type Page } from "@playwright/test";

import { shootAll } from "./screenshots";
import { deliver, sessionComplete, viewerLink } from "./support";

const USER = "e2e-nights";
const OTHER = "e2e-nights-other";

/** 8 hours (960 epochs) with `wake` epochs awake first, the rest light sleep: efficiency = (960 - wake) / 960. */
const night = (wake: number) => [...Array<number>(wake).fill(0), ...Array<number>(960 - wake).fill(1)];
/** Nights at 23:00 UTC, by date, with their efficiency band. */
const NIGHTS: Array<{ date: string; stages: number[]; band: string }> = [
  { date: "2025-12-20", stages: night(24), band: "ge90" },
  // 24 awake: 936 / 960 = 97.5 %.
  { date: "2026-01-05", stages: night(24), band: "ge90" },
  // 120 awake: 840 / 960 = 87.5 %.
  { date: "2026-01-06", stages: night(120), band: "85to90" },
  // 192 awake: 768 / 960 = 80 %.
  { date: "2026-01-08", stages: night(192), band: "75to85" },
  // 480 awake: 50 %.
  { date: "2026-01-12", stages: night(480), band: "lt75" },
  // An hour without any scored epoch: no measurable sleep.
  { date: "2026-01-14", stages: Array<number>(120).fill(-1), band: "none" },
  ...["15", "16", "17", "18", "19", "20", "21"].map((d) => ({ date: `2026-01-${d}`, stages: night(24), band: "ge90" })),
];
const id = (date: string) => `nav-${date}`;

test.beforeAll(async () => {
  for (const n of NIGHTS) {
    const body = sessionComplete(USER, id(n.date), `${n.date}T23:00:00Z`, n.stages, { timezone: "UTC" });
    expect((await deliver(body, USER)).status).toBe(200);
  }
  // Another user's night between the 6th and the 8th must never be a neighbour.
  expect((await deliver(sessionComplete(OTHER, "nav-other-07", "2026-01-07T23:00:00Z", night(24), { timezone: "UTC" }), OTHER)).status).toBe(200);
});

async function signIn(page: Page): Promise<void> {
  await page.goto(await viewerLink(USER));
}

/** The text of a download. */
async function read(download: Download): Promise<string> {
  return fs.readFileSync(await download.path(), "utf8");
}

/** Splits simple CSV (no quoted fields: these nights have none) into records. */
function records(text: string): string[][] {
  expect(text.endsWith("\r\n")).toBe(true);
  return text.slice(0, -2).split("\r\n").map((line) => line.split(","));
}

test("previous / next links and the [ ] keys move through this user's nights by start time", async ({ page }) => {
  await signIn(page);
  await page.goto(`/sessions/${id("2026-01-06")}`);
  await expect(page.getByTestId("previous-night")).toHaveAttribute("href", `/sessions/${id("2026-01-05")}`);
  await expect(page.getByTestId("previous-night")).toContainText("Night of Mon, 5 Jan 2026");
  // The other user's night of the 7th is skipped.
  await expect(page.getByTestId("next-night")).toHaveAttribute("href", `/sessions/${id("2026-01-08")}`);
  await expect(async () => {
    await page.keyboard.press("]");
    await expect(page).toHaveURL(new RegExp(`/sessions/${id("2026-01-08")}$`), { timeout: 5000 });
  }).toPass();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Night of Thu, 8 Jan 2026");
  await page.keyboard.press("[");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Night of Tue, 6 Jan 2026");
  await page.keyboard.press("[");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Night of Mon, 5 Jan 2026");
  await page.keyboard.press("[");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Night of Sat, 20 Dec 2025");
  await expect(page).toHaveURL(new RegExp(`/sessions/${id("2025-12-20")}$`));
  // The first night: previous is disabled, and [ goes nowhere.
  await expect(page.getByTestId("previous-night")).toHaveAttribute("aria-disabled", "true");
  await page.keyboard.press("[");
  await expect(page).toHaveURL(new RegExp(`/sessions/${id("2025-12-20")}$`));
  await page.goto(`/sessions/${id("2026-01-21")}`);
  await expect(page.getByTestId("next-night")).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByTestId("next-night")).toContainText("this is the latest night");
  await shootAll(page, "report-navigation");
});

test("the calendar shows exactly the nights that exist, by efficiency band, and a click opens the night", async ({ page }) => {
  await signIn(page);
  await page.goto(`/users/${USER}`);
  const calendar = page.getByTestId("night-calendar");
  // Default month: the month of the latest night.
  await expect(calendar.getByTestId("calendar-title")).toHaveText("January 2026");
  const withNights = await calendar.locator('td[data-date]:not([data-night-count="0"])').evaluateAll((tds) =>
    tds.map((td) => td.getAttribute("data-date")),
  );
  const january = NIGHTS.filter((n) => n.date.startsWith("2026-01"));
  expect(withNights).toEqual(january.map((n) => n.date));
  await expect(calendar.locator('td[data-date][data-night-count="0"]')).toHaveCount(31 - january.length);
  for (const n of january) {
    await expect(calendar.locator(`td[data-date="${n.date}"] a`), n.date).toHaveAttribute("data-band", n.band);
  }
  await expect(calendar.getByRole("link", { name: "12 Jan: 50.0% efficiency" })).toBeVisible();
  await expect(calendar.getByRole("link", { name: /^14 Jan: no measurable sleep/ })).toBeVisible();
  await expect(calendar.getByText("7 Jan: no night recorded", { exact: true })).toHaveCount(1);

  // Regularity over the last 14 nights with enough data (13 here: the 14th has none).
  await expect(page.getByTestId("sri-reading")).toHaveText(/^(Very regular|Regular|Somewhat irregular|Irregular) \(SRI -?\d+\)$/);
  await expect(page.getByTestId("bedtime-sd")).toHaveText("± 0 min");
  await shootAll(page, "user-calendar-regularity");

  await calendar.getByRole("link", { name: "Previous month" }).click();
  await expect(calendar.getByTestId("calendar-title")).toHaveText("December 2025");
  await expect(calendar.locator('td[data-date]:not([data-night-count="0"])')).toHaveCount(1);
  await calendar.locator('td[data-date="2025-12-20"] a').click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${id("2025-12-20")}$`));

  await page.goto(`/users/${USER}?month=2026-01`);
  await page.getByTestId("night-calendar").locator('td[data-date="2026-01-12"] a').click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${id("2026-01-12")}$`));
});

test("the report's downloads give the night's epochs and its JSON", async ({ page }) => {
  await signIn(page);
  await page.goto(`/sessions/${id("2026-01-06")}`);
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download epochs (CSV)" }).click()]);
  expect(csv.suggestedFilename()).toBe(`nocturne-${USER}-night-2026-01-06-epochs.csv`);
  const rows = records(await read(csv));
  expect(rows[0]).toEqual(["index", "start", "stage", "stageName", "snoring"]);
  expect(rows).toHaveLength(961);
  expect(rows.slice(1).map((r) => Number(r[2]))).toEqual(night(120));
  expect(rows[121]).toEqual(["120", "2026-01-07T00:00:00+00:00", "1", "Light", "0"]);

  const [json] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download report (JSON)" }).click()]);
  const report = JSON.parse(await read(json));
  expect(report).toMatchObject({ id: id("2026-01-06"), userId: USER, sleepStages: night(120) });
  expect(report.computed.sleepEfficiency).toBe(87.5);
});

test("the user page's form downloads the nights of a range as CSV and JSON", async ({ page }) => {
  await signIn(page);
  await page.goto(`/users/${USER}`);
  const form = page.getByTestId("export-form");
  await form.getByLabel("From").fill("2026-01-05");
  await form.getByLabel("To").fill("2026-01-08");
  const [csv] = await Promise.all([page.waitForEvent("download"), form.getByRole("button", { name: "Download CSV" }).click()]);
  expect(csv.suggestedFilename()).toBe(`nocturne-${USER}-nights-2026-01-05_2026-01-08.csv`);
  const rows = records(await read(csv));
  const header = rows[0]!;
  const col = (name: string) => header.indexOf(name);
  expect(rows.slice(1).map((r) => r[col("id")])).toEqual([id("2026-01-05"), id("2026-01-06"), id("2026-01-08")]);
  // 97.5 %, 87.5 %, 80 % as posted; 8 h in bed each.
  expect(rows.slice(1).map((r) => Number(r[col("sleepEfficiency")]))).toEqual([97.5, 87.5, 80]);
  expect(rows.slice(1).map((r) => r[col("timeInBed")])).toEqual(["28800", "28800", "28800"]);
  expect(rows[1]![col("start")]).toBe("2026-01-05T23:00:00+00:00");

  const [json] = await Promise.all([page.waitForEvent("download"), form.getByRole("button", { name: "Download JSON" }).click()]);
  const body = JSON.parse(await read(json));
  expect(body.nights.map((n: { id: string; totalSleepTime: number }) => [n.id, n.totalSleepTime])).toEqual([
    [id("2026-01-05"), 936 * 30],
    [id("2026-01-06"), 840 * 30],
    [id("2026-01-08"), 768 * 30],
  ]);
});
