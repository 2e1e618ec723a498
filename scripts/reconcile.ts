/**
 * `npm run reconcile -- [--user ID] [--days N] [--dry-run]`
 * One reconciliation run with Asleep's REST API (lib/reconcile/reconcile.ts)
 * on DATABASE_URL, with the settings of the server (ASLEEP_API_URL,
 * ASLEEP_REST_API_KEY or ASLEEP_API_KEYS, ASLEEP_API_RPS, ...; .env.local counts).
 * Shows a progress bar on a terminal (a plain line per step otherwise, on
 * stderr), then prints the summary table and any failures on stdout.
 * Exit code: 0 when everything was reconciled; 1 when Asleep refused the key
 * (401), a session failed, the run stopped early or another run was going;
 * 2 for bad arguments or missing configuration.
 */
import { parseArgs } from "node:util";

import pino from "pino";

import { createAsleepRestClient } from "../lib/asleep/rest-client";
import { parseEnv } from "../lib/env";
import { loadLocalEnv } from "../lib/local-env";
import { publishSleepEvent } from "../lib/realtime/bus";
import { runReconciliation, type ReconcileProgress, type ReconcileSummary } from "../lib/reconcile/reconcile";
import { reconcileSettings } from "../lib/reconcile/runs";
import { closeStore, getStore } from "../lib/store/client";
import { getDeliveryStore } from "../lib/store/delivery-store";
import { applyMigrations } from "../lib/store/migrate";
import { createIngest } from "../lib/webhooks/ingest-delivery";

const USAGE = "usage: npm run reconcile -- [--user <asleep user id>] [--days 3] [--dry-run]";

/** The summary as an aligned two-column table, then one line per failure. */
export function formatSummary(s: ReconcileSummary): string {
  const rows: Array<[string, string]> = [
    ["checked", String(s.checked)],
    ["fetched", String(s.fetched)],
    [s.dryRun ? "would store" : "stored", String(s.stored)],
    ["already there", String(s.alreadyThere)],
    ["not complete at Asleep", String(s.pending)],
    ["failed", String(s.failed.length)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v.padStart(6)}`);
  const scope = `${s.userId ? `user ${s.userId}` : "every known user"}, last ${s.days} day${s.days === 1 ? "" : "s"}${s.dryRun ? ", dry run (nothing stored)" : ""}`;
  const out = [`Reconciliation with Asleep (${scope})`, ...lines];
  for (const f of s.failed) out.push(`  failed: ${f.sessionId ? `session ${f.sessionId}` : "session list"} of ${f.userId}: ${f.reason}`);
  if (s.stoppedBy) out.push(`Stopped early: ${s.stoppedBy}`);
  return out.join("\n");
}

function progressLine(tty: boolean) {
  let drawn = false;
  return {
    update(p: ReconcileProgress) {
      const c = p.counts;
      const text = `${p.done}/${p.total} ${p.phase === "quiet-nights" ? "night" : "user"} ${p.label}: stored ${c.stored}, already there ${c.alreadyThere}, failed ${c.failed}`;
      if (!tty) return void process.stderr.write(`${text}\n`);
      const width = 24;
      const filled = p.total ? Math.round((p.done / p.total) * width) : width;
      process.stderr.write(`\r\x1b[2K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${text}`.slice(0, (process.stderr.columns || 100) + 6));
      drawn = true;
    },
    end() {
      if (drawn) process.stderr.write("\n");
    },
  };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { user: { type: "string" }, days: { type: "string" }, "dry-run": { type: "boolean", default: false }, help: { type: "boolean", default: false } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  loadLocalEnv();
  const env = parseEnv();
  const days = args.values.days === undefined ? env.reconcileDays : Number(args.values.days);
  if (!Number.isInteger(days) || days < 1 || days > 100) {
    console.error(`--days must be a whole number of days from 1 to 100\n${USAGE}`);
    return 2;
  }
  const settings = reconcileSettings(env);
  if (!settings.configured) {
    console.error(`Reconciliation is not configured: ${settings.reason}.`);
    return 2;
  }
  await applyMigrations(env.databaseUrl);
  const store = await getStore();
  // Log lines go to stderr (warnings by default), so stdout carries only the summary.
  const logger = pino({ level: process.env.LOG_LEVEL ?? "warn", base: { app: "nocturne-reconcile" } }, pino.destination(2));
  const deliveries = getDeliveryStore();
  // The same pipeline as the server's webhook. Nothing subscribes here: viewers see what this stores on their next load.
  const ingest = createIngest({ store: deliveries.push, apiKeys: env.asleepApiKeys, logger, publish: publishSleepEvent });
  const client = createAsleepRestClient({
    baseUrl: env.asleepApiUrl,
    apiKey: env.asleepRestApiKey!,
    requestsPerSecond: env.asleepApiRps,
    timeoutMs: env.asleepApiTimeoutMs,
  });
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());
  process.once("SIGTERM", () => abort.abort());
  const line = progressLine(Boolean(process.stderr.isTTY));
  try {
    const result = await runReconciliation(
      { store, client, ingest, webhookKey: env.asleepApiKeys[0]!, logger },
      { userId: args.values.user, days, dryRun: args.values["dry-run"], trigger: "cli", signal: abort.signal, onProgress: (p) => line.update(p) },
    );
    line.end();
    if (result.kind === "already-running") {
      console.error(`Not started: ${result.message}.`);
      return 1;
    }
    console.log(formatSummary(result.summary));
    return result.summary.stoppedBy || result.summary.failed.length ? 1 : 0;
  } finally {
    await deliveries.drain();
    await closeStore();
  }
}

if (process.argv[1] && /reconcile\.ts$/.test(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`reconcile failed: ${err.message}`);
      process.exit(1);
    },
  );
}
