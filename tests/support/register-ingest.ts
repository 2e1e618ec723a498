/**
 * What server.ts does before Next serves the webhook route, for tests that call
 * the route handler directly: build the one ingest pipeline from the
 * environment and register it.
 */
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { publishSleepEvent } from "@/lib/realtime/bus";
import { getDeliveryStore } from "@/lib/store/delivery-store";
import { registerIngest } from "@/lib/webhooks/handle-webhook-request";
import { createIngest } from "@/lib/webhooks/ingest-delivery";

export function registerIngestFromEnv(): void {
  registerIngest(
    createIngest({ store: getDeliveryStore().push, apiKeys: getEnv().asleepApiKeys, logger: getLogger(), publish: publishSleepEvent }),
  );
}
