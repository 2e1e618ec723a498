/**
 * Replay: runs a stored delivery's body through the SAME ingest pipeline as
 * Asleep's requests (the one server.ts registers), with the headers it arrived
 * with, the first configured API key, `source: "replay"` and `replayOf` its id.
 * So a replay of an accepted delivery is answered `duplicate` and changes
 * nothing, and a delivery that failed while the database was down is stored
 * now. Each replay's answer is recorded by the pipeline as a new log row linked
 * to the original (WebhookDelivery.replayOf).
 */
import type { Store } from "../store/client";
import { getReplaySource, latestReplayOf } from "../store/delivery-log";
import type { DeliveryLogEntry } from "../store/read-model";
import type { DeliveryRequest, Ingest } from "./ingest-delivery";

/** The result of replaying one delivery. */
export type ReplayResult =
  | {
      id: number;
      ok: true;
      /** The pipeline's HTTP answer to the replay. */
      status: number;
      /** The answer's `status` field ("accepted", "duplicate", "ignored") or its error. */
      answer: string;
      /** The replay's own log row; null when not written yet (a 503: written once the database is back). */
      replay: DeliveryLogEntry | null;
    }
  | { id: number; ok: false; error: string };

export interface ReplayDeps {
  store: Store;
  ingest: Ingest;
  /** The key the replay authenticates with (the first configured one). */
  apiKey: string;
}

/** Headers a replay does not take from the stored request: it sends its own key and body. */
const NOT_REPLAYED = new Set(["x-api-key", "content-length", "transfer-encoding", "connection", "host"]);

/**
 * The request a replay sends: the stored headers (credentials were never
 * stored) and body, the given key; a row from before headers were recorded
 * gets `content-type: application/json` and its stored user as `x-user-id`.
 */
export function replayRequest(
  source: { id: number; body: string; headers: Record<string, string> | null; userId: string | null },
  apiKey: string,
): DeliveryRequest {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(source.headers ?? {})) {
    if (!NOT_REPLAYED.has(name.toLowerCase())) headers.set(name.toLowerCase(), value);
  }
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  if (!headers.has("x-user-id") && source.userId) headers.set("x-user-id", source.userId);
  const entries = [...headers];
  headers.set("x-api-key", apiKey);
  return {
    header: (name) => headers.get(name.toLowerCase()) ?? null,
    headerEntries: () => entries,
    body: new Blob([source.body]).stream(),
    source: "replay",
    replayOf: source.id,
  };
}

/** Replays one delivery (see the module comment). Never throws for a delivery that cannot be replayed: `ok: false` says why. */
export async function replayDelivery(deps: ReplayDeps, id: number): Promise<ReplayResult> {
  const source = await getReplaySource(deps.store, id);
  if (!source) return { id, ok: false, error: `no delivery ${id}` };
  if (source.body === null) {
    return { id, ok: false, error: "its body was pruned (older than NOCTURNE_AUDIT_RETENTION_DAYS): it cannot be replayed" };
  }
  if (source.body === "") return { id, ok: false, error: "no body was stored for it: it cannot be replayed" };
  if (source.bodyTruncated) return { id, ok: false, error: "only the first 64 KiB of its body were stored: it cannot be replayed" };
  const previous = await latestReplayOf(deps.store, id);
  const outcome = await deps.ingest(replayRequest({ ...source, body: source.body }, deps.apiKey));
  const answer = typeof outcome.body.status === "string" ? outcome.body.status : String(outcome.body.error ?? outcome.status);
  const latest = await latestReplayOf(deps.store, id);
  return { id, ok: true, status: outcome.status, answer, replay: latest && latest.id !== previous?.id ? latest : null };
}

/** Replays deliveries one after another, in id order. */
export async function replayDeliveries(deps: ReplayDeps, ids: readonly number[]): Promise<ReplayResult[]> {
  const out: ReplayResult[] = [];
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) out.push(await replayDelivery(deps, id));
  return out;
}
