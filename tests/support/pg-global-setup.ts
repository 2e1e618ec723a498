/**
 * Global setup of the "postgres" vitest project: creates one migrated template
 * database for this run (a unique name, so two checkouts never share one) and
 * drops it afterwards. Each test file clones it (tests/support/test-db.ts).
 */
import { randomBytes } from "node:crypto";
import path from "node:path";

import pg from "pg";
import type { TestProject } from "vitest/node";

import { applyMigrations, migrationsDir } from "../../lib/store/migrate";

const server = (process.env.NOCTURNE_TEST_PG_URL ?? "postgresql://root@127.0.0.1:5432").replace(/\/+$/, "");

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = `nocturne_tpl_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  await applyMigrations(`${server}/${name}`, migrationsDir("postgresql", path.join(__dirname, "..", "..")));
  project.provide("pgTemplate", name);
  return async () => {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}
