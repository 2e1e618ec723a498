/**
 * The environment, parsed once with zod. Every setting Nocturne reads is here;
 * the README's configuration table lists the same names.
 * {@link getEnv} throws an Error naming each bad variable.
 */
import { z } from "zod";

import { databaseProvider, defaultDatabaseUrl } from "./store/database-url";

const keyList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean),
  );

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => v || defaultDatabaseUrl())
    .refine(
      (v) => {
        try {
          databaseProvider(v);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must start with "file:" (SQLite) or "postgresql://"' },
    ),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().optional(),
  ASLEEP_API_KEYS: keyList,
  ASLEEP_API_KEY: keyList,
  NOCTURNE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  NOCTURNE_ADMIN_TOKEN: z.string().min(12, "must be at least 12 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).default(5000),
  PG_POOL_MAX: z.coerce.number().int().min(2).max(1000).default(10),
  PG_WRITERS: z.coerce.number().int().min(1).max(64).default(2),
  DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
  NOCTURNE_WEBHOOK_FAST_PATH: z.enum(["0", "1"]).default("1"),
  REDIS_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^rediss?:\/\//.test(v), { message: 'must start with "redis://" or "rediss://"' }),
  NOCTURNE_DRAIN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(5000),
  NOCTURNE_AUTH_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  NOCTURNE_AUTH_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  NOCTURNE_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  NOCTURNE_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
  ASLEEP_API_URL: z
    .string()
    .optional()
    .transform((v) => (v || "https://api.asleep.ai").replace(/\/+$/, ""))
    .refine((v) => /^https?:\/\/[^/]+/.test(v), { message: 'must be an http:// or https:// URL, e.g. "https://api.asleep.ai"' }),
  ASLEEP_REST_API_KEY: z.string().trim().optional(),
  ASLEEP_API_RPS: z.coerce.number().min(0.1).max(100).default(5),
  ASLEEP_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  NOCTURNE_RECONCILE_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(30),
  NOCTURNE_RECONCILE_DAYS: z.coerce.number().int().min(1).max(100).default(3),
  NOCTURNE_PUBLIC_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^https?:\/\/[^/?#\s]+\/?$/.test(v), { message: 'must be an origin such as "https://sleep.example.com" (no path)' }),
  NODE_ENV: z.string().optional(),
});

/**
 * The shape of a webhook key that `npm start` generated (lib/local-env.ts:
 * `asleep_` + 18 random bytes in base64url). Such a key is Nocturne's own, not
 * a customer's Asleep API key, so it is never sent to Asleep's REST API.
 */
const GENERATED_WEBHOOK_KEY = /^asleep_[A-Za-z0-9_-]{24}$/;

/** Nocturne's settings, after defaults. */
export interface Env {
  databaseUrl: string;
  port: number;
  host: string | undefined;
  /** Every accepted Asleep API key (ASLEEP_API_KEYS then ASLEEP_API_KEY), deduplicated. */
  asleepApiKeys: string[];
  secret: string | undefined;
  adminToken: string | undefined;
  logLevel: string;
  sqliteBusyTimeoutMs: number;
  /** PostgreSQL: connections in this instance's pool. */
  pgPoolMax: number;
  /** PostgreSQL: write batches committed at the same time (each holds one pool connection). */
  pgWriters: number;
  /** PostgreSQL: connect, lock-wait and write-statement timeout in milliseconds (a stuck database answers 503 after it). */
  databaseTimeoutMs: number;
  /** server.ts hands POST /asleep-webhook straight to the ingest instead of through Next's router. */
  webhookFastPath: boolean;
  /** Redis for socket.io fan-out across instances; undefined: one instance. */
  redisUrl: string | undefined;
  /** On SIGTERM: how long readiness fails before the instance stops accepting, in milliseconds. */
  drainGraceMs: number;
  /** Failed operator authentications allowed per client address within {@link Env.authWindowSeconds}; then 429. */
  authMaxFailures: number;
  /** The rate limit's sliding window, in seconds. */
  authWindowSeconds: number;
  /** The client address is the last X-Forwarded-For entry (set when behind your own reverse proxy). */
  trustProxy: boolean;
  /** Days a delivery's raw body stays in the audit log before lib/store/prune-audit.ts removes it (the row stays). */
  auditRetentionDays: number;
  /** Asleep's REST API base URL, without a trailing slash (reconciliation, lib/asleep/rest-client.ts). */
  asleepApiUrl: string;
  /**
   * The key sent in `x-api-key` to Asleep's REST API: ASLEEP_REST_API_KEY, else the first
   * webhook key (Asleep's webhook key is the customer's API key) that `npm start` did not
   * generate; undefined: reconciliation is off.
   */
  asleepRestApiKey: string | undefined;
  /** Requests per second the REST client allows itself. */
  asleepApiRps: number;
  /** Timeout of one REST request, in milliseconds. */
  asleepApiTimeoutMs: number;
  /** Minutes between background reconciliation runs; 0: no timer (the CLI and the operator's button still work). */
  reconcileIntervalMinutes: number;
  /** Days back (today included) that a reconciliation run asks Asleep's session list for. */
  reconcileDays: number;
  /** The public origin viewer links point at (no trailing slash); undefined: the origin of the operator's request. */
  publicUrl: string | undefined;
  production: boolean;
}

/** Parses an environment (default `process.env`). Throws an Error naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const r = envSchema.safeParse(source);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = r.data;
  const asleepApiKeys = [...new Set([...e.ASLEEP_API_KEYS, ...e.ASLEEP_API_KEY])];
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST || undefined,
    asleepApiKeys,
    secret: e.NOCTURNE_SECRET,
    adminToken: e.NOCTURNE_ADMIN_TOKEN,
    logLevel: e.LOG_LEVEL,
    sqliteBusyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
    pgPoolMax: e.PG_POOL_MAX,
    pgWriters: Math.min(e.PG_WRITERS, e.PG_POOL_MAX - 1),
    databaseTimeoutMs: e.DATABASE_TIMEOUT_MS,
    webhookFastPath: e.NOCTURNE_WEBHOOK_FAST_PATH === "1",
    redisUrl: e.REDIS_URL || undefined,
    drainGraceMs: e.NOCTURNE_DRAIN_GRACE_MS,
    authMaxFailures: e.NOCTURNE_AUTH_MAX_FAILURES,
    authWindowSeconds: e.NOCTURNE_AUTH_WINDOW_SECONDS,
    trustProxy: e.NOCTURNE_TRUST_PROXY === "1",
    auditRetentionDays: e.NOCTURNE_AUDIT_RETENTION_DAYS,
    asleepApiUrl: e.ASLEEP_API_URL,
    asleepRestApiKey: e.ASLEEP_REST_API_KEY || asleepApiKeys.find((k) => !GENERATED_WEBHOOK_KEY.test(k)),
    asleepApiRps: e.ASLEEP_API_RPS,
    asleepApiTimeoutMs: e.ASLEEP_API_TIMEOUT_MS,
    reconcileIntervalMinutes: e.NOCTURNE_RECONCILE_INTERVAL_MINUTES,
    reconcileDays: e.NOCTURNE_RECONCILE_DAYS,
    publicUrl: e.NOCTURNE_PUBLIC_URL ? e.NOCTURNE_PUBLIC_URL.replace(/\/$/, "") : undefined,
    production: e.NODE_ENV === "production",
  };
}

let cached: Env | undefined;

/** The process environment, parsed on first use. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
