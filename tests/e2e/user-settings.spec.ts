/**
 * Users managed from the browser (issue 13), in Chromium against the real
 * server: the overview's search and sort, a viewer link made on the settings
 * page and opened in a second browser, its revocation ending that viewer's
 * session at once, and deleting a user's data. Screenshots of the overview and
 * the settings page at 1280 and 375 px, light and dark.
 */
import { expect, test, type Page } from "@playwright/test";

import { E2E_ADMIN_TOKEN } from "./e2e-env";
import { shootAll } from "./screenshots";
import { deliver, inferenceChunk, sessionComplete } from "./support";

async function signInOperator(page: Page): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Operator token").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** The user ids of the overview's rows, top to bottom. */
const rowIds = (page: Page) =>
  page.locator("tr[data-user-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-user-id")));

test.describe.configure({ mode: "serial" });

test("the overview searches by id or name and sorts by last seen, name and last night's efficiency", async ({
  page,
}) => {
  // Delivered in this order, so last seen (newest first) is cy, bo, ann.
  // Efficiency = total sleep time / time in bed: ann 9 of 10 epochs asleep (90 %), bo 5 of 10 (50 %), cy no completed night.
  expect(
    (
      await deliver(
        sessionComplete("e2e-us-ann", "us-ann-1", "2025-03-01T22:00:00Z", [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]),
        "e2e-us-ann",
      )
    ).status,
  ).toBe(200);
  expect(
    (
      await deliver(
        sessionComplete("e2e-us-bo", "us-bo-1", "2025-03-01T22:00:00Z", [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
        "e2e-us-bo",
      )
    ).status,
  ).toBe(200);
  expect(
    (await deliver(inferenceChunk("e2e-us-cy", "us-cy-1", 0, [0, 1, 1, 1, 1, 2, 2, 2, 2, 2]), "e2e-us-cy")).status,
  ).toBe(200);

  await signInOperator(page);
  // cy gets a display name on their settings page: sorted by name, "Aaron" comes first.
  await page.goto("/users/e2e-us-cy/settings");
  const form = page.getByRole("form", { name: "User settings" });
  await form.getByLabel("Display name").fill("Aaron");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search users by id or name" }).fill("e2e-us-");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\?q=e2e-us-$/);
  await expect.poll(() => rowIds(page)).toEqual(["e2e-us-cy", "e2e-us-bo", "e2e-us-ann"]);
  const header = (name: RegExp) => page.getByRole("columnheader", { name });
  await expect(header(/Last seen/)).toHaveAttribute("aria-sort", "descending");
  await expect(page.locator('tr[data-user-id="e2e-us-ann"] [data-cell="efficiency"]')).toHaveText("90.0%");
  await expect(page.locator('tr[data-user-id="e2e-us-ann"] [data-cell="nights"]')).toHaveText("1");
  await expect(page.locator('tr[data-user-id="e2e-us-cy"] th a')).toHaveText("Aaron");

  await header(/Efficiency/)
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(/sort=efficiency/);
  await expect.poll(() => rowIds(page)).toEqual(["e2e-us-ann", "e2e-us-bo", "e2e-us-cy"]);
  await expect(header(/Efficiency/)).toHaveAttribute("aria-sort", "descending");
  await expect(header(/Last seen/)).toHaveAttribute("aria-sort", "none");
  await header(/Efficiency/)
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(/dir=asc/);
  await expect.poll(() => rowIds(page)).toEqual(["e2e-us-bo", "e2e-us-ann", "e2e-us-cy"]);
  await expect(header(/Efficiency/)).toHaveAttribute("aria-sort", "ascending");

  await header(/User/).getByRole("link").click();
  await expect(page).toHaveURL(/sort=name/);
  await expect.poll(() => rowIds(page)).toEqual(["e2e-us-cy", "e2e-us-ann", "e2e-us-bo"]);
  await expect(header(/User/)).toHaveAttribute("aria-sort", "ascending");
  await shootAll(page, "overview-search");

  // Case-insensitive, and the sort is kept across a new search.
  await page.getByRole("searchbox", { name: "Search users by id or name" }).fill("US-B");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expect.poll(() => rowIds(page)).toEqual(["e2e-us-bo"]);
  await page.getByRole("searchbox", { name: "Search users by id or name" }).fill("aaron");
  await page.getByRole("button", { name: "Search" }).click();
  await expect.poll(() => rowIds(page)).toEqual(["e2e-us-cy"]);
});

test("the operator makes a link, a viewer signs in with it, the operator revokes it and the viewer is out", async ({
  page,
  browser,
}) => {
  const user = "e2e-us-link";
  expect(
    (await deliver(sessionComplete(user, "us-link-1", "2025-03-01T22:00:00Z", [1, 1, 1, 1, 2, 2, 3, 3, 0, 0]), user))
      .status,
  ).toBe(200);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInOperator(page);
  await page.goto(`/users/${user}`);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${user}/settings$`));
  await expect(page.getByTestId("no-links")).toBeVisible();

  const create = page.getByRole("form", { name: "Create a viewer link" });
  await create.getByLabel("Expires after").selectOption("7");
  await create.getByLabel("Label (optional)").fill("phone");
  await create.getByRole("button", { name: "Create link" }).click();
  const shown = page.getByTestId("new-link");
  await expect(shown).toContainText("shown only this once");
  const url = await shown.getByLabel("Sign-in link").inputValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/link\?token=/);
  await shown.getByRole("button", { name: "Copy" }).click();
  await expect(shown.getByRole("status")).toHaveText("Copied to the clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  const row = page.locator("tr[data-link-id]");
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("rowheader")).toContainText("phone");

  // A second browser (its own cookies) opens the link: signed in as the viewer, on their own page.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await viewer.goto(url);
  await expect(viewer).toHaveURL(new RegExp(`/users/${user}$`));
  await expect(viewer.getByRole("heading", { level: 1 })).toHaveText("My sleep");

  // The operator sees when it was last used, and a second link to show in the screenshots.
  await page.reload();
  await expect(row.locator("td").nth(2)).not.toHaveText("Never");
  await create.getByLabel("Label (optional)").fill("tablet");
  await create.getByRole("button", { name: "Create link" }).click();
  await expect(page.locator("tr[data-link-id]")).toHaveCount(2);
  await shootAll(page, "user-settings");
  await shown.getByRole("button", { name: "Done" }).click();

  // Revoke the phone link: it leaves the list, the viewer's next page load goes to sign-in, the link no longer signs in.
  await page
    .getByRole("row")
    .filter({ hasText: "phone" })
    .getByRole("button", { name: /^Revoke/ })
    .click();
  await expect(page.locator("tr[data-link-id]")).toHaveCount(1);
  await expect(page.locator("tr[data-link-id]").getByRole("rowheader")).toContainText("tablet");
  await viewer.reload();
  await expect(viewer).toHaveURL(/\/login\?next=/);
  await viewer.goto(url);
  await expect(viewer).toHaveURL(/\/login\?error=link$/);
  expect((await viewer.request.get(`/api/users/${user}/sessions`)).status()).toBe(401);
  await viewerContext.close();
});

test("a viewer gets 403 on a settings page, even their own", async ({ browser, page }) => {
  const user = "e2e-us-link";
  await signInOperator(page);
  await page.goto(`/users/${user}/settings`);
  await page.getByRole("form", { name: "Create a viewer link" }).getByRole("button", { name: "Create link" }).click();
  const url = await page.getByTestId("new-link").getByLabel("Sign-in link").inputValue();
  const context = await browser.newContext();
  const viewer = await context.newPage();
  await viewer.goto(url);
  await expect(viewer).toHaveURL(new RegExp(`/users/${user}$`));
  await expect(viewer.getByRole("link", { name: "Settings" })).toHaveCount(0);
  const res = await viewer.goto(`/users/${user}/settings`);
  expect(res?.status()).toBe(403);
  await context.close();
});

test("the operator deletes a user's data after typing the id; the user leaves the overview", async ({ page }) => {
  const user = "e2e-us-delete";
  expect((await deliver(inferenceChunk(user, "us-del-1", 0, [0, 1, 1, 1, 1, 2, 2, 2, 2, 2]), user)).status).toBe(200);
  expect(
    (await deliver(sessionComplete(user, "us-del-1", "2025-03-01T22:00:00Z", [0, 1, 1, 1, 1, 2, 2, 2, 2, 2]), user))
      .status,
  ).toBe(200);
  await signInOperator(page);
  await page.goto(`/users/${user}/settings`);
  const form = page.getByRole("form", { name: "Delete all of this user's data" });
  const submit = form.getByRole("button", { name: "Delete all of this user's data" });
  await expect(submit).toBeDisabled();
  await form.getByLabel(/to confirm/).fill("e2e-us-delet");
  await expect(submit).toBeDisabled();
  await form.getByLabel(/to confirm/).fill(user);
  await submit.click();
  await expect(page.getByTestId("deleted")).toContainText(
    "1 night (1 chunk, 1 report), 0 links, 2 delivery bodies and the user.",
  );
  await page.goto(`/?q=${user}`);
  await expect(page.getByTestId("no-match")).toBeVisible();
  expect((await page.goto(`/users/${user}`))?.status()).toBe(404);
});
