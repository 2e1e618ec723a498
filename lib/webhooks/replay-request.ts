/**
 * POST /api/deliveries/replay: the operator replays stored deliveries
 * (./replay-deliveries.ts). Operator only; cross-site requests are refused like
 * the other operator POSTs (lib/auth/same-origin.ts). The JSON body is one of:
 * - `{ "ids": [12, 40] }`: those deliveries (1-50), in id order;
 * - `{ "filter": {...}, "after"?: id, "upTo"?: id, "limit"?: n }`: the next
 *   `limit` (1-50, default 20) failed deliveries matching the log's filter
 *   (lib/store/delivery-log.ts; `from`/`to` ISO 8601), in id order after
 *   `after`. The first call (no `upTo`) also answers `total` and the `upTo`
 *   that fixes the set; pass both back with `after: next` until `next` is null.
 * Answers `{ results: ReplayResult[] }` (+ `total`, `upTo`, `next` for a filter);
 * 400 with `issues` for a bad body, 401/403, 503 when the pipeline or the database is not there.
 */
import { z } from "zod";

import { requireApiPrincipal } from "../auth/authenticate-request";
import { crossOriginResponse, requestForeignOrigin } from "../auth/same-origin";
import { getEnv } from "../env";
import { jsonError, withDatabaseErrors } from "../http-json";
import { getLogger } from "../log";
import { getStore } from "../store/client";
import { countReplayCandidates, deliveryFilterSchema, listReplayCandidates } from "../store/delivery-log";
import { registeredIngest } from "./handle-webhook-request";
import { replayDeliveries } from "./replay-deliveries";

/** Deliveries replayed per request at most (the browser walks a larger set in batches). */
export const MAX_REPLAY_BATCH = 50;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const replayBodySchema = z.union([
  z.object({ ids: z.array(id).min(1).max(MAX_REPLAY_BATCH) }).strict(),
  z
    .object({
      filter: deliveryFilterSchema,
      after: z.number().int().min(0).default(0),
      upTo: id.optional(),
      limit: z.number().int().min(1).max(MAX_REPLAY_BATCH).default(20),
    })
    .strict()
    .refine((b) => !b.filter.outcome || b.filter.outcome === "failed", {
      message: "only failed deliveries are replayed by filter (replay others by id)",
      path: ["filter", "outcome"],
    }),
]);

/** Handles the request (see the module comment). */
export const replayDeliveriesRequest = withDatabaseErrors(async (request: Request): Promise<Response> => {
  const origin = requestForeignOrigin(request);
  if (origin !== null) return crossOriginResponse(origin);
  const principal = await requireApiPrincipal(request);
  if (principal instanceof Response) return principal;
  if (principal.role !== "admin") return jsonError(403, "only the operator may replay deliveries");

  let json: unknown;
  try {
    json = await request.json();
  } catch {
    return jsonError(400, "the body must be JSON");
  }
  const parsed = replayBodySchema.safeParse(json);
  if (!parsed.success) {
    return Response.json(
      { error: "invalid replay request", issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) },
      { status: 400 },
    );
  }
  const ingest = registeredIngest();
  if (!ingest) return jsonError(503, "the webhook pipeline is not running: start Nocturne with server.ts", { "retry-after": "5" });
  const apiKey = getEnv().asleepApiKeys[0];
  if (!apiKey) return jsonError(503, "no API key is configured (ASLEEP_API_KEYS): a replay authenticates like Asleep does");
  const store = await getStore();
  const deps = { store, ingest, apiKey };
  const log = getLogger().child({ component: "replay" });

  const body = parsed.data;
  if ("ids" in body) {
    const results = await replayDeliveries(deps, body.ids);
    log.info({ ids: body.ids, results: results.map((r) => (r.ok ? r.answer : r.error)) }, "deliveries replayed");
    return Response.json({ results });
  }
  const fixed = body.upTo === undefined ? await countReplayCandidates(store, body.filter) : { total: undefined, upTo: body.upTo };
  const ids = await listReplayCandidates(store, body.filter, { after: body.after, upTo: fixed.upTo, limit: body.limit });
  const results = await replayDeliveries(deps, ids);
  log.info({ ids, results: results.map((r) => (r.ok ? r.answer : r.error)) }, "failed deliveries replayed");
  const next = ids.length === body.limit ? ids[ids.length - 1]! : null;
  return Response.json({ results, upTo: fixed.upTo, next, ...(fixed.total === undefined ? {} : { total: fixed.total }) });
});
