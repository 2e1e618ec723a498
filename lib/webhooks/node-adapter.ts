/**
 * The custom server's direct path to the webhook: the same ingest pipeline as
 * the Next route handler, called on Node's request and response objects
 * without going through Next's router (see server.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";

import type { Ingest } from "./ingest-delivery";

/** Runs one delivery from a Node request and writes the JSON answer. */
export async function serveWebhook(
  ingest: Ingest,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const header = (name: string): string | null => {
    const v = req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(", ") : (v ?? null);
  };
  const headerEntries = function* (): Iterable<[string, string]> {
    for (const [name, v] of Object.entries(req.headers)) {
      if (v !== undefined) yield [name, Array.isArray(v) ? v.join(", ") : v];
    }
  };
  const outcome = await ingest({ header, headerEntries, body: req });
  const body = JSON.stringify(outcome.body);
  res.writeHead(outcome.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...outcome.headers,
  });
  res.end(body);
}
