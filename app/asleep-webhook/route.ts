/** POST /asleep-webhook: Asleep's deliveries. All the work is in lib/webhooks/. */
import { handleWebhookRequest } from "@/lib/webhooks/handle-webhook-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = handleWebhookRequest;
