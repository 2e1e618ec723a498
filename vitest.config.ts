/**
 * Two projects: "sqlite" runs every unit and integration test on SQLite files;
 * "postgres" runs the integration tests again on PostgreSQL (one database per
 * file, cloned from a migrated template). The postgres project needs a server
 * (NOCTURNE_TEST_PG_URL, default postgresql://root@127.0.0.1:5432): when none
 * answers it is skipped with a loud line, except under CI=true, where that fails the run.
 */
import path from "node:path";

import { defineConfig, type ViteUserConfig } from "vitest/config";

import { pgAdmin, TEST_PG_SERVER as PG_SERVER } from "./tests/support/pg-admin";

/** Why PostgreSQL cannot be used for the tests, or null when it answers. */
async function postgresReachable(): Promise<string | null> {
  try {
    await pgAdmin("SELECT 1", PG_SERVER, 3000);
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  }
}

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const pgProblem = process.env.NOCTURNE_TEST_SKIP_POSTGRES === "1" ? "NOCTURNE_TEST_SKIP_POSTGRES=1" : await postgresReachable();
  if (pgProblem) {
    const line = `PostgreSQL at ${PG_SERVER} is not reachable (${pgProblem}): the PostgreSQL integration suite is SKIPPED`;
    if (process.env.CI === "true" && process.env.NOCTURNE_TEST_SKIP_POSTGRES !== "1") throw new Error(`${line}; CI must run it`);
    console.warn(`\n${"!".repeat(line.length)}\n${line}\n${"!".repeat(line.length)}\n`);
  }
  const shared = {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  } as const;
  return {
    resolve: { alias: { "@": path.resolve(__dirname) } },
    test: {
      projects: [
        {
          extends: true as const,
          test: { ...shared, name: "sqlite", include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"] },
        },
        ...(pgProblem
          ? []
          : [
              {
                extends: true as const,
                test: {
                  ...shared,
                  name: "postgres",
                  include: ["tests/integration/**/*.test.ts"],
                  env: { NOCTURNE_TEST_DATABASE: "postgresql", NOCTURNE_TEST_PG_URL: PG_SERVER },
                  globalSetup: ["tests/support/pg-global-setup.ts"],
                },
              },
            ]),
      ],
    },
  };
});
