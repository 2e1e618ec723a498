/**
 * Nocturne's HTTP server: one node:http server carrying Next (pages, route
 * handlers including POST /asleep-webhook) and socket.io.
 * Wiring only: env -> migrations -> Next -> HTTP server (webhook fast path) ->
 * socket.io -> listen -> graceful shutdown (stop accepting, finish in-flight
 * deliveries, close sockets and the database, exit 0). `tsx server.ts` (production) or `tsx server.ts --dev`.
 */
import { createServer } from "node:http";

import { closeDb } from "./lib/store/client";
import { parseEnv } from "./lib/env";
import { loadLocalEnv } from "./lib/local-env";
import { getLogger } from "./lib/log";
import { applyMigrations } from "./lib/store/migrate";
import { ensureProductionBuild } from "./lib/next-build";
import { startupBanner } from "./lib/startup-banner";
import { attachSocketServer } from "./lib/realtime/socket-server";
import { getDeliveryStore } from "./lib/store/delivery-store";
import { getWebhookIngest } from "./lib/webhooks/handle-webhook-request";
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
  const applied = applyMigrations(env.databaseUrl);
  if (applied.length) log.info({ applied }, "database migrated");

  const { default: next } = await import("next");
  const app = next({ dev, hostname: env.host ?? "localhost", port: env.port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();

  // POST /asleep-webhook goes straight to the same ingest the route handler
  // uses, skipping Next's router (bench/README.md has the figures); the rest is Next's.
  const ingest = getWebhookIngest();
  const server = createServer((req, res) => {
    const path = req.url?.split("?")[0];
    if (env.webhookFastPath && req.method === "POST" && (path === "/asleep-webhook" || path === "/asleep-webhook/")) {
      void serveWebhook(ingest, req, res);
    } else void handle(req, res);
  });
  const realtime = attachSocketServer(server);

  server.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EADDRINUSE") {
      console.error(`Port ${env.port} is already in use. Stop the other process or start with PORT=<free port>.`);
    } else console.error(err);
    process.exit(1);
  });
  server.listen(env.port, env.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.port;
    log.info({ port, dev }, "listening");
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
    await getDeliveryStore().drain();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err: Error) => {
  console.error(`Nocturne could not start: ${err.message}`);
  process.exit(1);
});
