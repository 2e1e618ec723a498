/**
 * Configuration rules for running several instances. With PostgreSQL or Redis
 * configured, Nocturne is (or may be) one of several instances, and each must
 * use the same secrets: an instance that generated its own would reject the
 * others' cookies and keys. Such an instance never generates secrets and
 * refuses to start without them.
 */
import { databaseProvider, defaultDatabaseUrl } from "./store/database-url";

type Source = Record<string, string | undefined>;

/** Why this configuration is a cluster's ("DATABASE_URL is PostgreSQL", "REDIS_URL is set"), or null for a lone SQLite instance. */
export function clusterReason(env: Source): string | null {
  const reasons: string[] = [];
  try {
    if (databaseProvider(env.DATABASE_URL || defaultDatabaseUrl()) === "postgresql") reasons.push("DATABASE_URL is PostgreSQL");
  } catch {
    // an invalid URL is reported by lib/env.ts
  }
  if (env.REDIS_URL) reasons.push("REDIS_URL is set");
  return reasons.length ? reasons.join(" and ") : null;
}

/** The shared secrets missing from `env` (the Asleep key counts when either ASLEEP_API_KEYS or ASLEEP_API_KEY is set). */
export function missingSharedSecrets(env: Source): string[] {
  const missing: string[] = [];
  if (!env.NOCTURNE_SECRET) missing.push("NOCTURNE_SECRET");
  if (!env.NOCTURNE_ADMIN_TOKEN) missing.push("NOCTURNE_ADMIN_TOKEN");
  if (!env.ASLEEP_API_KEYS && !env.ASLEEP_API_KEY) missing.push("ASLEEP_API_KEYS");
  return missing;
}

/** The message an instance prints when it refuses to start for missing shared secrets. */
export function missingSecretsMessage(reason: string, missing: readonly string[]): string {
  return [
    `Nocturne will not start: ${reason}, so it may be one of several instances, and every instance must use the`,
    `same secrets. Missing: ${missing.join(", ")}.`,
    "Set them in the environment (or in .env.local), with the same values on every instance (docs/deploy.md).",
    "To make a fresh set once (when there is no .env.local yet): npm run -s secrets > .env.local",
  ].join("\n");
}
