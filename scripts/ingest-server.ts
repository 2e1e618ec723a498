/**
 * `tsx scripts/ingest-server.ts`: Nocturne's webhook and JSON read API in a
 * real server process, without Next's pages or socket.io, for the
 * reliability suite (chaos, crash and disk-full tests) and `npm run chaos`.
 * It is server.ts's wiring minus Next: the same migrations, store, group
 * commit queue, ingest pipeline and Node fast path for POST /asleep-webhook,
 * and the same route handlers for GET /api/sessions/:id and
 * GET /api/users/:id/sessions (called with a web Request), so what it stores
 * and answers is what Nocturne stores and answers. No build needed.
 *
 * Environment as for server.ts (DATABASE_URL, ASLEEP_API_KEYS,
 * NOCTURNE_ADMIN_TOKEN, NOCTURNE_SECRET, SQLITE_BUSY_TIMEOUT_MS, PORT; PORT 0
 * takes a free port). Prints one line `{"listening":<port>}` on stdout when ready.
 * SIGTERM/SIGINT: finish in-flight deliveries, close the database, exit 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

import { GET as getSessionRoute } from "../app/api/sessions/[sessionId]/route";
import { GET as listSessionsRoute } from "../app/api/users/[userId]/sessions/route";
import { parseEnv } from "../lib/env";
import { getLogger } from "../lib/log";
import { closeStore, getStore } from "../lib/store/client";
import { getDeliveryStore } from "../lib/store/delivery-store";
import { applyMigrations } from "../lib/store/migrate";
import { registerIngest } from "../lib/webhooks/handle-webhook-request";
import { createIngest } from "../lib/webhooks/ingest-delivery";
import { serveWebhook } from "../lib/webhooks/node-adapter";

/** Runs a route handler on a Node request and writes its Response. */
async function serveRoute(
  req: IncomingMessage,
  res: ServerResponse,
  handler: (request: Request) => Promise<Response>,
): Promise<void> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  let response: Response;
  try {
    response = await handler(new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { headers }));
  } catch (err) {
    getLogger().error({ err }, "read API error");
    response = Response.json({ error: "internal error" }, { status: 500 });
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": body.length });
  res.end(body);
}

async function main(): Promise<void> {
  const env = parseEnv();
  const log = getLogger();
  process.env.DATABASE_URL = env.databaseUrl;
  await applyMigrations(env.databaseUrl);
  await getStore();
  const deliveries = getDeliveryStore();
  const ingest = createIngest({ store: deliveries.push, apiKeys: env.asleepApiKeys, logger: log, publish: () => {} });
  registerIngest(ingest);

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const session = /^\/api\/sessions\/([^/]+)$/.exec(path);
    const user = /^\/api\/users\/([^/]+)\/sessions$/.exec(path);
    if (req.method === "POST" && (path === "/asleep-webhook" || path === "/asleep-webhook/")) void serveWebhook(ingest, req, res);
    else if (req.method === "GET" && session) {
      void serveRoute(req, res, (r) => getSessionRoute(r, { params: Promise.resolve({ sessionId: decodeURIComponent(session[1]!) }) }));
    } else if (req.method === "GET" && user) {
      void serveRoute(req, res, (r) => listSessionsRoute(r, { params: Promise.resolve({ userId: decodeURIComponent(user[1]!) }) }));
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
    }
  });
  server.listen(env.port, env.host ?? "127.0.0.1", () => {
    const address = server.address();
    console.log(JSON.stringify({ listening: typeof address === "object" && address ? address.port : env.port }));
  });

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeIdleConnections?.();
    await deliveries.drain();
    await closeStore();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((err: Error) => {
  console.error(`ingest server could not start: ${err.message}`);
  process.exit(1);
});
