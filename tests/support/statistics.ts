/** A hand-written SleepStatistics (not produced by computeSleepStatistics): 8 h in bed, 7 h asleep. */
import type { SleepStatistics } from "@/lib/sleep/statistics";

/** The made-up night, with any fields replaced by `overrides`. */
export function handMadeStatistics(overrides: Partial<SleepStatistics> = {}): SleepStatistics {
  return {
    epochCount: 960,
    timeInBed: 28800,
    totalSleepTime: 25200,
    timeInWake: 1800,
    timeInLight: 14400,
    timeInDeep: 5400,
    timeInRem: 5400,
    timeInUnknown: 0,
    sleepEfficiency: 87.5,
    remLatency: 4800,
    sleepOnsetLatency: 900,
    wakeupLatency: 900,
    timeInSleepPeriod: 27000,
    wasoCount: 3,
    longestWaso: 600,
    sleepOnset: null,
    finalAwakening: null,
    timeInSnoring: null,
    snoringCount: null,
    sleepCycles: [],
    ...overrides,
  };
}
