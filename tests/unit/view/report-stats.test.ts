import { describe, expect, it } from "vitest";

import { computeSleepStatistics } from "@/lib/sleep/statistics";
import { buildReportStats, describePeculiarity, describeStatMismatch, nightProblem } from "@/lib/view/report-stats";

import { handMadeStatistics } from "../../support/statistics";

/** Computed statistics of a made-up night (values chosen by hand, not computed). */
const computed = handMadeStatistics();

const byKey = (stats: ReturnType<typeof buildReportStats>) =>
  Object.fromEntries(stats.map((s) => [s.key, [s.value, s.source]]));

describe("buildReportStats", () => {
  it("uses Asleep's stat where present (the official example night)", () => {
    // The fixture's stat (tests/fixtures/asleep/official_session_complete.json), formatted by hand.
    const stat = {
      sleep_time: "2025-01-15T02:53:29+00:00",
      wake_time: "2025-01-15T03:42:29+00:00",
      sleep_latency: 180,
      time_in_bed: 3600,
      time_in_sleep_period: 2940,
      time_in_sleep: 2760,
      time_in_wake: 120,
      time_in_snoring: 480,
      sleep_efficiency: 0.7667,
      waso_count: 2,
      longest_waso: 60,
      sleep_cycle_count: 2,
      sleep_index: 71,
      snoring_count: 2,
    };
    const stats = buildReportStats({ stat, sleepEfficiencyPercent: 76.67, computed, cycleCount: 5, timeZone: "UTC" });
    expect(byKey(stats)).toEqual({
      totalSleepTime: ["46 min", "asleep"],
      timeInBed: ["1 h", "asleep"],
      sleepEfficiency: ["76.7%", "asleep"],
      sleepOnsetLatency: ["3 min", "asleep"],
      sleepOnset: ["02:53", "asleep"],
      finalAwakening: ["03:42", "asleep"],
      sleepPeriodTime: ["49 min", "asleep"],
      waso: ["2 min", "asleep"],
      awakenings: ["2", "asleep"],
      longestWaso: ["1 min", "asleep"],
      remLatency: ["1 h 20 min", "computed"],
      sleepCycleCount: ["2", "asleep"],
      snoringTime: ["8 min", "asleep"],
      snoringCount: ["2", "asleep"],
      sleepIndex: ["71", "asleep"],
    });
    const labels = Object.fromEntries(stats.map((x) => [x.key, x.label]));
    expect(labels.waso).toBe("WASO");
    expect(labels.awakenings).toBe("Awakenings");
    expect(stats.find((x) => x.key === "waso")!.definition).toBe(
      "Wake after sleep onset: minutes of wake inside the sleep period (sleep onset to final awakening).",
    );
    expect(stats.find((x) => x.key === "sleepIndex")!.definition).toContain("Asleep's own 0-100 score");
  });

  it("fills each missing field from the computed statistics and omits the sleep index", () => {
    // The guide's mock sender: four stat fields only; its "HH:MM:SS" sleep_time is kept as sent.
    const stat = { sleep_time: "06:30:00", sleep_efficiency: 88.24, time_in_bed: 30600, time_in_sleep: 27000 };
    const stats = buildReportStats({ stat, sleepEfficiencyPercent: 88.24, computed, cycleCount: 4 });
    expect(byKey(stats)).toEqual({
      totalSleepTime: ["7 h 30 min", "asleep"],
      timeInBed: ["8 h 30 min", "asleep"],
      sleepEfficiency: ["88.2%", "asleep"],
      sleepOnsetLatency: ["15 min", "computed"],
      sleepOnset: ["06:30", "asleep"],
      finalAwakening: ["—", null],
      sleepPeriodTime: ["7 h 30 min", "computed"],
      waso: ["30 min", "computed"],
      awakenings: ["3", "computed"],
      longestWaso: ["10 min", "computed"],
      remLatency: ["1 h 20 min", "computed"],
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

  it("a night of only unknown epochs reads time in bed and dashes, never 0.0% or 0 min", () => {
    const allUnknown = computeSleepStatistics(Array(120).fill(-1), 0);
    const stats = buildReportStats({ stat: null, sleepEfficiencyPercent: null, computed: allUnknown, cycleCount: 0 });
    const values = byKey(stats);
    expect(values.timeInBed).toEqual(["1 h", "computed"]);
    for (const key of [
      "totalSleepTime",
      "sleepEfficiency",
      "sleepOnsetLatency",
      "waso",
      "awakenings",
      "sleepCycleCount",
    ]) {
      expect(values[key], key).toEqual(["—", null]);
    }
    expect(nightProblem({ stat: null, sleepEfficiencyPercent: null, computed: allUnknown })).toBe("NO_DATA");
  });

  it("TOO_SHORT_FOR_ANALYSIS: no computed 50% efficiency beside the note", () => {
    // [0, 0, 1, 1]: 2 min in bed, 1 min asleep -> a computed 50%, which is not a measurement.
    const short = computeSleepStatistics([0, 0, 1, 1], 0);
    const input = {
      stat: null,
      sleepEfficiencyPercent: null,
      computed: short,
      cycleCount: 0,
      peculiarities: ["TOO_SHORT_FOR_ANALYSIS"],
    };
    expect(byKey(buildReportStats(input))).toMatchObject({
      timeInBed: ["2 min", "computed"],
      sleepEfficiency: ["—", null],
      totalSleepTime: ["—", null],
    });
    expect(nightProblem(input)).toBe("TOO_SHORT");
  });

  it("NEVER_SLEPT: measures that need sleep onset are dashes, not zeros", () => {
    const awake = computeSleepStatistics(Array(120).fill(0), 0);
    const input = {
      stat: null,
      sleepEfficiencyPercent: null,
      computed: awake,
      cycleCount: 0,
      peculiarities: ["NEVER_SLEPT"],
    };
    const values = byKey(buildReportStats(input));
    expect(values.timeInBed).toEqual(["1 h", "computed"]);
    expect(values.awakenings).toEqual(["—", null]);
    expect(values.waso).toEqual(["—", null]);
    expect(nightProblem(input)).toBe("NEVER_SLEPT");
  });
});

describe("describeStatMismatch", () => {
  it("says which figures come from Asleep and which from the hypnogram when they disagree", () => {
    // The guide's example: 7 h 30 min asleep and 8 h 30 min in bed beside a 4.5-minute hypnogram (9 epochs).
    const stages = [0, 1, 1, 2, 2, 3, 3, 1, 0];
    const text = describeStatMismatch({ time_in_bed: 30600, time_in_sleep: 27000 }, computeSleepStatistics(stages, 0));
    expect(text).toBe(
      "Asleep's report and the hypnogram it sent disagree: the report says 7 h 30 min asleep and 8 h 30 min in bed, " +
        'the hypnogram covers 4 min asleep and 5 min in bed. Figures without a "computed" mark come from Asleep\'s report; ' +
        'the hypnogram, the stage durations and figures marked "computed" come from the hypnogram.',
    );
  });

  it("says nothing when they agree or there is no stat", () => {
    expect(
      describeStatMismatch(
        { time_in_bed: 3600, time_in_sleep: 2760 },
        { ...computed, timeInBed: 3600, totalSleepTime: 2790 },
      ),
    ).toBeNull();
    expect(describeStatMismatch(null, computed)).toBeNull();
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
