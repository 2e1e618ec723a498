/**
 * Shapes per-epoch stage arrays into what the charts draw. Pure, isomorphic.
 *
 * A night is first cut into runs (maximal stretches of one stage), so a
 * 14-hour night (1,680 epochs) becomes a few hundred points, not thousands.
 * The step series has two corner points per run (its start and its end at
 * the same height); an unknown run (-1) is one point with a null level, which
 * breaks the line, so unknown epochs show as gaps.
 */
import { apportionDurations, formatDuration } from "./format";
import { EPOCH_SECONDS, STAGE_LABELS, Stage, type StageCode } from "../sleep/stages";

/** A maximal stretch of one value: epochs `[startEpoch, endEpoch)`. */
export interface StageRun {
  stage: number;
  startEpoch: number;
  /** Exclusive. */
  endEpoch: number;
}

/** Cuts a per-epoch array into runs of equal values. */
export function toStageRuns(values: ArrayLike<number>): StageRun[] {
  const runs: StageRun[] = [];
  let current: StageRun | null = null;
  for (let e = 0; e < values.length; e++) {
    const v = values[e]!;
    if (current && current.stage === v) {
      current.endEpoch = e + 1;
    } else {
      current = { stage: v, startEpoch: e, endEpoch: e + 1 };
      runs.push(current);
    }
  }
  return runs;
}

/** The scored stages in hypnogram order, top to bottom, with their chart key. */
export const HYPNOGRAM_STAGES = [
  { code: Stage.Wake, key: "wake", level: 3 },
  { code: Stage.Rem, key: "rem", level: 2 },
  { code: Stage.Light, key: "light", level: 1 },
  { code: Stage.Deep, key: "deep", level: 0 },
] as const;
export type HypnogramStageKey = (typeof HYPNOGRAM_STAGES)[number]["key"];

/** Height of a stage on the chart (Wake 3, REM 2, Light 1, Deep 0); null for unknown or other codes. */
export function stageLevel(code: number): number | null {
  return HYPNOGRAM_STAGES.find((s) => s.code === code)?.level ?? null;
}

/** Label of a chart height ("Wake" for 3). */
export function levelLabel(level: number): string {
  const s = HYPNOGRAM_STAGES.find((x) => x.level === level);
  return s ? STAGE_LABELS[s.code] : "";
}

/**
 * One corner of the step series. `level` draws the thin connecting line; the
 * stage's own key (`wake`, `rem`, ...) is set only on that stage's corners, so
 * one coloured line per stage draws just its runs.
 */
export type HypnogramPoint = {
  /** Unix milliseconds. */
  t: number;
  level: number | null;
} & Partial<Record<HypnogramStageKey, number>>;

/**
 * The step series for a night.
 * @param startMs Unix milliseconds of epoch 0
 */
export function toHypnogramSeries(
  runs: readonly StageRun[],
  startMs: number,
  epochSeconds = EPOCH_SECONDS,
): HypnogramPoint[] {
  const at = (epoch: number) => startMs + epoch * epochSeconds * 1000;
  const points: HypnogramPoint[] = [];
  for (const run of runs) {
    const level = stageLevel(run.stage);
    if (level === null) {
      points.push({ t: at(run.startEpoch), level: null });
      continue;
    }
    const key = HYPNOGRAM_STAGES.find((s) => s.level === level)!.key;
    points.push({ t: at(run.startEpoch), level, [key]: level });
    points.push({ t: at(run.endEpoch), level, [key]: level });
  }
  return points;
}

/** One corner of the snoring track: 1 snoring, 0 quiet, null unknown (a gap). */
export interface SnoringPoint {
  t: number;
  snoring: number | null;
}

/** The snoring track as a step series with the same corners rule as {@link toHypnogramSeries}. */
export function toSnoringSeries(
  snoring: ArrayLike<number>,
  startMs: number,
  epochSeconds = EPOCH_SECONDS,
): SnoringPoint[] {
  const at = (epoch: number) => startMs + epoch * epochSeconds * 1000;
  const points: SnoringPoint[] = [];
  for (const run of toStageRuns(snoring)) {
    if (run.stage !== 0 && run.stage !== 1) {
      points.push({ t: at(run.startEpoch), snoring: null });
      continue;
    }
    points.push({ t: at(run.startEpoch), snoring: run.stage });
    points.push({ t: at(run.endEpoch), snoring: run.stage });
  }
  return points;
}

/** Whether a snoring track has any scored epoch. */
export function hasSnoringData(snoring: ArrayLike<number>): boolean {
  for (let e = 0; e < snoring.length; e++) if (snoring[e] === 0 || snoring[e] === 1) return true;
  return false;
}

/** Time spent in one stage over the whole recording. */
export interface StageDuration {
  stage: StageCode;
  label: string;
  epochs: number;
  seconds: number;
  /** Share of all epochs (time in bed), percent with one decimal. */
  percent: number;
  /** Share of total sleep time (light + deep + REM), percent with one decimal; null for wake, unknown, or no sleep. */
  sleepPercent: number | null;
}

const DURATION_ORDER: StageCode[] = [Stage.Wake, Stage.Rem, Stage.Light, Stage.Deep, Stage.Unknown];

/**
 * Stage durations in hypnogram order (Wake, REM, Light, Deep), then Unknown
 * only when some epochs are unknown. Percent of time in bed (all epochs), and
 * for sleep stages percent of total sleep time (the share a clinician reads).
 */
export function summariseStageDurations(stages: ArrayLike<number>, epochSeconds = EPOCH_SECONDS): StageDuration[] {
  const counts = new Map<number, number>();
  for (let e = 0; e < stages.length; e++) {
    const s = stages[e]!;
    const code = s >= Stage.Wake && s <= Stage.Rem ? s : Stage.Unknown;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const total = stages.length;
  const asleep = (counts.get(Stage.Light) ?? 0) + (counts.get(Stage.Deep) ?? 0) + (counts.get(Stage.Rem) ?? 0);
  return DURATION_ORDER.filter((code) => code !== Stage.Unknown || (counts.get(code) ?? 0) > 0).map((stage) => {
    const epochs = counts.get(stage) ?? 0;
    return {
      stage,
      label: STAGE_LABELS[stage],
      epochs,
      seconds: epochs * epochSeconds,
      percent: total > 0 ? Math.round((epochs / total) * 1000) / 10 : 0,
      sleepPercent:
        asleep > 0 && (stage === Stage.Light || stage === Stage.Deep || stage === Stage.Rem)
          ? Math.round((epochs / asleep) * 1000) / 10
          : null,
    };
  });
}

/** A sleep cycle placed on the time axis. */
export interface CycleBand {
  /** 1-based, in time order. */
  number: number;
  startMs: number;
  endMs: number;
}

/**
 * The cycles to draw: Asleep's `sleepCycles` when it sent any with readable
 * times, else the computed ones. Sorted by start.
 */
export function selectCycleBands(
  asleep: ReadonlyArray<{ startTime: string; endTime: string }>,
  computed: ReadonlyArray<{ startTime: string; endTime: string }>,
): { bands: CycleBand[]; source: "asleep" | "computed" } {
  const parse = (list: ReadonlyArray<{ startTime: string; endTime: string }>) =>
    list
      .map((c) => ({ startMs: Date.parse(c.startTime), endMs: Date.parse(c.endTime) }))
      .filter((c) => Number.isFinite(c.startMs) && Number.isFinite(c.endMs) && c.endMs > c.startMs)
      .sort((a, b) => a.startMs - b.startMs)
      .map((c, i) => ({ number: i + 1, ...c }));
  const given = parse(asleep);
  if (given.length > 0) return { bands: given, source: "asleep" };
  return { bands: parse(computed), source: "computed" };
}

/** Display seconds per stage and for "asleep", from {@link apportionStageDurations}. */
export type ShownStageDurations = Record<StageCode, number> & { asleep: number };

/**
 * The seconds to write for each stage so the written parts add up: asleep,
 * wake and no data add up to time in bed, and light, deep and REM to asleep
 * (apportionDurations, two levels; exact on whole minutes, else within the
 * 30-second grain of an epoch). The caption and the stage table use it.
 */
export function apportionStageDurations(durations: readonly StageDuration[]): ShownStageDurations {
  const seconds = (code: number) => durations.find((x) => x.stage === code)?.seconds ?? 0;
  const light = seconds(Stage.Light);
  const deep = seconds(Stage.Deep);
  const rem = seconds(Stage.Rem);
  const [asleep, wake, unknown] = apportionDurations([
    light + deep + rem,
    seconds(Stage.Wake),
    seconds(Stage.Unknown),
  ]) as [number, number, number];
  const [l, d, r] = apportionDurations([light, deep, rem]) as [number, number, number];
  return { asleep, [Stage.Light]: l, [Stage.Deep]: d, [Stage.Rem]: r, [Stage.Wake]: wake, [Stage.Unknown]: unknown };
}

/**
 * A plain-language summary of a night's hypnogram, for screen readers and
 * captions: "Hypnogram from 23:00 to 23:03 (UTC): 2 min asleep (1 min light,
 * 30 s deep, 30 s REM), 1 min awake; 0 sleep cycles." Durations follow
 * formatDuration's one rounding rule and are apportioned (apportionDurations)
 * so the stages add up to "asleep" and asleep + awake + no data to time in bed.
 */
export function describeHypnogram(input: {
  durations: readonly StageDuration[];
  cycleCount: number;
  from: string;
  to: string;
  timeZone: string;
}): string {
  const { durations, cycleCount, from, to, timeZone } = input;
  const shown = apportionStageDurations(durations);
  const unknown = durations.find((d) => d.stage === Stage.Unknown)?.seconds ?? 0;
  const {
    asleep,
    [Stage.Light]: l,
    [Stage.Deep]: d,
    [Stage.Rem]: r,
    [Stage.Wake]: awake,
    [Stage.Unknown]: noData,
  } = shown;
  const tail = [`${formatDuration(awake)} awake`];
  if (unknown > 0) tail.push(`${formatDuration(noData)} without data`);
  const cycles = `${cycleCount} sleep cycle${cycleCount === 1 ? "" : "s"}`;
  const sleep =
    asleep > 0
      ? `${formatDuration(asleep)} asleep (${formatDuration(l)} light, ${formatDuration(d)} deep, ${formatDuration(r)} REM)`
      : "no sleep";
  return `Hypnogram from ${from} to ${to} (${timeZone}): ${sleep}, ${tail.join(", ")}; ${cycles}.`;
}
