/**
 * The report's stat cards and peculiarities, in plain words. Pure, isomorphic.
 * Asleep's `stat` is authoritative where it has a value; the statistics
 * computed from the stages fill the gaps (../shared/design.md).
 */
import type { AsleepStat } from "../asleep/webhook-schema";
import { formatClockTime, formatCount, formatDuration, formatPercent, MISSING } from "./format";
import { findNightDataProblem, type NightDataProblem } from "./night-data";
import { MEASURE_DEFINITIONS, type MeasureKey, type SleepStatistics } from "../sleep/statistics";

export type ReportStatKey = MeasureKey;

export interface ReportStat {
  key: ReportStatKey;
  label: string;
  /** Formatted for display, e.g. "7 h 12 min"; "—" when undefined. */
  value: string;
  /** Where the number came from; null when neither had one. */
  source: "asleep" | "computed" | null;
  /** One line, from MEASURE_DEFINITIONS (lib/sleep/statistics.ts). */
  definition: string;
}

/** The parts of a SleepSessionView the cards read. */
export interface ReportStatInput {
  stat: AsleepStat | null;
  /** Asleep's efficiency normalised to percent. */
  sleepEfficiencyPercent: number | null;
  computed: SleepStatistics;
  /** Number of cycle bands drawn (Asleep's when sent, else computed). */
  cycleCount: number;
  /** Asleep's peculiarities (NEVER_SLEPT, TOO_SHORT_FOR_ANALYSIS make computed measures undefined). */
  peculiarities?: readonly string[];
  /** Zone the clock times are written in (default UTC). */
  timeZone?: string;
}

type Picked = { n: number | null; source: ReportStat["source"] };

function pick(given: number | null | undefined, computed: number | null | undefined): Picked {
  if (given !== null && given !== undefined) return { n: given, source: "asleep" as const };
  if (computed !== null && computed !== undefined) return { n: computed, source: "computed" as const };
  return { n: null, source: null };
}

/** A clock time Asleep sent: ISO 8601 is written in the zone; "HH:MM:SS" (the guide's form) is kept as sent, to the minute. */
function formatSentClock(sent: string, timeZone: string): string {
  const hhmm = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(sent);
  if (hhmm) return `${hhmm[1]}:${hhmm[2]}`;
  const ms = Date.parse(sent);
  return Number.isFinite(ms) ? formatClockTime(ms, timeZone) : MISSING;
}

/**
 * Stat cards in display order, each with its definition. Asleep's values win;
 * computed ones fill gaps. When the night has no measurable sleep
 * ({@link findNightDataProblem}), every measure but time in bed is undefined
 * ("—"), whether Asleep or the hypnogram gave a number: a 50% efficiency on a
 * 3-minute recording, or 0% on one where nothing was scored, is not a measurement. Measures that need a sleep period ("—" without sleep
 * onset) never read 0. The sleep index only when Asleep sent one.
 */
export function buildReportStats({
  stat,
  sleepEfficiencyPercent,
  computed,
  cycleCount,
  peculiarities = [],
  timeZone = "UTC",
}: ReportStatInput): ReportStat[] {
  const problem = nightProblem({ stat, sleepEfficiencyPercent, computed, peculiarities });
  // Without measurable sleep only time in bed is a measurement, whoever computed the rest.
  const s = problem ? { time_in_bed: stat?.time_in_bed } : (stat ?? {});
  if (problem) sleepEfficiencyPercent = null;
  const c = <T>(v: T): T | null => (problem ? null : v);
  const hasPeriod = computed.timeInSleepPeriod !== null;
  const card = (key: ReportStatKey, v: Picked, format: (n: number | null) => string): ReportStat => ({
    key,
    label: MEASURE_DEFINITIONS[key].term,
    value: format(v.n),
    source: v.source,
    definition: MEASURE_DEFINITIONS[key].definition,
  });
  const clock = (key: ReportStatKey, sent: string | null | undefined, computedIso: string | null): ReportStat => {
    const given = sent ? formatSentClock(sent, timeZone) : null;
    const fromStages = c(computedIso) ? formatClockTime(computedIso!, timeZone) : null;
    return {
      key,
      label: MEASURE_DEFINITIONS[key].term,
      value: given ?? fromStages ?? MISSING,
      source: given ? "asleep" : fromStages ? "computed" : null,
      definition: MEASURE_DEFINITIONS[key].definition,
    };
  };
  const period = <T>(v: T): T | null => (hasPeriod ? c(v) : null);
  const cards = [
    card("totalSleepTime", pick(s.time_in_sleep, c(computed.totalSleepTime)), formatDuration),
    card("timeInBed", pick(s.time_in_bed, computed.timeInBed), formatDuration),
    card("sleepEfficiency", pick(sleepEfficiencyPercent, c(computed.sleepEfficiency)), (n) => formatPercent(n)),
    card("sleepOnsetLatency", pick(s.sleep_latency, c(computed.sleepOnsetLatency)), formatDuration),
    clock("sleepOnset", s.sleep_time, computed.sleepOnset),
    clock("finalAwakening", s.wake_time, computed.finalAwakening),
    card("sleepPeriodTime", pick(s.time_in_sleep_period, c(computed.timeInSleepPeriod)), formatDuration),
    card("waso", pick(s.time_in_wake, period(computed.timeInWake)), formatDuration),
    card("awakenings", pick(s.waso_count, period(computed.wasoCount)), formatCount),
    card("longestWaso", pick(s.longest_waso, period(computed.longestWaso)), formatDuration),
    card("remLatency", pick(s.rem_latency, c(computed.remLatency)), formatDuration),
    card("sleepCycleCount", pick(s.sleep_cycle_count, period(cycleCount)), formatCount),
  ];
  if (s.time_in_snoring != null || computed.timeInSnoring !== null) {
    cards.push(card("snoringTime", pick(s.time_in_snoring, c(computed.timeInSnoring)), formatDuration));
    cards.push(card("snoringCount", pick(s.snoring_count, c(computed.snoringCount)), formatCount));
  }
  if (s.sleep_index !== null && s.sleep_index !== undefined) {
    cards.push(card("sleepIndex", pick(s.sleep_index, null), formatCount));
  }
  return cards;
}

/**
 * The report's reason for an empty state, from Asleep's peculiarities, its
 * stat where sent and the statistics computed from the hypnogram.
 */
export function nightProblem(input: Omit<ReportStatInput, "cycleCount" | "timeZone">): NightDataProblem | null {
  const s = input.stat ?? {};
  return findNightDataProblem({
    peculiarities: input.peculiarities,
    timeInBed: s.time_in_bed ?? input.computed.timeInBed,
    totalSleepTime: s.time_in_sleep ?? input.computed.totalSleepTime,
    sleepEfficiency: input.sleepEfficiencyPercent ?? input.computed.sleepEfficiency,
    timeInUnknown: input.computed.timeInUnknown,
  });
}

/**
 * A note when Asleep's stat and the hypnogram it sent tell different nights:
 * time in bed or total sleep time differ by more than 5 minutes and 10%.
 * Names which figures come from where. Null when they agree or stat is absent.
 */
export function describeStatMismatch(stat: AsleepStat | null, computed: SleepStatistics): string | null {
  if (!stat) return null;
  const differs = (given: number | null | undefined, fromStages: number) =>
    given !== null &&
    given !== undefined &&
    Math.abs(given - fromStages) > Math.max(300, 0.1 * Math.max(given, fromStages));
  const tib = differs(stat.time_in_bed, computed.timeInBed);
  const tst = differs(stat.time_in_sleep, computed.totalSleepTime);
  if (!tib && !tst) return null;
  const said: string[] = [];
  const drawn: string[] = [];
  if (tst) {
    said.push(`${formatDuration(stat.time_in_sleep)} asleep`);
    drawn.push(`${formatDuration(computed.totalSleepTime)} asleep`);
  }
  if (tib) {
    said.push(`${formatDuration(stat.time_in_bed)} in bed`);
    drawn.push(`${formatDuration(computed.timeInBed)} in bed`);
  }
  return (
    `Asleep's report and the hypnogram it sent disagree: the report says ${said.join(" and ")}, ` +
    `the hypnogram covers ${drawn.join(" and ")}. Figures without a "computed" mark come from Asleep's report; ` +
    `the hypnogram, the stage durations and figures marked "computed" come from the hypnogram.`
  );
}

const PECULIARITY_TEXT: Record<string, string> = {
  IN_PROGRESS: "Still in progress",
  NEVER_SLEPT: "No sleep detected",
  TOO_SHORT_FOR_ANALYSIS: "Too short to analyse",
  TOO_LONG_FOR_ANALYSIS: "Too long to analyse",
  TOO_MANY_DEFECTS_IN_SLEEP_STAGES: "Too many gaps in the sleep stages to score reliably",
  NO_BREATHING_STABILITY: "Breathing stability not available",
  NO_REALTIME_POLLING: "Not followed in real time during the night",
};

/** A peculiarity code in plain words; unknown codes are spelled out ("SOME_CODE" -> "Some code"). */
export function describePeculiarity(code: string): string {
  const known = PECULIARITY_TEXT[code];
  if (known) return known;
  const words = code.toLowerCase().replace(/_+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}
