/** POST /api/deliveries/replay: the operator replays stored deliveries (lib/webhooks/replay-request.ts). */
import { replayDeliveriesRequest } from "@/lib/webhooks/replay-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = replayDeliveriesRequest;
