/**
 * A seeded night simulator: per-epoch sleep and snoring stages for one night.
 * Pure and isomorphic (no Node imports): the `npm run simulate` CLI, tests and
 * demos share it; the Asleep webhook bodies built from a night are in
 * ../webhooks/build-asleep-payloads.ts.
 *
 * The model (all durations drawn from one seeded PRNG, so a seed is a night):
 * - sleep onset latency: 5-25 min of wake; a final awakening: 2-8 min of wake;
 * - between them, NREM-REM cycles of ~90 min (+-15 %), each light -> deep ->
 *   light -> REM; deep sleep ~32 min in the first cycle, ~11 min less in each
 *   later one; REM ~8 min in the first cycle, ~7 min more in each later one;
 * - brief light-sleep blips inside deep and REM periods;
 * - a few brief awakenings (1-3 min), most at a cycle boundary, the rest
 *   from light sleep; one night in four also a 5-15 min awakening late in it;
 * - a few short runs (30 s-3 min) of unknown epochs (-1) in the sleep
 *   period, never inside REM;
 * - snoring as bouts that start mostly in light and deep sleep, rarely in REM.
 */
import { mulberry32, randInt, type Rng, uniform } from "./seeded-random";
import { EPOCH_SECONDS, MAX_NIGHT_EPOCHS, Stage } from "../sleep/stages";

/** Epochs in one minute. */
const PER_MIN = 60 / EPOCH_SECONDS;
/** The longest night the webhook schema accepts: 24 hours of epochs (2880). */
const MAX_EPOCHS = MAX_NIGHT_EPOCHS;

export interface SimulateNightOptions {
  /** Any integer; taken as uint32. */
  seed: number;
  /** Time in bed, in hours (> 0, at most 24); rounded to whole 30-second epochs. */
  hours: number;
  /** Session start (epoch 0), Unix milliseconds. */
  startTime: number;
}

/** One simulated night: two per-epoch (30 s) tracks of equal length. */
export interface SimulatedNight {
  /** Seed of the night; also drives the re-scoring of its INFERENCE_COMPLETE chunks. */
  seed: number;
  /** Session start (epoch 0), Unix milliseconds. */
  startTime: number;
  /** Stage per epoch: -1 unknown, 0 wake, 1 light, 2 deep, 3 REM. */
  sleepStages: number[];
  /** Snoring per epoch: 0 no, 1 yes. */
  snoringStages: number[];
}

/** Epoch counts of one NREM-REM cycle, in order: light, deep, light, REM. */
interface CyclePlan {
  lightBefore: number;
  deep: number;
  lightAfter: number;
  rem: number;
}

/** Splits a sleep period of `length` epochs into ~90-minute cycles (a nap shorter than ~45 min has no REM). */
function planCycles(rng: Rng, length: number): CyclePlan[] {
  const count = Math.round(length / (90 * PER_MIN));
  if (count === 0) {
    const deep = length > 40 * PER_MIN ? Math.round(length * uniform(rng, 0.2, 0.35)) : 0;
    const lightBefore = Math.round((length - deep) * 0.6);
    return [{ lightBefore, deep, lightAfter: length - deep - lightBefore, rem: 0 }];
  }
  const weights = Array.from({ length: count }, () => uniform(rng, 0.85, 1.15));
  const total = weights.reduce((a, b) => a + b, 0);
  const plans: CyclePlan[] = [];
  let left = length;
  weights.forEach((w, i) => {
    const len = i === count - 1 ? left : Math.round((length * w) / total);
    left -= len;
    let rem = Math.round((8 + 7 * i + uniform(rng, -3, 3)) * PER_MIN);
    rem = Math.min(Math.max(rem, 5 * PER_MIN), Math.round(len * 0.45));
    let deep = Math.round(Math.max(0, 32 - 11 * i + uniform(rng, -5, 5)) * PER_MIN);
    deep = Math.min(deep, Math.max(0, len - rem - Math.round(len * 0.3)));
    const light = len - rem - deep;
    const lightBefore = deep > 0 ? Math.round(light * uniform(rng, 0.45, 0.7)) : light;
    plans.push({ lightBefore, deep, lightAfter: light - lightBefore, rem });
  });
  return plans;
}

function overlapsAny(stages: readonly number[], from: number, length: number, avoid: readonly number[]): boolean {
  for (let e = from; e < from + length; e++) if (avoid.includes(stages[e]!)) return true;
  return false;
}

/**
 * Overwrites `count` runs of `minLen`-`maxLen` epochs with `value`, at random
 * positions in [from, to) that touch no stage in `avoid` (REM is always
 * avoided, so the cycle structure survives); a run that finds no place is dropped.
 */
function sprinkleRuns(
  rng: Rng,
  stages: number[],
  value: number,
  count: number,
  [minLen, maxLen]: [number, number],
  [from, to]: [number, number],
  avoid: readonly number[] = [Stage.Rem],
): void {
  for (let r = 0; r < count; r++) {
    for (let attempt = 0; attempt < 30; attempt++) {
      const len = randInt(rng, minLen, maxLen);
      if (to - from < len) return;
      const at = randInt(rng, from, to - len);
      if (overlapsAny(stages, at, len, avoid)) continue;
      stages.fill(value, at, at + len);
      break;
    }
  }
}

/**
 * Simulates one night (model in the module docstring). Deterministic: the same
 * seed and hours give the same stages whatever the start time.
 * @throws RangeError when `hours` is not in (0, 24] or rounds to no epoch
 */
export function simulateNight({ seed, hours, startTime }: SimulateNightOptions): SimulatedNight {
  const n = Math.round((hours * 3600) / EPOCH_SECONDS);
  if (!Number.isFinite(n) || n < 1 || n > MAX_EPOCHS) {
    throw new RangeError(`hours must give 1-${MAX_EPOCHS} epochs of ${EPOCH_SECONDS} s, got ${hours}`);
  }
  const rng = mulberry32(seed);
  const stages = new Array<number>(n).fill(Stage.Wake);
  const onset = randInt(rng, 5 * PER_MIN, 25 * PER_MIN);
  const finalAwakening = n - randInt(rng, 2 * PER_MIN, 8 * PER_MIN);
  const period = finalAwakening - onset;

  if (period >= 5 * PER_MIN) {
    const plans = planCycles(rng, period);
    const boundaries: number[] = [];
    let e = onset;
    for (const p of plans) {
      if (e > onset) boundaries.push(e);
      for (const [stage, len] of [
        [Stage.Light, p.lightBefore],
        [Stage.Deep, p.deep],
        [Stage.Light, p.lightAfter],
        [Stage.Rem, p.rem],
      ] as const) {
        stages.fill(stage, e, e + len);
        e += len;
      }
    }
    // Brief light-sleep blips inside deep and REM periods.
    for (let i = onset + 1; i < finalAwakening - 1; i++) {
      const s = stages[i];
      if ((s === Stage.Deep && rng() < 0.02) || (s === Stage.Rem && stages[i + 1] === Stage.Rem && rng() < 0.015)) {
        stages[i] = Stage.Light;
      }
    }
    // Brief awakenings (1-3 min): most right after a REM period, the rest from light sleep.
    const awakenings = randInt(rng, 1, 3) + Math.floor(period / (3 * 60 * PER_MIN));
    let anywhere = 0;
    for (let a = 0; a < awakenings; a++) {
      const len = randInt(rng, 2, 6);
      const at =
        boundaries.length > 0 && rng() < 0.6
          ? boundaries.splice(randInt(rng, 0, boundaries.length - 1), 1)[0]
          : undefined;
      if (at === undefined || at + len >= finalAwakening - 2) anywhere++;
      else stages.fill(Stage.Wake, at, at + len);
    }
    sprinkleRuns(
      rng,
      stages,
      Stage.Wake,
      anywhere,
      [2, 6],
      [onset + 10 * PER_MIN, finalAwakening - 2 * PER_MIN],
      [Stage.Rem, Stage.Deep],
    );
    // One night in four: a longer awakening (5-15 min) from light sleep in the second half.
    const longAwakening = period >= 4 * 60 * PER_MIN && rng() < 0.25 ? 1 : 0;
    const secondHalf: [number, number] = [onset + Math.floor(period / 2), finalAwakening - 10 * PER_MIN];
    sprinkleRuns(rng, stages, Stage.Wake, longAwakening, [5 * PER_MIN, 15 * PER_MIN], secondHalf, [
      Stage.Rem,
      Stage.Deep,
    ]);
  }
  // A few short runs with no data, inside the sleep period (sleep onset and the final awakening stay sharp).
  const unknownRuns = period >= 2 * 60 * PER_MIN ? randInt(rng, 1, 4) : 0;
  sprinkleRuns(rng, stages, Stage.Unknown, unknownRuns, [1, 6], [onset + 2 * PER_MIN, finalAwakening]);

  // Snoring bouts: the chance to start and to go on depends on the stage.
  const propensity = uniform(rng, 0.4, 1.6);
  const snoringStages = new Array<number>(n).fill(0);
  let snoring = false;
  for (let i = 0; i < n; i++) {
    const s = stages[i];
    const start = s === Stage.Light ? 0.02 : s === Stage.Deep ? 0.035 : s === Stage.Rem ? 0.002 : 0;
    const keep = s === Stage.Light ? 0.9 : s === Stage.Deep ? 0.93 : s === Stage.Rem ? 0.5 : 0;
    const r = rng();
    snoring = snoring ? r < keep : r < start * propensity;
    snoringStages[i] = snoring ? 1 : 0;
  }
  return { seed: seed >>> 0, startTime, sleepStages: stages, snoringStages };
}
