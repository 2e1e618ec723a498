/**
 * Issue 11, live nights: written in the user's zone (their latest report's),
 * labelled; the history's live row follows the live card; the time axis stays
 * put as chunks arrive; once the night completes, "Tonight" shows last night's
 * headline. Seeded by POSTing webhooks.
 */
import { expect, test } from "@playwright/test";

import { E2E_ADMIN_TOKEN } from "./e2e-env";
import { shootAll } from "./screenshots";
import { deliver, inferenceChunk, sessionComplete, viewerLink } from "./support";

const USER = "e2e-paris-sleeper";
const LIVE = "paris-live-night";

/** A wall-clock time in a zone, written independently of the app's formatters. */
function clock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(
    new Date(iso),
  );
}

test("a live night reads in the user's zone, its history row follows the card, the axis stays put, and last night's headline follows", async ({
  page,
}) => {
  // One completed Paris night: the zone of the user's latest report.
  const past = sessionComplete(
    USER,
    "paris-past-night",
    "2026-11-20T22:00:00Z",
    [
      ...Array<number>(20).fill(0),
      ...Array<number>(200).fill(1),
      ...Array<number>(100).fill(2),
      ...Array<number>(100).fill(3),
      ...Array<number>(20).fill(0),
    ],
    { timezone: "Europe/Paris" },
  );
  expect((await deliver(past, USER)).status).toBe(200);
  expect((await deliver(inferenceChunk(USER, LIVE, 0, [0, 0, 1, 1, 1, 1, 2, 2, 2, 2]), USER)).status).toBe(200);

  await page.goto(await viewerLink(USER));
  const startIso = (await (await page.request.get(`/api/sessions/${LIVE}`)).json()).startTime as string;
  await expect(page.getByTestId("live-start")).toHaveText(clock(startIso, "Europe/Paris"));
  await expect(page.getByTestId("live-zone")).toHaveText("(Europe/Paris)");

  // The history's live row: same start, same zone, same total sleep time as the card (8 epochs = 4 min).
  const row = page.locator(`tr[data-session-id="${LIVE}"]`);
  await expect(row.locator('[data-cell="span"]')).toHaveText(`${clock(startIso, "Europe/Paris")}–now`);
  await expect(page.locator('[data-live-stat="totalSleepTime"]')).toHaveText("4 min");
  await expect(row.locator('[data-cell="totalSleepTime"]')).toHaveText("4 min");

  // Where the first tick sits before the next chunk...
  const tick = page.getByTestId("live-hypnogram").locator(".recharts-xAxis-tick-labels text").first();
  const before = { text: await tick.textContent(), box: await tick.boundingBox() };
  expect((await deliver(inferenceChunk(USER, LIVE, 1, [2, 2, 3, 3, 3, 3, 1, 1, 1, 1]), USER)).status).toBe(200);
  await expect(page.getByTestId("live-hypnogram")).toHaveAttribute("data-epoch-count", "20");
  // ...the row updates with the card (18 sleep epochs = 9 min)...
  await expect(page.locator('[data-live-stat="totalSleepTime"]')).toHaveText("9 min");
  await expect(row.locator('[data-cell="totalSleepTime"]')).toHaveText("9 min");
  // ...and the tick has not moved.
  expect(await tick.textContent()).toBe(before.text);
  expect((await tick.boundingBox())?.x).toBeCloseTo(before.box!.x, 0);
  await shootAll(page, "live-paris");

  // The night completes: "Tonight" shows last night's headline, with a link to the report.
  const stages = [0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1];
  const done = sessionComplete(USER, LIVE, startIso, stages, { timezone: "Europe/Paris" });
  expect((await deliver(done, USER)).status).toBe(200);
  const headline = page.getByTestId("last-night");
  await expect(headline).toHaveAttribute("data-session-id", LIVE);
  // 18 of 20 epochs asleep (10 min in bed): 9 min, 90.0%.
  await expect(headline.locator('[data-last-night="totalSleepTime"]')).toHaveText("9 min");
  await expect(headline.locator('[data-last-night="sleepEfficiency"]')).toHaveText("90.0%");
  await expect(headline.getByRole("link", { name: "Open the report" })).toHaveAttribute("href", `/sessions/${LIVE}`);
  await shootAll(page, "last-night-headline");
});

test("the operator sets a user's time zone and display name; the viewer's live night and title follow", async ({
  page,
  browser,
}) => {
  const user = "e2e-camille";
  const night = "camille-live";
  expect((await deliver(inferenceChunk(user, night, 0, [0, 1, 1, 1, 1, 2, 2, 2, 2, 2]), user)).status).toBe(200);

  await page.goto("/login");
  await page.getByLabel("Operator token").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto(`/users/${user}`);
  // The settings moved to their own page (issue 13); the user page links to it.
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${user}/settings$`));
  const form = page.getByRole("form", { name: "User settings" });
  await form.getByLabel(/Time zone/).fill("Mars/Olympus_Mons");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("alert")).toHaveText('Not saved: unknown time zone: use an IANA name such as "Europe/Paris"');
  await form.getByLabel(/Time zone/).fill("America/New_York");
  await form.getByLabel("Display name").fill("Camille");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByLabel(/Time zone/)).toHaveValue("America/New_York");

  const viewer = await browser.newPage();
  await viewer.goto(await viewerLink(user));
  await expect(viewer.getByRole("heading", { level: 1 })).toHaveText("Camille");
  await expect(viewer).toHaveTitle("Camille · Nocturne");
  const startIso = (await (await viewer.request.get(`/api/sessions/${night}`)).json()).startTime as string;
  await expect(viewer.getByTestId("live-zone")).toHaveText("(America/New_York)");
  await expect(viewer.getByTestId("live-start")).toHaveText(clock(startIso, "America/New_York"));
  await viewer.close();
});
