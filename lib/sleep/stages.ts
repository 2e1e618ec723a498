/**
 * Sleep stage codes as Asleep sends them, one value per 30-second epoch
 * (../shared/asleep-webhooks.md, "Stage codes"). Isomorphic: no Node imports.
 */

/** Length of one epoch, in seconds. */
export const EPOCH_SECONDS = 30;
/** Epochs per Asleep frame (one INFERENCE_COMPLETE step, 5 minutes). */
export const EPOCHS_PER_FRAME = 10;
/**
 * The longest night Nocturne stores: 24 hours of 30-second epochs (2880).
 * The wire contract (lib/asleep/webhook-schema.ts) refuses longer arrays and
 * later `seq_num`s with a 400 naming this bound.
 */
export const MAX_NIGHT_EPOCHS = 2880;

export const Stage = {
  Unknown: -1,
  Wake: 0,
  Light: 1,
  Deep: 2,
  Rem: 3,
} as const;
export type StageCode = (typeof Stage)[keyof typeof Stage];

/** True for light, deep and REM (codes 1-3). On 2-stage plans, 1 means "sleep". */
export function isSleepStage(code: number): boolean {
  return code >= 1 && code <= 3;
}

/** Human names, in the conventional hypnogram order (Wake on top). */
export const STAGE_LABELS: Record<StageCode, string> = {
  [-1]: "Unknown",
  0: "Wake",
  3: "REM",
  1: "Light",
  2: "Deep",
};

/**
 * Index of the last epoch of a FULL 5-minute frame: `(inferenceSeqNum + 1) * 10 - 1`.
 * This is a full frame's `seq_num`; chunks are placed by their own `seq_num`
 * (lib/sleep/assemble-hypnogram.ts), never by this.
 */
export function frameEndEpoch(inferenceSeqNum: number): number {
  return (inferenceSeqNum + 1) * EPOCHS_PER_FRAME - 1;
}
