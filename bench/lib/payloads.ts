/**
 * Asleep deliveries as the bench sends them: official V3 shape (`data`
 * nested), every one unique. A chunk for frame k (5 minutes = 10 epochs of
 * 30 s) carries the 40 epochs of frames k-3..k, like real analyses, fewer at
 * the start of a night.
 */
import { officialInferenceBody } from "../../lib/simulator/asleep-payloads";

/** Epochs per frame (a frame is 5 minutes of 30-second epochs). */
export const EPOCHS_PER_FRAME = 10;
/** Frames in one 8-hour night. */
export const FRAMES_PER_NIGHT = 96;
/** Epochs a chunk covers at most (frames k-3..k). */
export const CHUNK_EPOCHS = 40;

/**
 * A plausible stage (0 wake, 1 light, 2 deep, 3 REM) for an epoch of a night:
 * 90-minute cycles, deep early, REM late, a little noise from the seed.
 */
export function stageAt(epoch: number, seed: number): number {
  if (epoch < 20) return 0;
  const inCycle = (epoch + (seed % 37)) % 180;
  const late = epoch > 480;
  const noise = ((epoch * 2654435761 + seed * 40503) >>> 0) % 100;
  if (noise < 3) return 0;
  if (inCycle < 60) return 1;
  if (inCycle < 110) return late ? 1 : 2;
  if (inCycle < 150) return late ? 3 : 1;
  return 3;
}

/** One full night of stages (`epochs` values). */
export function nightStages(epochs: number, seed: number): number[] {
  return Array.from({ length: epochs }, (_, e) => stageAt(e, seed));
}

/** Snoring (0/1) on the same grid: light and deep sleep snore sometimes. */
export function snoringAt(stage: number, epoch: number): number {
  return (stage === 1 || stage === 2) && epoch % 7 < 2 ? 1 : 0;
}

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** An official-shape INFERENCE_COMPLETE body for frame `k` of a session. */
export function inferenceBody(userId: string, sessionId: string, k: number): Record<string, unknown> {
  const endEpoch = (k + 1) * EPOCHS_PER_FRAME - 1;
  const startEpoch = Math.max(0, endEpoch - CHUNK_EPOCHS + 1);
  const seed = hashSeed(sessionId);
  const sleep: number[] = [];
  const snoring: number[] = [];
  for (let e = startEpoch; e <= endEpoch; e++) {
    const s = stageAt(e, seed);
    sleep.push(s);
    snoring.push(snoringAt(s, e));
  }
  return officialInferenceBody(userId, sessionId, k, sleep, snoring);
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
