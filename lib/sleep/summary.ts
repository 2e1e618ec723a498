/**
 * The night summary kept on each session for lists and trends, and the
 * normalisation of Asleep's `stat` into Nocturne's units. Isomorphic.
 *
 * Asleep's values are authoritative where present; computed values fill gaps
 * and never overwrite given ones (../shared/design.md, "Storage outline").
 */
import type { SleepStatistics } from "./statistics";

/** Seconds and percent; null where neither Asleep nor the stages tell. */
export interface NightSummary {
  timeInBed: number | null;
  totalSleepTime: number | null;
  /** Percent, 0-100. */
  sleepEfficiency: number | null;
  sleepOnsetLatency: number | null;
  wasoCount: number | null;
}

/**
 * Normalises a sent `sleep_efficiency` to percent. Asleep's official docs send a
 * 0-1 fraction (0.7667), the guide a percent (88.24): values of at most 1 are
 * read as fractions. Returns the percent (two decimals) and the unit that was sent.
 */
export function normaliseSleepEfficiency(
  value: number | null | undefined,
): { percent: number; unit: "fraction" | "percent" } | null {
  if (value === null || value === undefined) return null;
  if (value <= 1) return { percent: Math.round(value * 10000) / 100, unit: "fraction" };
  return { percent: Math.round(value * 100) / 100, unit: "percent" };
}

/** The subset of Asleep's stat the summary reads, in wire names. */
export interface StatSummaryFields {
  time_in_bed?: number | null;
  time_in_sleep?: number | null;
  sleep_efficiency?: number | null;
  sleep_latency?: number | null;
  waso_count?: number | null;
}

/** Summary from computed statistics, with Asleep's stat taking precedence field by field. */
export function summariseNight(computed: SleepStatistics, stat: StatSummaryFields = {}): NightSummary {
  return {
    timeInBed: stat.time_in_bed ?? computed.timeInBed,
    totalSleepTime: stat.time_in_sleep ?? computed.totalSleepTime,
    sleepEfficiency: normaliseSleepEfficiency(stat.sleep_efficiency)?.percent ?? computed.sleepEfficiency,
    sleepOnsetLatency: stat.sleep_latency ?? computed.sleepOnsetLatency,
    wasoCount: stat.waso_count ?? computed.wasoCount,
  };
}
