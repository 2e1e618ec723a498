/**
 * Prisma CLI configuration: offline-only engines (see ../shared/design.md).
 * The CLI uses the Wasm engines with the same driver adapter as the app, so
 * nothing downloads a binary. DATABASE_URL picks the schema: a `file:` URL
 * (the default) the SQLite one, a `postgresql://` URL prisma/postgres/.
 * `npm run db:generate` generates both clients; migrations are applied by
 * Nocturne's own runner (lib/store/migrate.ts), not by `prisma migrate`.
 */
import path from "node:path";
import type { PrismaConfig } from "prisma";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

import { databaseProvider, defaultDatabaseUrl, sqliteFilePath } from "./lib/store/database-url";

process.env.DATABASE_URL ??= defaultDatabaseUrl();
const postgres = databaseProvider(process.env.DATABASE_URL) === "postgresql";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? path.join("prisma", "postgres", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: { path: postgres ? path.join("prisma", "postgres", "migrations") : path.join("prisma", "migrations") },
  async adapter() {
    if (postgres) {
      return new PrismaPg({ connectionString: process.env.DATABASE_URL!, options: "-c TimeZone=UTC" });
    }
    return new PrismaBetterSQLite3({ url: sqliteFilePath(process.env.DATABASE_URL!) });
  },
} satisfies PrismaConfig;
