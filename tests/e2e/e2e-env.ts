/** Settings shared by playwright.config.ts (which starts the server) and the end-to-end tests. */
import fs from "node:fs";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3710);
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_KEY = "e2e-asleep-key";
export const E2E_SECRET = "e2e-secret-0123456789abcdef0123456789";
export const E2E_ADMIN_TOKEN = "e2e-admin-token";
export const E2E_DB_DIR = ".e2e";

/**
 * The Chromium to drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
 * undefined (Playwright's own download, on machines that have one).
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p): p is string => Boolean(p && fs.existsSync(p)));
}
