/**
 * End-to-end tests: the real server (production build, fresh SQLite file under
 * .e2e/) driven by the system Chromium. Nothing is downloaded.
 */
import { defineConfig } from "@playwright/test";

import { BASE_URL, chromiumPath, E2E_ADMIN_TOKEN, E2E_ASLEEP_PORT, E2E_DB_DIR, E2E_KEY, E2E_PORT, E2E_SECRET } from "./tests/e2e/e2e-env";

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  outputDir: "test-results/e2e",
  use: {
    baseURL: BASE_URL,
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    trace: "retain-on-failure",
  },
  webServer: {
    command: `node -e "require('fs').rmSync('${E2E_DB_DIR}',{recursive:true,force:true})" && npx tsx server.ts`,
    url: `${BASE_URL}/login`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(E2E_PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:./${E2E_DB_DIR}/nocturne.db`,
      ASLEEP_API_KEYS: E2E_KEY,
      NOCTURNE_SECRET: E2E_SECRET,
      NOCTURNE_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      LOG_LEVEL: "warn",
      NOCTURNE_DRAIN_GRACE_MS: "0",
      // Reconciliation talks to tests/e2e/reconcile.spec.ts's local Asleep (the webhook key doubles as the API key);
      // no timer, so runs happen only when a test clicks "Reconcile now".
      ASLEEP_API_URL: `http://127.0.0.1:${E2E_ASLEEP_PORT}`,
      NOCTURNE_RECONCILE_INTERVAL_MINUTES: "0",
    },
  },
});
