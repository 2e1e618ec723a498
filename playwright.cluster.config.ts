/**
 * The cluster suite (`npm run test:cluster`): two instances, PostgreSQL, Redis
 * and nginx, all real (tests/cluster/harness.ts); serial, because it stops and
 * starts the machine's PostgreSQL and Redis. Nothing is downloaded.
 */
import { defineConfig } from "@playwright/test";

import { chromiumPath } from "./tests/e2e/e2e-env";

export default defineConfig({
  testDir: "tests/cluster",
  globalSetup: "./tests/cluster/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: "test-results/cluster",
  use: {
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    trace: "retain-on-failure",
  },
});
