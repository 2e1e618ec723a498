/**
 * Nocturne's HTTP server: one node:http server carrying Next (pages, route
 * handlers), socket.io, the webhook's fast path and the operator's probes.
 * Wiring only: env -> migrations -> store -> ingest (store, publisher, logger,
 * metrics) -> background jobs (audit pruning, reconciliation) -> Next -> HTTP server (/healthz, /readyz, /metrics, webhook fast
 * path, then Next) -> socket.io (+ Redis fan-out) -> listen -> graceful
 * shutdown. `tsx server.ts` (production) or `tsx server.ts --dev`.
 *
 * Shutdown (SIGTERM or SIGINT): readiness fails at once; after
 * NOCTURNE_DRAIN_GRACE_MS on SIGTERM (the balancer's time to notice; none on
 * Ctrl-C) the server stops
 * accepting, closes its sockets (browsers reconnect, through the balancer, to
 * another instance), finishes in-flight deliveries, closes the database and exits 0.
 */
import { createServer } from "node:http";

import { stampClientAddress } from "./lib/auth/client-address";
import { clusterReason, missingSecretsMessage, missingSharedSecrets } from "./lib/cluster-config";
import { parseEnv } from "./lib/env";
import { httpServerOptions, REQUEST_TIMEOUT_MS } from "./lib/http-timeouts";
import { loadLocalEnv } from "./lib/local-env";
import { getLogger } from "./lib/log";
import { getMetrics } from "./lib/metrics";
import { ensureProductionBuild } from "./lib/next-build";
import { serveOps } from "./lib/ops-endpoints";
import { publishSleepEvent } from "./lib/realtime/bus";
import { attachRedisFanout, deploymentChannel, type RedisFanout } from "./lib/realtime/redis-fanout";
import { attachSocketServer } from "./lib/realtime/socket-server";
import { reconcileSettings, startReconcileTimer, stopReconcileRuns } from "./lib/reconcile/runs";
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

/** Whether every %XX escape of a path decodes (to valid UTF-8, and not to NUL). */
function isDecodablePath(path: string | undefined): boolean {
  if (!path || !path.includes("%")) return true;
  try {
    return !decodeURIComponent(path).includes("\u0000");
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  (process.env as Record<string, string>).NODE_ENV ??= dev ? "development" : "production";
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  // One of several instances: never generate secrets (each would make its own).
  const cluster = clusterReason(process.env);
  const local = loadLocalEnv({ generate: !cluster });
  const log = getLogger();
  if (local.generated.length) log.info({ file: local.file, generated: local.generated }, "generated missing secrets");
  const missing = cluster ? missingSharedSecrets(process.env) : [];
  if (cluster && missing.length) {
    console.error(missingSecretsMessage(cluster, missing));
    process.exit(1);
  }
  let env;
  try {
    env = parseEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  process.env.DATABASE_URL = env.databaseUrl;

  if (!dev) ensureProductionBuild(process.cwd(), console.log, { onlyIfMissing: Boolean(cluster) });
  const applied = await applyMigrations(env.databaseUrl);
  if (applied.length) log.info({ applied }, "database migrated");
  const store = await getStore();
  const metrics = getMetrics();

  // The one webhook pipeline: the fast path below and Next's route handler both call it.
  const deliveries = getDeliveryStore((size, seconds) => {
    metrics.batchSize.observe(size);
    metrics.batchCommitSeconds.observe(seconds);
  });
  if (env.asleepApiKeys.length === 0) log.warn("no ASLEEP_API_KEYS configured: every webhook delivery will be refused with 401");
  const ingest = createIngest({
    store: deliveries.push,
    apiKeys: env.asleepApiKeys,
    logger: log,
    publish: publishSleepEvent,
    onAnswered: ({ event, outcome, status, seconds }) => {
      metrics.deliveries.inc({ event, outcome, status: String(status) });
      metrics.ingestSeconds.observe(seconds);
    },
  });
  registerIngest(ingest);
  const pruning = startAuditPruning(getStore, {
    retentionDays: env.auditRetentionDays,
    onPruned: (pruned) => log.info({ pruned, retentionDays: env.auditRetentionDays }, "audit bodies pruned"),
    onError: (err) => log.warn({ err }, "audit pruning failed; retrying at the next run"),
  });
  // Reconciliation with Asleep's REST API: a minute after start, then every NOCTURNE_RECONCILE_INTERVAL_MINUTES.
  const reconcile = reconcileSettings(env);
  const reconciling =
    reconcile.configured && reconcile.intervalMinutes > 0
      ? startReconcileTimer(async () => ({ env, store: await getStore(), ingest, logger: log }), {
          intervalMinutes: reconcile.intervalMinutes,
          onError: (err) => log.warn({ err }, "reconciliation run failed; retrying at the next run"),
        })
      : null;
  if (!reconcile.configured) log.info({ reason: reconcile.reason }, "reconciliation with Asleep is off");

  const { default: next } = await import("next");
  const app = next({ dev, hostname: env.host ?? "localhost", port: env.port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();

  let draining = false;
  let fanout: RedisFanout | null = null;
  const ops = {
    pingDatabase: (ms: number) => store.ping(ms),
    ...(env.redisUrl ? { pingRedis: (ms: number) => (fanout ? fanout.ping(ms) : Promise.reject(new Error("not connected"))) } : {}),
    draining: () => draining,
    metrics,
  };
  // Probes first (they answer while Next drains); POST /asleep-webhook skips Next's router
  // (bench/README.md has the figures); the rest is Next's.
  const server = createServer(httpServerOptions(), (req, res) => {
    res.setHeader("x-content-type-options", "nosniff"); // answers outside Next too (webhook fast path); proxy.ts adds the rest
    if (serveOps(ops, req, res)) return;
    const path = req.url?.split("?")[0];
    if (!isDecodablePath(path)) {
      // Next answers a malformed percent-encoding (/sessions/%ff) with a bare 500.
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "malformed percent-encoding in the URL path" }));
      return;
    }
    if (env.webhookFastPath && req.method === "POST" && (path === "/asleep-webhook" || path === "/asleep-webhook/")) {
      void serveWebhook(ingest, req, res);
    } else {
      stampClientAddress(req, env.trustProxy); // route handlers see no TCP peer: per-address sign-in limits need it
      void handle(req, res);
    }
  });
  const realtime = attachSocketServer(server, {
    loadLiveNights: (userId) => getLiveSessions(store, userId),
    crossInstance: () => fanout !== null,
    onEmit: (type) => metrics.eventsEmitted.inc({ type }),
  });
  if (env.redisUrl) {
    fanout = await attachRedisFanout(realtime.io, env.redisUrl, log.child({ component: "redis" }), deploymentChannel(env.secret ?? ""));
  }
  metrics.gauges({
    queueDepth: deliveries.depth,
    pool: store.poolStats,
    sockets: () => realtime.io.engine.clientsCount,
  });

  server.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EADDRINUSE") {
      console.error(`Port ${env.port} is already in use. Stop the other process or start with PORT=<free port>.`);
    } else console.error(err);
    process.exit(1);
  });
  server.listen(env.port, env.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.port;
    log.info({ port, dev, database: store.provider, redis: Boolean(env.redisUrl) }, "listening");
    console.log(startupBanner(env, port, { ...local, tty: Boolean(process.stdout.isTTY) }));
  });

  const shutdown = async (signal: string) => {
    if (draining) return;
    draining = true;
    // SIGTERM comes from a process manager behind a balancer: give it time to see readiness fail.
    // SIGINT is someone pressing Ctrl-C: stop now.
    const graceMs = signal === "SIGTERM" ? env.drainGraceMs : 0;
    log.info({ signal, graceMs }, "draining: readiness fails now");
    // A reconciliation run stops at its next step; what it already sent to the pipeline is drained below.
    const reconcileStopped = reconciling ? reconciling.stop() : stopReconcileRuns();
    // In-flight requests may take up to the request timeout (lib/http-timeouts.ts) to finish.
    const force = setTimeout(() => {
      log.error("shutdown: requests still in flight after the request timeout; exiting anyway");
      process.exit(1);
    }, graceMs + REQUEST_TIMEOUT_MS + 5_000);
    force.unref();
    await new Promise((r) => setTimeout(r, graceMs));
    log.info("shutting down");
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections?.();
    // Closing socket.io's transports makes browsers reconnect (to another instance behind the balancer).
    await realtime.close();
    await closed;
    await pruning.stop();
    await reconcileStopped;
    await deliveries.drain();
    await fanout?.close();
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
