/**
 * Nocturne's HTTP server: one node:http server carrying Next (pages, route
 * handlers) and socket.io, and the webhook's fast path.
 * Wiring only: env -> migrations -> store -> ingest (store, publisher, logger)
 * -> Next -> HTTP server -> socket.io -> listen -> graceful shutdown (stop
 * accepting, finish in-flight deliveries, close sockets and the database, exit 0).
 * `tsx server.ts` (production) or `tsx server.ts --dev`.
 */
import { createServer } from "node:http";

import { parseEnv } from "./lib/env";
import { loadLocalEnv } from "./lib/local-env";
import { getLogger } from "./lib/log";
import { ensureProductionBuild } from "./lib/next-build";
import { publishSleepEvent } from "./lib/realtime/bus";
import { attachSocketServer } from "./lib/realtime/socket-server";
import { startupBanner } from "./lib/startup-banner";
import { closeStore, getStore } from "./lib/store/client";
import { getDeliveryStore } from "./lib/store/delivery-store";
import { applyMigrations } from "./lib/store/migrate";
import { startAuditPruning } from "./lib/store/prune-audit";
import { getLiveSessions } from "./lib/store/queries";
import { registerIngest } from "./lib/webhooks/handle-webhook-request";
import { createIngest } from "./lib/webhooks/ingest-delivery";
import { serveWebhook } from "./lib/webhooks/node-adapter";

const dev = process.argv.includes("--dev");

async function main(): Promise<void> {
  (process.env as Record<string, string>).NODE_ENV ??= dev ? "development" : "production";
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const local = loadLocalEnv({ generate: true });
  const log = getLogger();
  if (local.generated.length) log.info({ file: local.file, generated: local.generated }, "generated missing secrets");
  let env;
  try {
    env = parseEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  process.env.DATABASE_URL = env.databaseUrl;

  if (!dev) ensureProductionBuild();
  const applied = await applyMigrations(env.databaseUrl);
  if (applied.length) log.info({ applied }, "database migrated");
  const store = await getStore();

  // The one webhook pipeline: the fast path below and Next's route handler both call it.
  const deliveries = getDeliveryStore();
  if (env.asleepApiKeys.length === 0) log.warn("no ASLEEP_API_KEYS configured: every webhook delivery will be refused with 401");
  const ingest = createIngest({ store: deliveries.push, apiKeys: env.asleepApiKeys, logger: log, publish: publishSleepEvent });
  registerIngest(ingest);
  const pruning = startAuditPruning(getStore, {
    retentionDays: env.auditRetentionDays,
    onPruned: (pruned) => log.info({ pruned, retentionDays: env.auditRetentionDays }, "audit bodies pruned"),
    onError: (err) => log.warn({ err }, "audit pruning failed; retrying at the next run"),
  });

  const { default: next } = await import("next");
  const app = next({ dev, hostname: env.host ?? "localhost", port: env.port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();

  // POST /asleep-webhook skips Next's router (bench/README.md has the figures); the rest is Next's.
  const server = createServer((req, res) => {
    const path = req.url?.split("?")[0];
    if (env.webhookFastPath && req.method === "POST" && (path === "/asleep-webhook" || path === "/asleep-webhook/")) {
      void serveWebhook(ingest, req, res);
    } else void handle(req, res);
  });
  const realtime = attachSocketServer(server, { loadLiveNights: (userId) => getLiveSessions(store, userId) });

  server.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EADDRINUSE") {
      console.error(`Port ${env.port} is already in use. Stop the other process or start with PORT=<free port>.`);
    } else console.error(err);
    process.exit(1);
  });
  server.listen(env.port, env.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.port;
    log.info({ port, dev, database: store.provider }, "listening");
    console.log(startupBanner(env, port));
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.closeIdleConnections?.();
    // socket.io closes its sockets, then the HTTP server, which waits for in-flight requests.
    await realtime.close();
    await pruning.stop();
    await deliveries.drain();
    await closeStore();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err: Error) => {
  console.error(`Nocturne could not start: ${err.message}`);
  process.exit(1);
});
