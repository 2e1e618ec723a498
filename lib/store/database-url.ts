/**
 * Database URL helpers shared by the app, the Prisma CLI config and scripts.
 * No Prisma import here, so prisma.config.ts can load it cheaply.
 */
import path from "node:path";

/** The embedded default: a SQLite file under ./data/ of the working directory. */
export function defaultDatabaseUrl(cwd: string = process.cwd()): string {
  return `file:${path.join(cwd, "data", "nocturne.db")}`;
}

/** Which engine a DATABASE_URL names: `file:` is SQLite, `postgres(ql)://` is PostgreSQL. */
export function databaseProvider(url: string): "sqlite" | "postgresql" {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL), got "${url.split(":")[0]}:..."`,
  );
}

/**
 * The filesystem path of a `file:` URL, resolved against the working directory
 * (`file:./data/x.db` and `file:/abs/x.db` both work). Query strings are dropped.
 */
export function sqliteFilePath(url: string, cwd: string = process.cwd()): string {
  const raw = url.replace(/^file:(\/\/)?/, "").split("?")[0] ?? "";
  return path.resolve(cwd, raw);
}
