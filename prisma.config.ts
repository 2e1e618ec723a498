/**
 * Prisma CLI configuration: offline-only engines (see ../shared/design.md).
 * The CLI uses the Wasm schema engine with the same driver adapter as the app,
 * so `prisma generate` and `prisma migrate deploy` never download a binary.
 */
import path from "node:path";
import type { PrismaConfig } from "prisma";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

import { defaultDatabaseUrl, sqliteFilePath } from "./lib/store/database-url";

process.env.DATABASE_URL ??= defaultDatabaseUrl();

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: sqliteFilePath(process.env.DATABASE_URL!) });
  },
} satisfies PrismaConfig;
