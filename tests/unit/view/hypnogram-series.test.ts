import { describe, expect, it } from "vitest";

import {
  describeHypnogram,
  hasSnoringData,
  levelLabel,
  selectCycleBands,
  stageLevel,
  summariseStageDurations,
  toHypnogramSeries,
  toSnoringSeries,
  toStageRuns,
} from "@/lib/view/hypnogram-series";

const MIN = 60_000;

describe("toStageRuns", () => {
  it("cuts epochs into maximal runs of one stage, end exclusive", () => {
    expect(toStageRuns([0, 0, 1, 1, 1, -1, 2])).toEqual([
      { stage: 0, startEpoch: 0, endEpoch: 2 },
      { stage: 1, startEpoch: 2, endEpoch: 5 },
      { stage: -1, startEpoch: 5, endEpoch: 6 },
      { stage: 2, startEpoch: 6, endEpoch: 7 },
    ]);
  });

  it("gives nothing for an empty night and one run for a constant one", () => {
    expect(toStageRuns([])).toEqual([]);
    expect(toStageRuns([1, 1, 1])).toEqual([{ stage: 1, startEpoch: 0, endEpoch: 3 }]);
  });
});

describe("stage heights", () => {
  it("puts Wake on top, then REM, Light, Deep", () => {
    expect([0, 3, 1, 2].map(stageLevel)).toEqual([3, 2, 1, 0]);
    expect([3, 2, 1, 0].map(levelLabel)).toEqual(["Wake", "REM", "Light", "Deep"]);
    expect(stageLevel(-1)).toBeNull();
  });
});

describe("toHypnogramSeries", () => {
  it("draws two corners per run and one null point per unknown run (a gap)", () => {
    // Wake 1 min, Light 1.5 min, unknown 30 s, Deep 30 s, from t = 0.
    const points = toHypnogramSeries(toStageRuns([0, 0, 1, 1, 1, -1, 2]), 0);
    expect(points).toEqual([
      { t: 0, level: 3, wake: 3 },
      { t: 1 * MIN, level: 3, wake: 3 },
      { t: 1 * MIN, level: 1, light: 1 },
      { t: 2.5 * MIN, level: 1, light: 1 },
      { t: 2.5 * MIN, level: null },
      { t: 3 * MIN, level: 0, deep: 0 },
      { t: 3.5 * MIN, level: 0, deep: 0 },
    ]);
  });

  it("keeps a 14-hour night (1,680 epochs) to two points per run", () => {
    // 10-epoch blocks cycling Light, Deep, Light, REM: 168 runs.
    const cycle = [1, 2, 1, 3];
    const stages = Array.from({ length: 1680 }, (_, e) => cycle[Math.floor(e / 10) % 4]!);
    const runs = toStageRuns(stages);
    expect(runs).toHaveLength(168);
    const points = toHypnogramSeries(runs, Date.parse("2025-01-14T20:00:00Z"));
    expect(points).toHaveLength(336);
    expect(points.at(-1)!.t).toBe(Date.parse("2025-01-15T10:00:00Z"));
  });
});

describe("toSnoringSeries", () => {
  it("marks snoring 1, quiet 0 and unknown as a gap", () => {
    expect(toSnoringSeries([0, 0, 1, -1], 0)).toEqual([
      { t: 0, snoring: 0 },
      { t: 1 * MIN, snoring: 0 },
      { t: 1 * MIN, snoring: 1 },
      { t: 1.5 * MIN, snoring: 1 },
      { t: 1.5 * MIN, snoring: null },
    ]);
  });

  it("knows whether any epoch was scored", () => {
    expect(hasSnoringData([-1, -1])).toBe(false);
    expect(hasSnoringData([-1, 0])).toBe(true);
    expect(hasSnoringData([])).toBe(false);
  });
});

describe("summariseStageDurations", () => {
  it("gives minutes and percent of time in bed, Unknown only when present", () => {
    // 8 epochs: Wake 2, REM 2, Light 2, Deep 1, unknown 1.
    expect(summariseStageDurations([0, 1, 1, 2, 3, 3, -1, 0])).toEqual([
      // Share of sleep: of the 5 sleep epochs, REM 2 = 40%, light 2 = 40%, deep 1 = 20%.
      { stage: 0, label: "Wake", epochs: 2, seconds: 60, percent: 25, sleepPercent: null },
      { stage: 3, label: "REM", epochs: 2, seconds: 60, percent: 25, sleepPercent: 40 },
      { stage: 1, label: "Light", epochs: 2, seconds: 60, percent: 25, sleepPercent: 40 },
      { stage: 2, label: "Deep", epochs: 1, seconds: 30, percent: 12.5, sleepPercent: 20 },
      { stage: -1, label: "Unknown", epochs: 1, seconds: 30, percent: 12.5, sleepPercent: null },
    ]);
    expect(summariseStageDurations([1, 1, 0]).map((d) => d.label)).toEqual(["Wake", "REM", "Light", "Deep"]);
  });

  it("matches Asleep's stage times for the official example night", () => {
    // The fixture's stat: light 1560 s, deep 780 s, REM 420 s in 3600 s; 2 epochs unknown,
    // so wake = 120 - 52 - 26 - 14 - 2 = 26 epochs (780 s).
    const stages = [
      0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 2,
      2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, -1, -1, 1, 1, 1, 1, 2, 2, 2, 2, 2,
      2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0,
    ];
    const byLabel = Object.fromEntries(summariseStageDurations(stages).map((d) => [d.label, [d.seconds, d.percent]]));
    expect(byLabel).toEqual({
      Wake: [780, 21.7],
      REM: [420, 11.7],
      Light: [1560, 43.3],
      Deep: [780, 21.7],
      Unknown: [60, 1.7],
    });
  });

  it("gives zero percent for an empty night", () => {
    expect(summariseStageDurations([]).every((d) => d.percent === 0)).toBe(true);
  });
});

describe("selectCycleBands", () => {
  const computed = [{ startTime: "2025-01-15T02:53:29Z", endTime: "2025-01-15T03:20:29Z" }];

  it("prefers Asleep's cycles, numbered from 1 in time order", () => {
    const asleep = [
      { startTime: "2024-01-21T01:45:00+00:00", endTime: "2024-01-21T05:15:00+00:00" },
      { startTime: "2024-01-20T22:15:00+00:00", endTime: "2024-01-21T01:45:00+00:00" },
    ];
    expect(selectCycleBands(asleep, computed)).toEqual({
      source: "asleep",
      bands: [
        { number: 1, startMs: Date.parse("2024-01-20T22:15:00Z"), endMs: Date.parse("2024-01-21T01:45:00Z") },
        { number: 2, startMs: Date.parse("2024-01-21T01:45:00Z"), endMs: Date.parse("2024-01-21T05:15:00Z") },
      ],
    });
  });

  it("falls back to the computed cycles when Asleep sent none or none with readable times", () => {
    const expected = {
      source: "computed",
      bands: [{ number: 1, startMs: Date.parse("2025-01-15T02:53:29Z"), endMs: Date.parse("2025-01-15T03:20:29Z") }],
    };
    expect(selectCycleBands([], computed)).toEqual(expected);
    expect(selectCycleBands([{ startTime: "22:15:00", endTime: "01:45:00" }], computed)).toEqual(expected);
  });
});

describe("describeHypnogram", () => {
  it("sums the night in words", () => {
    // Light 60 s, deep 30 s, REM 60 s (150 s asleep, 2.5 min rounds to 3), wake 60 s, unknown 30 s.
    const durations = summariseStageDurations([0, 1, 1, 2, 3, 3, -1, 0]);
    expect(describeHypnogram({ durations, cycleCount: 1, from: "22:00", to: "22:04", timeZone: "UTC" })).toBe(
      "Hypnogram from 22:00 to 22:04 (UTC): 3 min asleep (1 min light, 30 s deep, 1 min REM), 1 min awake, 30 s without data; 1 sleep cycle.",
    );
  });

  it("makes the parts of the issue's 3-minute night add up to their total", () => {
    // [0,0,1,1,2,3]: wake 60 s, light 60 s, deep 30 s, REM 30 s; 2 min asleep + 1 min awake = 3 min in bed.
    const durations = summariseStageDurations([0, 0, 1, 1, 2, 3]);
    expect(describeHypnogram({ durations, cycleCount: 0, from: "23:00", to: "23:03", timeZone: "UTC" })).toBe(
      "Hypnogram from 23:00 to 23:03 (UTC): 2 min asleep (1 min light, 30 s deep, 30 s REM), 1 min awake; 0 sleep cycles.",
    );
  });

  it("says no sleep for a night without any", () => {
    const durations = summariseStageDurations([-1, -1, -1, -1]);
    expect(describeHypnogram({ durations, cycleCount: 0, from: "23:00", to: "23:02", timeZone: "UTC" })).toBe(
      "Hypnogram from 23:00 to 23:02 (UTC): no sleep, 0 min awake, 2 min without data; 0 sleep cycles.",
    );
  });
});
