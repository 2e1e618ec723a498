/** Helpers for end-to-end tests: posting deliveries and signing in, against the running server. */
import { signAccessToken } from "../../lib/auth/tokens";
import { buildSessionCompletePayload, officialInferenceBody } from "../../lib/simulator/asleep-payloads";

import { BASE_URL, E2E_KEY, E2E_SECRET } from "./e2e-env";

/** POSTs one delivery to /asleep-webhook and returns the status and JSON answer. */
export async function deliver(body: unknown, userId: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${BASE_URL}/asleep-webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": E2E_KEY, "x-user-id": userId },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** An official-shape INFERENCE_COMPLETE for frame `seq`, snoring in light and deep sleep. */
export function inferenceChunk(userId: string, sessionId: string, seq: number, stages: number[]) {
  return officialInferenceBody(userId, sessionId, seq, stages, stages.map((s) => (s === 1 || s === 2 ? 1 : 0)));
}

/** A viewer's sign-in link path, as `npm run link` makes it. */
export async function viewerLink(userId: string): Promise<string> {
  return `/auth/link?token=${await signAccessToken({ role: "viewer", userId }, E2E_SECRET, 3600)}`;
}

/** The session cookie value of a viewer (for socket.io clients outside the browser). */
export async function viewerCookie(userId: string): Promise<string> {
  return `nocturne_session=${await signAccessToken({ role: "viewer", userId }, E2E_SECRET, 3600)}`;
}

/**
 * A SESSION_COMPLETE in Asleep's official shape for a night of the given
 * stages starting at `startIso` (the simulator's stat and peculiarities;
 * `patch` replaces fields of `data`, e.g. a hand-written `stat`).
 */
export function sessionComplete(
  userId: string,
  sessionId: string,
  startIso: string,
  sleepStages: number[],
  options: { timezone?: string; snoring?: number[]; patch?: Record<string, unknown> } = {},
) {
  const night = {
    seed: 1,
    startTime: Date.parse(startIso),
    sleepStages,
    snoringStages: options.snoring ?? sleepStages.map(() => 0),
  };
  const body = buildSessionCompletePayload(night, { userId, sessionId, shape: "official", timezone: options.timezone });
  if ("data" in body && options.patch) Object.assign(body.data, options.patch);
  return body;
}
