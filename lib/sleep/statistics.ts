/**
 * Sleep statistics from a hypnogram: pure, isomorphic, O(epochs).
 *
 * Definitions follow Asleep's `stat` fields (../shared/asleep-webhooks.md) and
 * the AASM scoring manual's summary measures; they reproduce the `stat` of
 * ../shared/fixtures/official_session_complete.json exactly:
 * - time in bed (TIB): all epochs x 30 s, unknown ones included.
 * - sleep onset: the first epoch scored light, deep or REM; sleep onset latency
 *   (SOL): start -> sleep onset.
 * - final awakening: the epoch after the last sleep epoch; wake-up latency:
 *   final awakening -> end of recording.
 * - sleep period (SPT): sleep onset -> final awakening.
 * - total sleep time (TST): light + deep + REM epochs x 30 s.
 * - time in wake (WASO total): wake epochs inside the sleep period.
 * - sleep efficiency: TST / TIB, in percent (0-100, two decimals); undefined
 *   (null) when no epoch of the night was scored, since nothing was measured.
 * - REM latency: sleep onset -> the first epoch scored REM (AASM's definition).
 * - WASO bout: a maximal run of consecutive wake epochs inside the sleep period;
 *   an unknown (-1) epoch ends a bout and is neither sleep nor wake.
 * - sleep cycle: from sleep onset (or the end of the previous cycle) to the end
 *   of a REM period; REM periods less than 15 minutes apart count as one
 *   (Feinberg & Floyd, 1979). Sleep after the last REM period is not a cycle.
 * The same definitions, one line each for the UI, are {@link MEASURE_DEFINITIONS}.
 */
import { EPOCH_SECONDS, isSleepStage, Stage } from "./stages";

/** A detected sleep cycle: epochs inclusive, times ISO 8601 (UTC). */
export interface SleepCycle {
  index: number;
  startEpoch: number;
  endEpoch: number;
  startTime: string;
  endTime: string;
}

/** Everything {@link computeSleepStatistics} derives. Seconds unless named otherwise. */
export interface SleepStatistics {
  epochCount: number;
  timeInBed: number;
  totalSleepTime: number;
  /** Wake inside the sleep period (Asleep's `time_in_wake`). */
  timeInWake: number;
  timeInLight: number;
  timeInDeep: number;
  timeInRem: number;
  /** Epochs scored -1 anywhere in the night, in seconds. */
  timeInUnknown: number;
  /** Percent, two decimals; null when TIB is 0 or no epoch was scored. */
  sleepEfficiency: number | null;
  /** Sleep onset -> first REM epoch, seconds; null without sleep or without REM. */
  remLatency: number | null;
  /** Null when no sleep was scored. */
  sleepOnsetLatency: number | null;
  wakeupLatency: number | null;
  timeInSleepPeriod: number | null;
  wasoCount: number;
  /** Longest WASO bout; 0 when there is none. */
  longestWaso: number;
  /** ISO 8601 instants; null when no sleep was scored. */
  sleepOnset: string | null;
  finalAwakening: string | null;
  /** Epochs with snoring, in seconds; null without a snoring track. */
  timeInSnoring: number | null;
  /** Snoring bouts; null without a snoring track. */
  snoringCount: number | null;
  sleepCycles: SleepCycle[];
}

/** Names of the measures a report shows; keys of {@link MEASURE_DEFINITIONS}. */
export type MeasureKey =
  | "timeInBed"
  | "totalSleepTime"
  | "sleepEfficiency"
  | "sleepOnsetLatency"
  | "sleepOnset"
  | "finalAwakening"
  | "sleepPeriodTime"
  | "waso"
  | "awakenings"
  | "longestWaso"
  | "remLatency"
  | "sleepCycleCount"
  | "snoringTime"
  | "snoringCount"
  | "stageShare"
  | "sleepIndex";

/**
 * One-line definitions of every measure, as the report's hover and focus hints
 * and the glossary page show them. They restate this module's docstring in a
 * sleeper's words; change both together.
 */
export const MEASURE_DEFINITIONS: Record<MeasureKey, { term: string; definition: string }> = {
  timeInBed: {
    term: "Time in bed",
    definition: "The whole recording, start to end: every 30-second epoch, including those without data.",
  },
  totalSleepTime: { term: "Total sleep time", definition: "Time scored as light, deep or REM sleep." },
  sleepEfficiency: {
    term: "Sleep efficiency",
    definition: "Total sleep time divided by time in bed, in percent; undefined when no epoch was scored.",
  },
  sleepOnsetLatency: {
    term: "Sleep onset latency",
    definition: "From the start of the recording to the first epoch scored as sleep.",
  },
  sleepOnset: { term: "Sleep onset", definition: "The clock time of the first epoch scored as sleep." },
  finalAwakening: { term: "Final awakening", definition: "The clock time at which the last epoch of sleep ends." },
  sleepPeriodTime: { term: "Sleep period time", definition: "From sleep onset to the final awakening." },
  waso: {
    term: "WASO",
    definition: "Wake after sleep onset: minutes of wake inside the sleep period (sleep onset to final awakening).",
  },
  awakenings: {
    term: "Awakenings",
    definition: "Separate stretches of wake inside the sleep period; an epoch without data ends a stretch.",
  },
  longestWaso: { term: "Longest awakening", definition: "The longest single stretch of wake inside the sleep period." },
  remLatency: { term: "REM latency", definition: "From sleep onset to the first epoch scored as REM sleep." },
  sleepCycleCount: {
    term: "Sleep cycles",
    definition:
      "A cycle runs from sleep onset (or the previous cycle's end) to the end of a REM period; REM periods under 15 minutes apart count as one.",
  },
  snoringTime: { term: "Snoring time", definition: "Time in 30-second epochs in which snoring was detected." },
  snoringCount: { term: "Snoring episodes", definition: "Separate stretches of snoring." },
  stageShare: { term: "Share of sleep", definition: "Time in a stage divided by total sleep time." },
  sleepIndex: {
    term: "Sleep index",
    definition:
      "Asleep's own 0-100 score of the night. Asleep does not publish its formula; Nocturne shows it as sent.",
  },
};

/** REM periods closer than this (in epochs, 15 minutes) belong to one cycle. */
const REM_MERGE_EPOCHS = (15 * 60) / EPOCH_SECONDS;

type Stages = ArrayLike<number>;

function isoAt(startMs: number, epoch: number): string {
  return new Date(startMs + epoch * EPOCH_SECONDS * 1000).toISOString();
}

/**
 * Detects sleep cycles (definition in the module docstring).
 * @param startMs session start, epoch 0, in Unix milliseconds
 */
export function detectSleepCycles(stages: Stages, startMs: number): SleepCycle[] {
  const remPeriods: Array<[number, number]> = [];
  for (let e = 0; e < stages.length; e++) {
    if (stages[e] !== Stage.Rem) continue;
    const last = remPeriods[remPeriods.length - 1];
    if (last && e - last[1] - 1 < REM_MERGE_EPOCHS) last[1] = e;
    else remPeriods.push([e, e]);
  }
  const cycles: SleepCycle[] = [];
  let start = -1;
  for (let e = 0; e < stages.length; e++) {
    if (isSleepStage(stages[e]!)) {
      start = e;
      break;
    }
  }
  if (start < 0) return cycles;
  for (const [, remEnd] of remPeriods) {
    if (remEnd < start) continue;
    cycles.push({
      index: cycles.length,
      startEpoch: start,
      endEpoch: remEnd,
      startTime: isoAt(startMs, start),
      endTime: isoAt(startMs, remEnd + 1),
    });
    start = remEnd + 1;
  }
  return cycles;
}

/**
 * Computes sleep statistics for one night.
 * @param sleepStages stage code per 30-second epoch (-1 unknown, 0 wake, 1 light, 2 deep, 3 REM)
 * @param startMs the session start (epoch 0), Unix milliseconds
 * @param snoringStages optional snoring track on the same grid (1 = snoring)
 */
export function computeSleepStatistics(
  sleepStages: Stages,
  startMs: number,
  snoringStages?: Stages | null,
): SleepStatistics {
  const n = sleepStages.length;
  let light = 0;
  let deep = 0;
  let rem = 0;
  let unknown = 0;
  let onset = -1;
  let lastSleep = -1;
  let firstRem = -1;
  for (let e = 0; e < n; e++) {
    const s = sleepStages[e]!;
    if (s === Stage.Light) light++;
    else if (s === Stage.Deep) deep++;
    else if (s === Stage.Rem) {
      rem++;
      if (firstRem < 0) firstRem = e;
    } else if (s === Stage.Unknown) unknown++;
    if (isSleepStage(s)) {
      if (onset < 0) onset = e;
      lastSleep = e;
    }
  }
  let wakeInPeriod = 0;
  let wasoCount = 0;
  let longestBout = 0;
  let bout = 0;
  for (let e = onset < 0 ? n : onset; e <= lastSleep; e++) {
    if (sleepStages[e] === Stage.Wake) {
      wakeInPeriod++;
      if (bout === 0) wasoCount++;
      bout++;
      if (bout > longestBout) longestBout = bout;
    } else bout = 0;
  }
  let snoring: number | null = null;
  let snoringCount: number | null = null;
  if (snoringStages && snoringStages.length > 0) {
    snoring = 0;
    snoringCount = 0;
    for (let e = 0; e < snoringStages.length; e++) {
      if (snoringStages[e] === 1) {
        snoring++;
        if (e === 0 || snoringStages[e - 1] !== 1) snoringCount++;
      }
    }
    snoring *= EPOCH_SECONDS;
  }
  const tst = (light + deep + rem) * EPOCH_SECONDS;
  const tib = n * EPOCH_SECONDS;
  const slept = onset >= 0;
  return {
    epochCount: n,
    timeInBed: tib,
    totalSleepTime: tst,
    timeInWake: wakeInPeriod * EPOCH_SECONDS,
    timeInLight: light * EPOCH_SECONDS,
    timeInDeep: deep * EPOCH_SECONDS,
    timeInRem: rem * EPOCH_SECONDS,
    timeInUnknown: unknown * EPOCH_SECONDS,
    sleepEfficiency: tib > 0 && unknown < n ? Math.round((tst / tib) * 10000) / 100 : null,
    remLatency: slept && firstRem >= 0 ? (firstRem - onset) * EPOCH_SECONDS : null,
    sleepOnsetLatency: slept ? onset * EPOCH_SECONDS : null,
    wakeupLatency: slept ? (n - lastSleep - 1) * EPOCH_SECONDS : null,
    timeInSleepPeriod: slept ? (lastSleep + 1 - onset) * EPOCH_SECONDS : null,
    wasoCount,
    longestWaso: longestBout * EPOCH_SECONDS,
    sleepOnset: slept ? isoAt(startMs, onset) : null,
    finalAwakening: slept ? isoAt(startMs, lastSleep + 1) : null,
    timeInSnoring: snoring,
    snoringCount,
    sleepCycles: detectSleepCycles(sleepStages, startMs),
  };
}
