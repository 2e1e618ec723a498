/**
 * Asleep's `stat` object for a simulated night, in the official field names
 * (snake_case, as ./asleep-schema.ts reads them): what the SESSION_COMPLETE
 * built by ./build-asleep-payloads.ts carries. Pure and isomorphic.
 */
import type { SimulatedNight } from "./simulate-night";
import { EPOCH_SECONDS } from "../sleep/stages";
import { computeSleepStatistics } from "../sleep/statistics";
import { formatIsoInTimeZone } from "../sleep/time-zone";
import type { AsleepStat } from "../asleep/webhook-schema";

/** `x` rounded to 4 decimals, as Asleep sends its ratios. */
export function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * Asleep's `stat` for a night, from {@link computeSleepStatistics}, in the
 * official field names: seconds, ratios and `sleep_efficiency` as 0-1 fractions
 * (4 decimals), times ISO 8601 in `timezone`. `sleep_ratio` and `wake_ratio`
 * are shares of the sleep period; latencies, ratios and times are null when no
 * sleep was scored.
 */
export function buildSessionStat(night: SimulatedNight, timezone = "UTC"): AsleepStat {
  const s = computeSleepStatistics(night.sleepStages, night.startTime, night.snoringStages);
  const iso = (ms: number) => formatIsoInTimeZone(ms, timezone);
  const at = (epoch: number) => iso(night.startTime + epoch * EPOCH_SECONDS * 1000);
  const spt = s.timeInSleepPeriod;
  const noSnoring = night.snoringStages.filter((v) => v === 0).length * EPOCH_SECONDS;
  return {
    sleep_time: s.sleepOnset === null ? null : iso(Date.parse(s.sleepOnset)),
    wake_time: s.finalAwakening === null ? null : iso(Date.parse(s.finalAwakening)),
    sleep_latency: s.sleepOnsetLatency,
    wakeup_latency: s.wakeupLatency,
    time_in_bed: s.timeInBed,
    time_in_sleep_period: spt,
    time_in_sleep: s.totalSleepTime,
    time_in_wake: s.timeInWake,
    time_in_light: s.timeInLight,
    time_in_deep: s.timeInDeep,
    time_in_rem: s.timeInRem,
    time_in_snoring: s.timeInSnoring ?? 0,
    time_in_no_snoring: noSnoring,
    sleep_efficiency: s.timeInBed > 0 ? round4(s.totalSleepTime / s.timeInBed) : null,
    sleep_ratio: spt ? round4(s.totalSleepTime / spt) : null,
    wake_ratio: spt ? round4(s.timeInWake / spt) : null,
    waso_count: s.wasoCount,
    longest_waso: s.longestWaso,
    sleep_cycle_count: s.sleepCycles.length,
    snoring_count: s.snoringCount ?? 0,
    sleep_cycle: s.sleepCycles.map((c) => ({
      index: c.index,
      start_time: at(c.startEpoch),
      end_time: at(c.endEpoch + 1),
    })),
  };
}
