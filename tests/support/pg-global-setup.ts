/**
 * Global setup of the "postgres" vitest project: creates one migrated template
 * database for this run (a unique name, so two checkouts never share one) and
 * drops it afterwards. Each test file clones it (tests/support/test-db.ts).
 */
import { randomBytes } from "node:crypto";
import path from "node:path";

import type { TestProject } from "vitest/node";

import { applyMigrations, migrationsDir } from "../../lib/store/migrate";
import { pgAdmin, TEST_PG_SERVER } from "./pg-admin";



export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = `nocturne_tpl_${process.pid}_${randomBytes(4).toString("hex")}`;
  await pgAdmin(`CREATE DATABASE "${name}"`);
  await applyMigrations(`${TEST_PG_SERVER}/${name}`, migrationsDir("postgresql", path.join(__dirname, "..", "..")));
  project.provide("pgTemplate", name);
  return async () => {
    await pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}
