/** Screenshots of a page at 1280 and 375 px, light and dark, under test-results/e2e/screenshots/. */
import fs from "node:fs";
import path from "node:path";

import type { Page } from "@playwright/test";

export const SHOTS = path.join("test-results", "e2e", "screenshots");

/** Saves `<name>-<width>-<scheme>.png` for 1280 and 375 px wide, light and dark; restores 1280 light. */
export async function shootAll(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 375]) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(150);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}-${scheme}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}
