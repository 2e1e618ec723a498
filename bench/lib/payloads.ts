/**
 * Asleep deliveries as the bench sends them: official V3 shape (`data`
 * nested), every one unique, stages from the simulator's night generator. A
 * chunk for frame k (5 minutes = 10 epochs of 30 s) carries the 40 epochs of
 * frames k-3..k, like real analyses, fewer at the start of a night.
 */
import { officialInferenceBody } from "../../lib/simulator/asleep-payloads";
import { simulateNight, type SimulatedNight } from "../../lib/simulator/simulate-night";
import { EPOCHS_PER_FRAME } from "../../lib/sleep/stages";

/** Frames in one 8-hour night. */
export const FRAMES_PER_NIGHT = 96;
/** Epochs a chunk covers at most (frames k-3..k). */
export const CHUNK_EPOCHS = 40;

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Simulated nights by session id (the simulator's generator, seeded by the id), kept while a load runs. */
const nights = new Map<string, SimulatedNight>();

function nightOf(sessionId: string): SimulatedNight {
  let night = nights.get(sessionId);
  if (!night) {
    if (nights.size >= 5000) nights.clear();
    night = simulateNight({ seed: hashSeed(sessionId), hours: (FRAMES_PER_NIGHT * EPOCHS_PER_FRAME) / 120, startTime: 0 });
    nights.set(sessionId, night);
  }
  return night;
}

/** An official-shape INFERENCE_COMPLETE body for frame `k` of a session: the 40 epochs ending at the frame's last one. */
export function inferenceBody(userId: string, sessionId: string, k: number): Record<string, unknown> {
  const endEpoch = (k + 1) * EPOCHS_PER_FRAME - 1;
  const startEpoch = Math.max(0, endEpoch - CHUNK_EPOCHS + 1);
  const night = nightOf(sessionId);
  return officialInferenceBody(
    userId,
    sessionId,
    k,
    night.sleepStages.slice(startEpoch, endEpoch + 1),
    night.snoringStages.slice(startEpoch, endEpoch + 1),
  );
}

/** A delivery ready to send: body text, the x-user-id header and its dedupe identity. */
export interface Delivery {
  userId: string;
  sessionId: string;
  inferenceSeqNum: number;
  body: string;
}

/** `sessionId:inferenceSeqNum`, the identity the database checks use. */
export function deliveryKey(sessionId: string, inferenceSeqNum: number): string {
  return `${sessionId}:${inferenceSeqNum}`;
}

/**
 * Unique deliveries spread over `pool` concurrent nights: delivery i goes to
 * night slot i % pool (owned by user `users(slot)`) as frame floor(i / pool),
 * so consecutive requests hit different sessions like real traffic. After 96
 * frames a slot starts a new night. Session ids start with `prefix`.
 */
export function deliveryGenerator(prefix: string, pool: number, users: (slot: number) => string) {
  let i = 0;
  return {
    /** Deliveries produced so far. */
    count: () => i,
    next(): Delivery {
      const slot = i % pool;
      const round = Math.floor(i / pool);
      i++;
      const userId = users(slot);
      const sessionId = `${prefix}-s${slot}-n${Math.floor(round / FRAMES_PER_NIGHT)}`;
      const k = round % FRAMES_PER_NIGHT;
      return { userId, sessionId, inferenceSeqNum: k, body: JSON.stringify(inferenceBody(userId, sessionId, k)) };
    },
  };
}

export type DeliveryGenerator = ReturnType<typeof deliveryGenerator>;

/** Headers of a webhook POST for `userId`. */
export function deliveryHeaders(apiKey: string, userId: string): Record<string, string> {
  return { "content-type": "application/json", "x-api-key": apiKey, "x-user-id": userId };
}
