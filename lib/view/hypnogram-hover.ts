/**
 * What the hypnogram's tooltip says at a point in time, and which cycle
 * labels fit on the axis. Pure, isomorphic.
 */
import { formatClockTime, formatDuration } from "./format";
import type { CycleBand, StageRun } from "./hypnogram-series";
import { EPOCH_SECONDS, STAGE_LABELS, type StageCode } from "../sleep/stages";

/** Nights shorter than this show seconds in the tooltip (two hours). */
export const SHOW_SECONDS_BELOW_MS = 2 * 3600_000;

/** The epoch under a point in time and the stretch (run) it belongs to. */
export interface HoveredEpoch {
  epoch: number;
  /** Index into the runs. */
  run: number;
  stage: number;
  epochStartMs: number;
  runStartMs: number;
  runEndMs: number;
  /** 1-based number of the sleep cycle containing the epoch, if any. */
  cycle: number | null;
}

/**
 * The epoch whose 30-second window `[start, start + 30 s)` contains `t`, and
 * its run. Null outside the night. The epoch is found from the time, not from
 * the nearest chart point, so the first half of a stretch names that stretch.
 * @param t Unix ms under the cursor; startMs Unix ms of epoch 0
 */
export function epochAt(
  runs: readonly StageRun[],
  startMs: number,
  t: number,
  cycles: readonly CycleBand[] = [],
  epochSeconds = EPOCH_SECONDS,
): HoveredEpoch | null {
  const last = runs[runs.length - 1];
  if (!last || !Number.isFinite(t) || t < startMs) return null;
  const epoch = Math.floor((t - startMs) / (epochSeconds * 1000));
  if (epoch >= last.endEpoch) return null;
  let lo = 0;
  let hi = runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid]!.endEpoch <= epoch) lo = mid + 1;
    else hi = mid;
  }
  const r = runs[lo]!;
  const at = (e: number) => startMs + e * epochSeconds * 1000;
  const epochStartMs = at(epoch);
  const cycle = cycles.find((c) => epochStartMs >= c.startMs && epochStartMs < c.endMs)?.number ?? null;
  return {
    epoch,
    run: lo,
    stage: r.stage,
    epochStartMs,
    runStartMs: at(r.startEpoch),
    runEndMs: at(r.endEpoch),
    cycle,
  };
}

/** A stage's name, "No data" for -1 and other codes. */
export function stageName(stage: number): string {
  return stage === -1 ? "No data" : (STAGE_LABELS[stage as StageCode] ?? `Code ${stage}`);
}

/**
 * The tooltip's lines for a hovered epoch: the stage, the epoch's exact
 * window ("Epoch 23:01:00–23:01:30" with seconds on nights under two hours,
 * else "Epoch 01:30"), and the stretch with its duration and cycle.
 */
export function describeHoveredEpoch(
  h: HoveredEpoch,
  timeZone: string,
  nightMs: number,
  epochSeconds = EPOCH_SECONDS,
): { stage: string; epoch: string; stretch: string } {
  const seconds = nightMs < SHOW_SECONDS_BELOW_MS;
  const clock = (ms: number) => formatClockTime(ms, timeZone, { seconds, offsetIfAmbiguous: true });
  const epochEnd = h.epochStartMs + epochSeconds * 1000;
  return {
    stage: stageName(h.stage),
    epoch: seconds ? `Epoch ${clock(h.epochStartMs)}–${clock(epochEnd)}` : `Epoch ${clock(h.epochStartMs)}`,
    stretch:
      `${clock(h.runStartMs)}–${clock(h.runEndMs)}, ${formatDuration((h.runEndMs - h.runStartMs) / 1000)}` +
      (h.cycle !== null ? ` · sleep cycle ${h.cycle}` : ""),
  };
}

/**
 * Which cycle labels to draw so none collide: walking left to right, a label
 * is kept when its centre is at least `minGapPx` from the last kept one.
 * @param centresPx label centres in pixels, in time order
 * @returns indices of the labels to draw
 */
export function thinLabels(centresPx: readonly number[], minGapPx = 28): number[] {
  const kept: number[] = [];
  let lastX = -Infinity;
  centresPx.forEach((x, i) => {
    if (x - lastX >= minGapPx) {
      kept.push(i);
      lastX = x;
    }
  });
  return kept;
}
