/** Settings shared by playwright.config.ts (which starts the server) and the end-to-end tests. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";

/** A loopback port that is free now, chosen by the OS. */
export function freePortSync(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}

// Chosen once in the runner's process (playwright.config.ts loads this first) and
// inherited by its workers through the environment; E2E_PORT pins it.
process.env.E2E_PORT ??= String(freePortSync());
process.env.E2E_PORT_2 ??= String(freePortSync());
process.env.E2E_ASLEEP_PORT ??= String(freePortSync());
export const E2E_PORT = Number(process.env.E2E_PORT);
/** A second port, for the test that starts its own server. */
export const E2E_PORT_2 = Number(process.env.E2E_PORT_2);
/** Where the reconciliation spec runs its Asleep-shaped REST server (the e2e server's ASLEEP_API_URL): never the internet. */
export const E2E_ASLEEP_PORT = Number(process.env.E2E_ASLEEP_PORT);
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
