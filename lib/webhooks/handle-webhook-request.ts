/**
 * The one ingest object of a process, shared by the custom server's fast path
 * and Next's route handler for `POST /asleep-webhook`. server.ts builds it with
 * its dependencies ({@link createIngest}) and registers it here; Next bundles
 * the route handler apart from server.ts, so the registry is a globalThis slot
 * (../shared/design.md, "Known pitfall").
 */
import type { DeliveryOutcome, Ingest } from "./ingest-delivery";

const SLOT = Symbol.for("nocturne.ingest");
type Slot = { [SLOT]?: Ingest };

/** Makes `ingest` the process's webhook pipeline (server.ts, and tests that stand in for it). */
export function registerIngest(ingest: Ingest | undefined): void {
  (globalThis as Slot)[SLOT] = ingest;
}

/** The registered pipeline; undefined before server.ts registered one. */
export function registeredIngest(): Ingest | undefined {
  return (globalThis as Slot)[SLOT];
}

/** Turns an outcome into a JSON Response. */
export function outcomeResponse(outcome: DeliveryOutcome): Response {
  return Response.json(outcome.body, { status: outcome.status, headers: outcome.headers });
}

/** Handles one webhook delivery as a web Request (Next's route handler). Never throws. */
export async function handleWebhookRequest(request: Request): Promise<Response> {
  const ingest = registeredIngest();
  if (!ingest) {
    return Response.json({ error: "the webhook is not ready: start Nocturne with server.ts" }, { status: 503, headers: { "retry-after": "5" } });
  }
  return outcomeResponse(
    await ingest({ header: (name) => request.headers.get(name), headerEntries: () => request.headers.entries(), body: request.body }),
  );
}
