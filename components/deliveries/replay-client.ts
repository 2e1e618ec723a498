/**
 * The browser's side of POST /api/deliveries/replay (lib/webhooks/replay-request.ts):
 * the shapes it answers and one call that throws a readable Error for a refused request.
 */
import type { DeliveryLogEntry } from "@/lib/store/read-model";

/** One replay's result as the API answers it. */
export type ReplayResultView =
  | { id: number; ok: true; status: number; answer: string; replay: DeliveryLogEntry | null }
  | { id: number; ok: false; error: string };

export interface ReplayAnswer {
  results: ReplayResultView[];
  /** With a filter: the set's fixed upper id, the next `after` (null when done) and, on the first call, the total. */
  upTo?: number;
  next?: number | null;
  total?: number;
}

/** Calls the API; throws with the API's error (and its first issue) when it refuses. */
export async function replayDeliveries(body: Record<string, unknown>): Promise<ReplayAnswer> {
  const res = await fetch("/api/deliveries/replay", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as ReplayAnswer & { error?: string; issues?: Array<{ message: string }> };
  if (!res.ok) throw new Error(`${json.error ?? `HTTP ${res.status}`}${json.issues?.[0] ? `: ${json.issues[0].message}` : ""}`);
  return json;
}
