import { describe, expect, it } from "vitest";

import type { NightTrendRow } from "@/lib/store/read-model";
import { describeTrend, listExcludedNights, toTrendSeries, trendDateAxis, trendValueTicks } from "@/lib/view/trends";

const rows: NightTrendRow[] = [
  // Newest first, as the query returns them.
  {
    id: "n3",
    startTime: "2025-01-17T22:00:00Z",
    endTime: null,
    timezone: "UTC",
    timeInBed: null,
    peculiarities: [],
    missingDataRatio: null,
    totalSleepTime: null,
    sleepEfficiency: null,
    sleepOnsetLatency: null,
    waso: null,
    timeInDeep: null,
    timeInRem: null,
    timeInSnoring: null,
  },
  {
    id: "n2",
    startTime: "2025-01-15T23:30:00Z",
    endTime: "2025-01-16T08:00:00Z",
    timezone: "Asia/Seoul",
    timeInBed: 30600,
    peculiarities: [],
    missingDataRatio: null,
    totalSleepTime: 28800,
    sleepEfficiency: 92.5,
    sleepOnsetLatency: 300,
    waso: 600,
    timeInDeep: 5760,
    timeInRem: 6480,
    timeInSnoring: 1200,
  },
  {
    id: "n1",
    startTime: "2025-01-14T22:00:00Z",
    endTime: "2025-01-15T06:00:00Z",
    timezone: null,
    timeInBed: 28800,
    peculiarities: [],
    missingDataRatio: null,
    totalSleepTime: 25920,
    sleepEfficiency: 88.24,
    sleepOnsetLatency: 900,
    waso: 1800,
    timeInDeep: 3888,
    timeInRem: 5184,
    timeInSnoring: null,
  },
];

describe("toTrendSeries", () => {
  it("orders nights oldest first and charts seconds as hours", () => {
    expect(toTrendSeries(rows, "totalSleepTime")).toEqual([
      {
        sessionId: "n1",
        label: "14 Jan",
        day: Date.UTC(2025, 0, 14),
        startTime: "2025-01-14T22:00:00Z",
        raw: 25920,
        value: 7.2,
        excluded: null,
        share: null,
      },
      // 23:30 UTC is 08:30 the next day in Seoul.
      {
        sessionId: "n2",
        label: "16 Jan",
        day: Date.UTC(2025, 0, 16),
        startTime: "2025-01-15T23:30:00Z",
        raw: 28800,
        value: 8,
        excluded: null,
        share: null,
      },
      // Nothing known about n3: left out, with a reason.
      {
        sessionId: "n3",
        label: "17 Jan",
        day: Date.UTC(2025, 0, 17),
        startTime: "2025-01-17T22:00:00Z",
        raw: null,
        value: null,
        excluded: "NO_DATA",
        share: null,
      },
    ]);
  });

  it("charts latency in minutes and efficiency in percent", () => {
    expect(toTrendSeries(rows, "sleepOnsetLatency").map((p) => p.value)).toEqual([15, 5, null]);
    expect(toTrendSeries(rows, "sleepEfficiency").map((p) => p.value)).toEqual([88.24, 92.5, null]);
  });

  it("charts WASO, deep, REM and snoring in minutes, stages with their share of total sleep time", () => {
    expect(toTrendSeries(rows, "waso").map((p) => p.value)).toEqual([30, 10, null]);
    expect(toTrendSeries(rows, "timeInSnoring").map((p) => p.value)).toEqual([null, 20, null]);
    // Deep: 3888 / 25920 = 15%, 5760 / 28800 = 20%. REM: 5184 / 25920 = 20%, 6480 / 28800 = 22.5%.
    const deep = toTrendSeries(rows, "timeInDeep");
    expect(deep.map((p) => [p.value, p.share])).toEqual([
      [64.8, 15],
      [96, 20],
      [null, null],
    ]);
    expect(toTrendSeries(rows, "timeInRem").map((p) => p.share)).toEqual([20, 22.5, null]);
    expect(toTrendSeries(rows, "waso").map((p) => p.share)).toEqual([null, null, null]);
    // Mean of 3888 and 5760 s = 4824 s = 80.4 min -> 1 h 20 min; shares (15 + 20) / 2 = 17.5%.
    expect(describeTrend(deep, "timeInDeep")).toBe(
      "Deep sleep: average 1 h 20 min, 17.5% of total sleep time on average over 2 nights (lowest 1 h 5 min, highest 1 h 36 min).",
    );
  });
});

describe("nights without measurable sleep", () => {
  const sparse: NightTrendRow[] = [
    {
      ...rows[1]!,
      id: "ok",
      startTime: "2026-11-02T22:00:00Z",
      endTime: "2026-11-03T06:00:00Z",
      timezone: "UTC",
      sleepEfficiency: 90,
    },
    // NEVER_SLEPT: 0 s asleep in 1 h, efficiency 0 %.
    {
      ...rows[1]!,
      id: "never",
      startTime: "2026-11-05T22:00:00Z",
      endTime: "2026-11-05T23:00:00Z",
      timezone: "UTC",
      timeInBed: 3600,
      totalSleepTime: 0,
      sleepEfficiency: 0,
      peculiarities: ["NEVER_SLEPT"],
    },
    // TOO_SHORT: 3 min, with a computed 50 % that is not a measurement.
    {
      ...rows[1]!,
      id: "short",
      startTime: "2026-11-06T22:00:00Z",
      endTime: "2026-11-06T22:03:00Z",
      timezone: "UTC",
      timeInBed: 180,
      totalSleepTime: 90,
      sleepEfficiency: 50,
      peculiarities: ["TOO_SHORT_FOR_ANALYSIS"],
    },
  ];

  it("tell a recording without data from one without sleep by Asleep's missing_data_ratio", () => {
    const blank = { ...sparse[1]!, id: "blank", missingDataRatio: 1 };
    expect(listExcludedNights([blank])).toEqual([
      { sessionId: "blank", label: "5 Nov", reason: "no sleep stages were scored" },
    ]);
  });

  it("are left out of the averages and the series", () => {
    const points = toTrendSeries(sparse, "sleepEfficiency");
    expect(points.map((p) => [p.sessionId, p.value, p.excluded])).toEqual([
      ["ok", 90, null],
      ["never", null, "NEVER_SLEPT"],
      ["short", null, "TOO_SHORT"],
    ]);
    expect(describeTrend(points, "sleepEfficiency")).toBe("Sleep efficiency: average 90.0% over 1 night.");
  });

  it("are listed with their reason, newest first", () => {
    expect(listExcludedNights(sparse)).toEqual([
      { sessionId: "short", label: "6 Nov", reason: "too short to analyse (under 5 minutes)" },
      { sessionId: "never", label: "5 Nov", reason: "no sleep was detected" },
    ]);
  });
});

describe("trend axes", () => {
  it("places nights on a real date axis, gaps included, ticks counted back from the latest", () => {
    const day = (d: number) => Date.UTC(2026, 10, d);
    // 2 Nov and 16 Jan are 75 days apart: weekly ticks would be 11, so every 28 days.
    const jan16 = Date.UTC(2027, 0, 16);
    expect(trendDateAxis([day(2), jan16])).toEqual({
      domain: [day(2) - 86_400_000, jan16 + 86_400_000],
      ticks: [jan16 - 56 * 86_400_000, jan16 - 28 * 86_400_000, jan16],
    });
    expect(trendDateAxis([day(1), day(2), day(4)]).ticks).toEqual([day(1), day(2), day(3), day(4)]);
  });

  it("ticks weekly averages on their weeks, every third of 12, the latest labelled", () => {
    const monday = Date.UTC(2026, 8, 14); // Mon 14 Sep 2026
    const weeks = Array.from({ length: 12 }, (_, i) => monday + i * 7 * 86_400_000);
    const axis = trendDateAxis(weeks, 5, 7);
    // 12 points, at most 5 ticks: every 3rd counted back from the last (indexes 11, 8, 5, 2).
    expect(axis.ticks).toEqual([weeks[2], weeks[5], weeks[8], weeks[11]]);
    // Padding of 7 / 1.5 days either side leaves room for the end bars.
    expect(axis.domain).toEqual([monday - (7 * 86_400_000) / 1.5, weeks[11]! + (7 * 86_400_000) / 1.5]);
  });

  it("uses round value ticks: minutes in 5/10/15/30, hours in 1/2, percent in 10/20", () => {
    // The latency axis read 0/7/14/21/28 min.
    expect(trendValueTicks("sleepOnsetLatency", [3, 28, 12])).toEqual([0, 10, 20, 30]);
    expect(trendValueTicks("sleepOnsetLatency", [4])).toEqual([0, 5]);
    expect(trendValueTicks("totalSleepTime", [7.2, 8.5])).toEqual([0, 2, 4, 6, 8, 10]);
    expect(trendValueTicks("sleepEfficiency", [76.7, 92.5])).toEqual([70, 80, 90, 100]);
    // A night at exactly 90.0% is not drawn on the axis line.
    expect(trendValueTicks("sleepEfficiency", [90, 90.9])).toEqual([80, 90, 100]);
  });
});

describe("describeTrend", () => {
  it("gives the average and range over nights with a value", () => {
    // (25920 + 28800) / 2 = 27360 s = 7 h 36 min.
    expect(describeTrend(toTrendSeries(rows, "totalSleepTime"), "totalSleepTime")).toBe(
      "Total sleep time: average 7 h 36 min over 2 nights (lowest 7 h 12 min, highest 8 h).",
    );
    // (88.24 + 92.5) / 2 = 90.37 -> 90.4 %.
    expect(describeTrend(toTrendSeries(rows, "sleepEfficiency"), "sleepEfficiency")).toBe(
      "Sleep efficiency: average 90.4% over 2 nights (lowest 88.2%, highest 92.5%).",
    );
  });

  it("handles one night and none", () => {
    expect(describeTrend(toTrendSeries(rows.slice(2), "sleepOnsetLatency"), "sleepOnsetLatency")).toBe(
      "Sleep onset latency: average 15 min over 1 night.",
    );
    expect(describeTrend([], "totalSleepTime")).toBe("Total sleep time: no nights with a value yet.");
  });
});
