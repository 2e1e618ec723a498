import { describe, expect, it } from "vitest";

import { normaliseSleepEfficiency, summariseNight } from "@/lib/sleep/summary";

import { handMadeStatistics } from "../../support/statistics";

describe("normaliseSleepEfficiency", () => {
  it("reads the official 0-1 fraction as percent and records unit fraction", () => {
    // 0.7667 x 100 = 76.67
    expect(normaliseSleepEfficiency(0.7667)).toEqual({ percent: 76.67, unit: "fraction" });
  });

  it("keeps the guide's percent as sent and records unit percent", () => {
    expect(normaliseSleepEfficiency(88.24)).toEqual({ percent: 88.24, unit: "percent" });
  });

  it("rounds to two decimals", () => {
    // 0.123456 -> 12.3456 % -> 12.35; 76.666 % -> 76.67
    expect(normaliseSleepEfficiency(0.123456)).toEqual({ percent: 12.35, unit: "fraction" });
    expect(normaliseSleepEfficiency(76.666)).toEqual({ percent: 76.67, unit: "percent" });
  });

  it("reads the 0 and 1 boundaries as fractions", () => {
    expect(normaliseSleepEfficiency(0)).toEqual({ percent: 0, unit: "fraction" });
    expect(normaliseSleepEfficiency(1)).toEqual({ percent: 100, unit: "fraction" });
  });

  it("returns null when nothing was sent", () => {
    expect(normaliseSleepEfficiency(null)).toBeNull();
    expect(normaliseSleepEfficiency(undefined)).toBeNull();
  });
});

describe("summariseNight", () => {
  // A hand-written result, not produced by computeSleepStatistics: 8 h in bed, 7 h asleep.
  const computed = handMadeStatistics({
    wasoCount: 4,
    sleepOnset: "2025-01-01T22:15:00.000Z",
    finalAwakening: "2025-01-02T05:45:00.000Z",
  });

  it("uses the computed values when Asleep sent no stat", () => {
    expect(summariseNight(computed)).toEqual({
      timeInBed: 28800,
      totalSleepTime: 25200,
      sleepEfficiency: 87.5,
      sleepOnsetLatency: 900,
      wasoCount: 4,
    });
  });

  it("lets every given stat value win over the computed one", () => {
    expect(
      summariseNight(computed, {
        time_in_bed: 30600,
        time_in_sleep: 27000,
        sleep_efficiency: 0.7667,
        sleep_latency: 180,
        waso_count: 2,
      }),
    ).toEqual({
      timeInBed: 30600,
      totalSleepTime: 27000,
      sleepEfficiency: 76.67,
      sleepOnsetLatency: 180,
      wasoCount: 2,
    });
  });

  it("decides field by field: missing or null stat fields fall back to computed, zero is a given value", () => {
    expect(
      summariseNight(computed, { time_in_bed: 30600, time_in_sleep: null, sleep_efficiency: 88.24, waso_count: 0 }),
    ).toEqual({
      timeInBed: 30600, // given
      totalSleepTime: 25200, // null -> computed
      sleepEfficiency: 88.24, // given, already percent
      sleepOnsetLatency: 900, // missing -> computed
      wasoCount: 0, // given 0 wins over computed 4
    });
  });
});
