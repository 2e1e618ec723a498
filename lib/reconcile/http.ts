/**
 * The operator's JSON API for reconciliation (app/api/reconcile/route.ts):
 * `GET /api/reconcile` answers {@link ReconcileStatus} (settings, the run under
 * way with its progress, the last runs); `POST /api/reconcile` (optional JSON
 * `{"dryRun": true}`) starts a run in the background and answers 202 with the
 * status once it has its locks. Operator only (401 anonymous, 403 viewer);
 * POST refuses another site's page (403, lib/auth/same-origin.ts); 409 when
 * not configured or when a run is already going (here or on another instance).
 */
import { z } from "zod";

import { requireApiPrincipal } from "../auth/authenticate-request";
import { crossOriginResponse, requestForeignOrigin } from "../auth/same-origin";
import { getEnv } from "../env";
import { jsonError } from "../http-json";
import { getLogger } from "../log";
import { getStore } from "../store/client";
import { registeredIngest } from "../webhooks/handle-webhook-request";
import { reconcileSettings, reconcileStatus, runAndRecord } from "./runs";

async function requireOperator(request: Request): Promise<Response | null> {
  const principal = await requireApiPrincipal(request);
  if (principal instanceof Response) return principal;
  return principal.role === "admin" ? null : jsonError(403, "only the operator may reconcile with Asleep");
}

/** GET /api/reconcile. */
export async function reconcileStatusRequest(request: Request): Promise<Response> {
  const refused = await requireOperator(request);
  if (refused) return refused;
  return Response.json(reconcileStatus(getEnv()), { headers: { "cache-control": "no-store" } });
}

const startBody = z.object({ dryRun: z.boolean().optional() }).strict();

/** POST /api/reconcile. */
export async function startReconcileRequest(request: Request): Promise<Response> {
  const origin = requestForeignOrigin(request);
  if (origin !== null) return crossOriginResponse(origin);
  const refused = await requireOperator(request);
  if (refused) return refused;
  const text = await request.text();
  let json: unknown = {};
  try {
    json = text.trim() ? JSON.parse(text) : {};
  } catch {
    return jsonError(400, "body must be JSON: {} or {\"dryRun\": true}");
  }
  const parsed = startBody.safeParse(json);
  if (!parsed.success) return jsonError(400, `body must be {} or {"dryRun": true}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const env = getEnv();
  const settings = reconcileSettings(env);
  if (!settings.configured) return jsonError(409, `reconciliation is not configured: ${settings.reason}`);
  const ingest = registeredIngest();
  if (!ingest) return jsonError(503, "the webhook pipeline is not ready: start Nocturne with server.ts", { "retry-after": "5" });
  const store = await getStore();
  const logger = getLogger();
  const started = await new Promise<Response>((resolve) => {
    runAndRecord({ env, store, ingest, logger }, { trigger: "operator", dryRun: parsed.data.dryRun ?? false, onStarted: () => resolve(Response.json(reconcileStatus(env), { status: 202 })) })
      .then((result) => {
        if (result.kind === "already-running") resolve(jsonError(409, result.message));
      })
      .catch((err: unknown) => {
        logger.error({ err, component: "reconcile" }, "reconciliation run failed");
        resolve(jsonError(500, `reconciliation failed: ${(err as Error).message}`));
      });
  });
  return started;
}
