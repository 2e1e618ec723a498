/**
 * The report's stat cards and peculiarities, in plain words. Pure, isomorphic.
 * Asleep's `stat` is authoritative where it has a value; the statistics
 * computed from the stages fill the gaps (../shared/design.md).
 */
import type { AsleepStat } from "../asleep/webhook-schema";
import { formatCount, formatDuration, formatPercent } from "./format";
import type { SleepStatistics } from "../sleep/statistics";

export type ReportStatKey =
  | "totalSleepTime"
  | "timeInBed"
  | "sleepEfficiency"
  | "sleepOnsetLatency"
  | "wasoCount"
  | "longestWaso"
  | "sleepCycleCount"
  | "sleepIndex";

export interface ReportStat {
  key: ReportStatKey;
  label: string;
  /** Formatted for display, e.g. "7 h 12 min". */
  value: string;
  /** Where the number came from; null when neither had one. */
  source: "asleep" | "computed" | null;
}

/** The parts of a SleepSessionView the cards read. */
export interface ReportStatInput {
  stat: AsleepStat | null;
  /** Asleep's efficiency normalised to percent. */
  sleepEfficiencyPercent: number | null;
  computed: SleepStatistics;
  /** Number of cycle bands drawn (Asleep's when sent, else computed). */
  cycleCount: number;
}

function pick(given: number | null | undefined, computed: number | null | undefined) {
  if (given !== null && given !== undefined) return { n: given, source: "asleep" as const };
  if (computed !== null && computed !== undefined) return { n: computed, source: "computed" as const };
  return { n: null, source: null };
}

/** Stat cards in display order; the sleep index only when Asleep sent one. */
export function buildReportStats({
  stat,
  sleepEfficiencyPercent,
  computed,
  cycleCount,
}: ReportStatInput): ReportStat[] {
  const s = stat ?? {};
  const card = (
    key: ReportStatKey,
    label: string,
    v: { n: number | null; source: ReportStat["source"] },
    format: (n: number | null) => string,
  ): ReportStat => ({ key, label, value: format(v.n), source: v.source });
  const cards = [
    card("totalSleepTime", "Total sleep time", pick(s.time_in_sleep, computed.totalSleepTime), formatDuration),
    card("timeInBed", "Time in bed", pick(s.time_in_bed, computed.timeInBed), formatDuration),
    card("sleepEfficiency", "Sleep efficiency", pick(sleepEfficiencyPercent, computed.sleepEfficiency), (n) =>
      formatPercent(n),
    ),
    card("sleepOnsetLatency", "Sleep onset latency", pick(s.sleep_latency, computed.sleepOnsetLatency), formatDuration),
    card("wasoCount", "Wake bouts (WASO)", pick(s.waso_count, computed.wasoCount), formatCount),
    card("longestWaso", "Longest WASO", pick(s.longest_waso, computed.longestWaso), formatDuration),
    card("sleepCycleCount", "Sleep cycles", pick(s.sleep_cycle_count, cycleCount), formatCount),
  ];
  if (s.sleep_index !== null && s.sleep_index !== undefined) {
    cards.push(card("sleepIndex", "Sleep index", pick(s.sleep_index, null), formatCount));
  }
  return cards;
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
