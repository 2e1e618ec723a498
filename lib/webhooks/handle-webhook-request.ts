/**
 * `POST /asleep-webhook` as a web Request -> Response function, shared by the
 * Next route handler and the custom server, with its dependencies from the
 * environment (ASLEEP_API_KEYS, DATABASE_URL, LOG_LEVEL).
 */
import { getEnv } from "../env";
import { getLogger } from "../log";
import { publishSleepEvent } from "../realtime/bus";
import { getDeliveryStore } from "../store/delivery-store";
import { createIngest, type DeliveryOutcome } from "./ingest-delivery";

let ingest: ReturnType<typeof createIngest> | undefined;

export function getWebhookIngest(): ReturnType<typeof createIngest> {
  if (!ingest) {
    const env = getEnv();
    if (env.asleepApiKeys.length === 0) {
      getLogger().warn("no ASLEEP_API_KEYS configured: every webhook delivery will be refused with 401");
    }
    ingest = createIngest({ store: (item) => getDeliveryStore().push(item), apiKeys: env.asleepApiKeys, logger: getLogger(), publish: publishSleepEvent });
  }
  return ingest;
}

/** Turns an outcome into a JSON Response. */
export function outcomeResponse(outcome: DeliveryOutcome): Response {
  return Response.json(outcome.body, { status: outcome.status, headers: outcome.headers });
}

/** Handles one webhook delivery. Never throws. */
export async function handleWebhookRequest(request: Request): Promise<Response> {
  const outcome = await getWebhookIngest()({ header: (name) => request.headers.get(name), body: request.body });
  return outcomeResponse(outcome);
}
