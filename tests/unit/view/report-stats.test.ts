import { describe, expect, it } from "vitest";

import { buildReportStats, describePeculiarity } from "@/lib/view/report-stats";

import { handMadeStatistics } from "../../support/statistics";

/** Computed statistics of a made-up night (values chosen by hand, not computed). */
const computed = handMadeStatistics();

const byKey = (stats: ReturnType<typeof buildReportStats>) =>
  Object.fromEntries(stats.map((s) => [s.key, [s.value, s.source]]));

describe("buildReportStats", () => {
  it("uses Asleep's stat where present (the official example night)", () => {
    const stat = {
      sleep_latency: 180,
      time_in_bed: 3600,
      time_in_sleep: 2760,
      sleep_efficiency: 0.7667,
      waso_count: 2,
      longest_waso: 60,
      sleep_cycle_count: 2,
      sleep_index: 71,
    };
    const stats = buildReportStats({ stat, sleepEfficiencyPercent: 76.67, computed, cycleCount: 5 });
    expect(stats.map((s) => s.key)).toEqual([
      "totalSleepTime",
      "timeInBed",
      "sleepEfficiency",
      "sleepOnsetLatency",
      "wasoCount",
      "longestWaso",
      "sleepCycleCount",
      "sleepIndex",
    ]);
    expect(byKey(stats)).toEqual({
      totalSleepTime: ["46 min", "asleep"],
      timeInBed: ["1 h", "asleep"],
      sleepEfficiency: ["76.7%", "asleep"],
      sleepOnsetLatency: ["3 min", "asleep"],
      wasoCount: ["2", "asleep"],
      longestWaso: ["1 min", "asleep"],
      sleepCycleCount: ["2", "asleep"],
      sleepIndex: ["71", "asleep"],
    });
  });

  it("fills each missing field from the computed statistics and omits the sleep index", () => {
    // The guide's mock sender: four stat fields only.
    const stat = { sleep_time: "06:30:00", sleep_efficiency: 88.24, time_in_bed: 30600, time_in_sleep: 27000 };
    const stats = buildReportStats({ stat, sleepEfficiencyPercent: 88.24, computed, cycleCount: 4 });
    expect(byKey(stats)).toEqual({
      totalSleepTime: ["7 h 30 min", "asleep"],
      timeInBed: ["8 h 30 min", "asleep"],
      sleepEfficiency: ["88.2%", "asleep"],
      sleepOnsetLatency: ["15 min", "computed"],
      wasoCount: ["3", "computed"],
      longestWaso: ["10 min", "computed"],
      sleepCycleCount: ["4", "computed"],
    });
  });

  it("shows a dash when neither side has a value", () => {
    const stats = buildReportStats({
      stat: null,
      sleepEfficiencyPercent: null,
      computed: { ...computed, sleepEfficiency: null, sleepOnsetLatency: null },
      cycleCount: 0,
    });
    expect(byKey(stats)).toMatchObject({
      sleepEfficiency: ["—", null],
      sleepOnsetLatency: ["—", null],
      totalSleepTime: ["7 h", "computed"],
      sleepCycleCount: ["0", "computed"],
    });
  });
});

describe("describePeculiarity", () => {
  it("puts Asleep's codes in plain words", () => {
    expect(describePeculiarity("NEVER_SLEPT")).toBe("No sleep detected");
    expect(describePeculiarity("TOO_SHORT_FOR_ANALYSIS")).toBe("Too short to analyse");
    expect(describePeculiarity("TOO_LONG_FOR_ANALYSIS")).toBe("Too long to analyse");
    expect(describePeculiarity("TOO_MANY_DEFECTS_IN_SLEEP_STAGES")).toBe(
      "Too many gaps in the sleep stages to score reliably",
    );
    expect(describePeculiarity("NO_BREATHING_STABILITY")).toBe("Breathing stability not available");
    expect(describePeculiarity("NO_REALTIME_POLLING")).toBe("Not followed in real time during the night");
    expect(describePeculiarity("IN_PROGRESS")).toBe("Still in progress");
  });

  it("spells out a code it does not know", () => {
    expect(describePeculiarity("SOME_NEW_CODE")).toBe("Some new code");
  });
});
