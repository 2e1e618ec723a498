/**
 * Calendar weeks and months of nights, their averages and comparisons. Every
 * expected value is worked out by hand in the comments (1 Dec 2026 is a
 * Tuesday, so Mon 30 Nov - Sun 6 Dec and Mon 7 - Sun 13 Dec are ISO weeks).
 */
import { describe, expect, it } from "vitest";

import type { NightTrendRow } from "@/lib/store/read-model";
import {
  averageNights,
  clockDifference,
  compareMeasure,
  comparisonNightsToLoad,
  describePeriodTrend,
  comparePeriods,
  compareWithAverage,
  groupNightsByPeriod,
  meanClockMinutes,
  nightsDatedWithin,
  parseReportRange,
  nightDay,
  nightsToLoad,
  parseTrendWindow,
  periodEnd,
  periodLabel,
  periodStart,
  todayNightDay,
  toPeriodSeries,
} from "@/lib/view/periods";

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

let n = 0;
/** A counted night: 8 h in bed, the given sleep, zone UTC unless said. */
function night(start: string, end: string, v: Partial<NightTrendRow> = {}): NightTrendRow {
  return {
    id: `n${++n}`,
    startTime: start,
    endTime: end,
    timezone: "UTC",
    timeInBed: 28800,
    peculiarities: [],
    missingDataRatio: null,
    totalSleepTime: 25200,
    sleepEfficiency: 87.5,
    sleepOnsetLatency: 600,
    waso: 1200,
    timeInDeep: 3600,
    timeInRem: 5400,
    timeInSnoring: 0,
    ...v,
  };
}

describe("periodStart / periodEnd", () => {
  it("puts a date in its ISO week (Monday to Sunday) and its calendar month", () => {
    expect(periodStart(day(2026, 12, 6), "week")).toBe(day(2026, 11, 30)); // Sunday -> the Monday before
    expect(periodStart(day(2026, 12, 7), "week")).toBe(day(2026, 12, 7)); // Monday is its own start
    expect(periodStart(day(2026, 12, 1), "week")).toBe(day(2026, 11, 30));
    expect(periodEnd(day(2026, 11, 30), "week")).toBe(day(2026, 12, 6));
    expect(periodStart(day(2026, 12, 31), "month")).toBe(day(2026, 12, 1));
    expect(periodEnd(day(2026, 2, 1), "month")).toBe(day(2026, 2, 28));
    // ISO week 1 of 2027 starts on Monday 4 Jan 2027; Sunday 3 Jan is still in the week of 28 Dec 2026.
    expect(periodStart(day(2027, 1, 3), "week")).toBe(day(2026, 12, 28));
  });

  it("labels weeks by their days and months by name", () => {
    expect(periodLabel(day(2026, 11, 30), "week")).toBe("30 Nov – 6 Dec 2026");
    expect(periodLabel(day(2026, 12, 1), "month")).toBe("December 2026");
  });
});

describe("nightDay: which week a night belongs to", () => {
  it("dates a night crossing Sunday -> Monday by its Sunday evening, so it stays in the Sunday's week", () => {
    // 22:30-06:30 in Berlin (UTC+1): starts Sunday 6 Dec, ends Monday 7 Dec.
    const r = night("2026-12-06T21:30:00Z", "2026-12-07T05:30:00Z", { timezone: "Europe/Berlin" });
    expect(nightDay(r)).toBe(day(2026, 12, 6));
    expect(periodStart(nightDay(r), "week")).toBe(day(2026, 11, 30));
    // Going to bed at 00:30 on Monday (before 06:00) is still Sunday's night.
    const late = night("2026-12-06T23:30:00Z", "2026-12-07T07:30:00Z", { timezone: "Europe/Berlin" });
    expect(nightDay(late)).toBe(day(2026, 12, 6));
  });

  it("reads the date in the night's own time zone", () => {
    const start = "2026-12-06T23:30:00Z";
    const end = "2026-12-07T07:00:00Z";
    // UTC: Sunday 23:30 -> night of Sunday 6 Dec, week of 30 Nov.
    expect(nightDay(night(start, end, { timezone: "UTC" }))).toBe(day(2026, 12, 6));
    // Seoul (UTC+9): Monday 08:30 -> Monday 7 Dec, the next week.
    expect(periodStart(nightDay(night(start, end, { timezone: "Asia/Seoul" })), "week")).toBe(day(2026, 12, 7));
    // Los Angeles (UTC-8): Sunday 15:30 -> Sunday 6 Dec.
    expect(nightDay(night(start, end, { timezone: "America/Los_Angeles" }))).toBe(day(2026, 12, 6));
  });

  it("puts the small hours of the 1st in the month before", () => {
    // 02:00 on Tue 1 Dec in Berlin is the night of Mon 30 Nov: November.
    const r = night("2026-12-01T01:00:00Z", "2026-12-01T08:00:00Z", { timezone: "Europe/Berlin" });
    expect(periodStart(nightDay(r), "month")).toBe(day(2026, 11, 1));
  });

  it("takes today's night date in the viewer's zone (before 06:00 it is still yesterday's night)", () => {
    expect(todayNightDay(Date.parse("2026-12-07T04:00:00Z"), "UTC")).toBe(day(2026, 12, 6));
    expect(todayNightDay(Date.parse("2026-12-07T04:00:00Z"), "Asia/Seoul")).toBe(day(2026, 12, 7)); // 13:00
  });
});

describe("clock times around midnight", () => {
  it("averages on the 24-hour circle", () => {
    expect(meanClockMinutes([23 * 60, 60])).toBe(0); // 23:00 and 01:00 -> 00:00, not 12:00
    expect(meanClockMinutes([22 * 60, 23 * 60])).toBe(22 * 60 + 30);
    expect(meanClockMinutes([23 * 60 + 30, 30])).toBe(0);
    expect(meanClockMinutes([23 * 60, 23 * 60, 2 * 60])).toBe(23 * 60 + 59); // circular mean of -60,-60,+120 min
    expect(meanClockMinutes([23 * 60, 11 * 60])).toBeNull(); // opposite: no mean
    expect(meanClockMinutes([])).toBeNull();
  });

  it("subtracts the short way round", () => {
    expect(clockDifference(23 * 60 + 50, 10)).toBe(-20);
    expect(clockDifference(10, 23 * 60 + 50)).toBe(20);
    expect(clockDifference(7 * 60, 6 * 60 + 30)).toBe(30);
  });
});

describe("compareMeasure", () => {
  it("writes the difference with its sign and says whether it is better", () => {
    expect(compareMeasure("totalSleepTime", 27000, 25500)).toMatchObject({
      current: "7 h 30 min",
      reference: "7 h 5 min",
      difference: 1500,
      change: "+25 min",
      arrow: "up",
      verdict: "better",
    });
    // A longer latency is worse.
    expect(compareMeasure("sleepOnsetLatency", 900, 600)).toMatchObject({ change: "+5 min", verdict: "worse" });
    // Less WASO is better.
    expect(compareMeasure("waso", 600, 1800)).toMatchObject({ change: "-20 min", arrow: "down", verdict: "better" });
    expect(compareMeasure("sleepEfficiency", 92.5, 90)).toMatchObject({ change: "+2.5 points", verdict: "better" });
    // Bedtime 23:50 vs 00:10: 20 minutes earlier, neither better nor worse.
    expect(compareMeasure("bedtime", 23 * 60 + 50, 10)).toMatchObject({
      current: "23:50",
      reference: "00:10",
      difference: -20,
      change: "20 min earlier",
      verdict: "neutral",
    });
    // Under a minute apart is written in seconds; 1520 s is rounded to 25 min.
    expect(compareMeasure("timeInRem", 5420, 5400)).toMatchObject({ change: "+20 s", difference: 20 });
    expect(compareMeasure("timeInDeep", 3600, 5120)).toMatchObject({ change: "-25 min", difference: -1500 });
    expect(compareMeasure("totalSleepTime", 25200, 25200)).toMatchObject({
      change: "same",
      arrow: "none",
      verdict: "neutral",
    });
    expect(compareMeasure("totalSleepTime", null, 25200)).toMatchObject({ current: "—", change: "—" });
  });
});

describe("comparePeriods", () => {
  // Today: Wednesday 9 Dec 2026. This week 7-13 Dec, last week 30 Nov - 6 Dec.
  const today = day(2026, 12, 9);
  const rows = [
    // This week: Mon 7 and Tue 8 Dec.
    night("2026-12-08T22:00:00Z", "2026-12-09T06:00:00Z", { totalSleepTime: 25200, sleepEfficiency: 87.5 }),
    night("2026-12-07T23:00:00Z", "2026-12-08T07:00:00Z", {
      totalSleepTime: 27000,
      sleepEfficiency: 93.75,
      sleepOnsetLatency: 300,
      waso: 600,
      timeInDeep: 4200,
      timeInRem: 6000,
    }),
    // Also this week, but no sleep: counts in nothing.
    night("2026-12-09T22:00:00Z", "2026-12-10T06:00:00Z", {
      peculiarities: ["NEVER_SLEPT"],
      totalSleepTime: 0,
      sleepEfficiency: 0,
    }),
    // Last week: Sunday 6 Dec at 23:30, and Monday 7 Dec at 00:30 (before 06:00: still Sunday's night).
    night("2026-12-06T23:30:00Z", "2026-12-07T07:30:00Z", {
      totalSleepTime: 24000,
      sleepEfficiency: 83.4,
      sleepOnsetLatency: 1200,
      waso: 1800,
      timeInDeep: 3000,
      timeInRem: 4800,
    }),
    night("2026-12-07T00:30:00Z", "2026-12-07T08:30:00Z", {
      totalSleepTime: 25800,
      sleepEfficiency: 89.6,
      sleepOnsetLatency: 900,
      waso: 1500,
      timeInDeep: 3300,
      timeInRem: 5100,
    }),
    // Sunday 29 Nov: the week before last, but November.
    night("2026-11-29T22:00:00Z", "2026-11-30T06:00:00Z", { totalSleepTime: 28800, sleepEfficiency: 100 }),
  ];

  it("compares this ISO week with the last, each measure this / last / difference", () => {
    const c = comparePeriods(rows, "week", today);
    expect([c.current.start, c.current.end, c.current.averages.nights]).toEqual([day(2026, 12, 7), day(2026, 12, 13), 2]);
    expect([c.previous.start, c.previous.averages.nights]).toEqual([day(2026, 11, 30), 2]);
    const by = Object.fromEntries(c.measures.map((m) => [m.key, m]));
    // TST (25200 + 27000) / 2 = 26100 s = 7 h 15 min; last (24000 + 25800) / 2 = 24900 s = 6 h 55 min.
    expect(by.totalSleepTime).toMatchObject({ current: "7 h 15 min", reference: "6 h 55 min", change: "+20 min", verdict: "better" });
    // Efficiency (87.5 + 93.75) / 2 = 90.625 -> 90.6%; last (83.4 + 89.6) / 2 = 86.5%; 4.125 -> +4.1 points.
    expect(by.sleepEfficiency).toMatchObject({ current: "90.6%", reference: "86.5%", change: "+4.1 points" });
    // Latency (600 + 300) / 2 = 450 s = 8 min (7.5 rounds up); last (1200 + 900) / 2 = 1050 s = 18 min; -600 s = -10 min.
    expect(by.sleepOnsetLatency).toMatchObject({ current: "8 min", reference: "18 min", change: "-10 min", verdict: "better" });
    // WASO (1200 + 600) / 2 = 900 s; last (1800 + 1500) / 2 = 1650 s; -750 s = -12.5 min -> -13 min.
    expect(by.waso).toMatchObject({ current: "15 min", reference: "28 min", change: "-13 min", verdict: "better" });
    // Deep (3600 + 4200) / 2 = 3900 s = 1 h 5 min; last 3150 s = 53 min (52.5 up); +750 s -> +13 min.
    expect(by.timeInDeep).toMatchObject({ current: "1 h 5 min", reference: "53 min", change: "+13 min" });
    // REM (5400 + 6000) / 2 = 5700 s = 1 h 35 min; last 4950 s = 1 h 23 min (82.5 up); +750 s -> +13 min.
    expect(by.timeInRem).toMatchObject({ current: "1 h 35 min", reference: "1 h 23 min", change: "+13 min" });
    // Bedtimes 22:00 and 23:00 -> 22:30; last 23:30 and 00:30 -> 00:00: 90 min earlier.
    expect(by.bedtime).toMatchObject({ current: "22:30", reference: "00:00", change: "1 h 30 min earlier", verdict: "neutral" });
    // Wake 06:00 and 07:00 -> 06:30; last 07:30 and 08:30 -> 08:00.
    expect(by.wakeTime).toMatchObject({ current: "06:30", reference: "08:00", change: "1 h 30 min earlier" });
  });

  it("compares this calendar month with the last", () => {
    const c = comparePeriods(rows, "month", today);
    expect([c.current.label, c.current.averages.nights, c.previous.label, c.previous.averages.nights]).toEqual([
      "December 2026",
      4,
      "November 2026",
      1,
    ]);
    // December: (25200 + 27000 + 24000 + 25800) / 4 = 25500 s = 7 h 5 min; November 8 h; -3300 s = -55 min.
    expect(c.measures[0]).toMatchObject({ current: "7 h 5 min", reference: "8 h", change: "-55 min", verdict: "worse" });
  });

  it("says nothing for a period without nights", () => {
    const c = comparePeriods(rows, "week", day(2026, 12, 23));
    expect(c.current.averages.nights).toBe(0);
    expect(c.previous.averages.nights).toBe(0);
    expect(c.measures[0]).toMatchObject({ current: "—", reference: "—", change: "—" });
  });

  it("groups nights by week, newest first, listing empty weeks inside a span", () => {
    const weeks = groupNightsByPeriod(rows, "week", { from: day(2026, 11, 23), to: day(2026, 12, 20) });
    expect(weeks.map((w) => [w.label, w.rows.length, w.averages.nights])).toEqual([
      ["14 Dec – 20 Dec 2026", 0, 0],
      ["7 Dec – 13 Dec 2026", 3, 2],
      ["30 Nov – 6 Dec 2026", 2, 2],
      ["23 Nov – 29 Nov 2026", 1, 1],
    ]);
    // Deep share of the week of 7 Dec: 3900 / 26100 = 14.94% -> 14.9%; REM 5700 / 26100 = 21.84% -> 21.8%.
    expect([weeks[1]!.deepShare, weeks[1]!.remShare]).toEqual([14.9, 21.8]);
  });

  it("averages only the nights that count", () => {
    const avg = averageNights(rows.slice(0, 3));
    expect(avg.nights).toBe(2);
    expect(avg.values.totalSleepTime).toBe(26100);
  });
});

describe("compareWithAverage", () => {
  const tonight = night("2026-12-08T22:00:00Z", "2026-12-09T06:00:00Z", {
    totalSleepTime: 27000,
    sleepEfficiency: 93.75,
    sleepOnsetLatency: 300,
    waso: 600,
    timeInDeep: 4800,
    timeInRem: 6000,
  });
  const earlier = [
    night("2026-12-07T22:00:00Z", "2026-12-08T06:00:00Z", { totalSleepTime: 24000, sleepEfficiency: 83.3 }),
    night("2026-12-06T22:00:00Z", "2026-12-07T06:00:00Z", { totalSleepTime: 25500, sleepEfficiency: 88.5 }),
    night("2026-12-05T22:00:00Z", "2026-12-06T06:00:00Z", { totalSleepTime: 25800, sleepEfficiency: 89.6 }),
    night("2026-12-04T22:00:00Z", "2026-12-05T06:00:00Z", { peculiarities: ["NEVER_SLEPT"], totalSleepTime: 0 }),
  ];

  it("compares the night with the average of the earlier nights that count", () => {
    const c = compareWithAverage(tonight, earlier)!;
    expect(c.nights).toBe(3);
    const by = Object.fromEntries(c.measures.map((m) => [m.key, m]));
    // TST average (24000 + 25500 + 25800) / 3 = 25100 s; 27000 - 25100 = 1900 s = 31.7 min -> +32 min.
    expect(by.totalSleepTime).toMatchObject({ reference: "6 h 58 min", change: "+32 min", verdict: "better" });
    // Efficiency average (83.3 + 88.5 + 89.6) / 3 = 87.133; 93.75 - 87.133 = 6.617 -> +6.6 points.
    expect(by.sleepEfficiency).toMatchObject({ change: "+6.6 points" });
    // Latency 600 s on each earlier night; 300 - 600 = -5 min, better.
    expect(by.sleepOnsetLatency).toMatchObject({ change: "-5 min", verdict: "better" });
    // WASO 1200 s each; 600 - 1200 = -10 min.
    expect(by.waso).toMatchObject({ change: "-10 min" });
    // Deep 3600 s each; 4800 - 3600 = +20 min. REM 5400 each; +10 min.
    expect(by.timeInDeep).toMatchObject({ change: "+20 min" });
    expect(by.timeInRem).toMatchObject({ change: "+10 min" });
    expect(c.measures.map((m) => m.key)).toEqual([
      "totalSleepTime",
      "sleepEfficiency",
      "sleepOnsetLatency",
      "waso",
      "timeInDeep",
      "timeInRem",
    ]);
  });

  it("says nothing with fewer than 3 earlier nights that count", () => {
    expect(compareWithAverage(tonight, earlier.slice(1))).toBeNull(); // 2 counted + 1 without sleep
  });

  it("says nothing for a night without measurable sleep", () => {
    expect(compareWithAverage(earlier[3]!, earlier.slice(0, 3))).toBeNull();
  });

  it("looks back over the 30 nights before it, not later ones or older ones", () => {
    const base = Date.parse("2026-12-07T22:00:00Z");
    const month = Array.from({ length: 30 }, (_, i) =>
      night(new Date(base - i * 86_400_000).toISOString(), new Date(base - i * 86_400_000 + 28_800_000).toISOString()),
    );
    const older = night("2026-11-01T22:00:00Z", "2026-11-02T06:00:00Z", { totalSleepTime: 3600 });
    const later = night("2026-12-10T22:00:00Z", "2026-12-11T06:00:00Z", { totalSleepTime: 3600 });
    const same = night("2026-12-08T22:00:00Z", "2026-12-09T06:00:00Z", { totalSleepTime: 25200 });
    const c = compareWithAverage(same, [...month, older, later])!;
    // 30 nights of 25200 s: the 31st-oldest and the later 1-hour nights do not count.
    expect(c.nights).toBe(30);
    expect(c.measures[0]).toMatchObject({ reference: "7 h", change: "same" });
  });
});

describe("parseTrendWindow", () => {
  it("takes the five windows and defaults to 30 nights", () => {
    expect(["7", "30", "90", "weeks", "months"].map(parseTrendWindow)).toEqual(["7", "30", "90", "weeks", "months"]);
    expect([undefined, "14", ["7"], "WEEKS"].map(parseTrendWindow)).toEqual(["30", "30", "30", "30"]);
  });
});

describe("period series and what to load", () => {
  it("charts period averages oldest first and describes them", () => {
    const rows = [
      night("2026-12-07T22:00:00Z", "2026-12-08T06:00:00Z", { totalSleepTime: 27000 }),
      night("2026-12-01T22:00:00Z", "2026-12-02T06:00:00Z", { totalSleepTime: 24000 }),
      night("2026-12-02T22:00:00Z", "2026-12-03T06:00:00Z", { totalSleepTime: 25800 }),
    ];
    const weeks = groupNightsByPeriod(rows, "week", { from: day(2026, 11, 23), to: day(2026, 12, 9) });
    const points = toPeriodSeries(weeks, "totalSleepTime");
    // Week of 30 Nov: (24000 + 25800) / 2 = 24900 s = 6.92 h; week of 7 Dec: 27000 s = 7.5 h; 23 Nov: none.
    expect(points.map((p) => [p.label, p.raw, p.value])).toEqual([
      ["23 Nov – 29 Nov 2026", null, null],
      ["30 Nov – 6 Dec 2026", 24900, 6.92],
      ["7 Dec – 13 Dec 2026", 27000, 7.5],
    ]);
    expect(describePeriodTrend(points, "totalSleepTime", "week")).toBe(
      "Total sleep time, weekly averages: 6 h 55 min to 7 h 30 min over 2 of 3 weeks; latest 7 h 30 min.",
    );
    // Deep 3600 of 24900 -> 14.5%.
    expect(toPeriodSeries(weeks, "timeInDeep")[1]!.share).toBe(14.5);
  });

  it("loads enough nights for 12 calendar weeks or months and for last month's comparison", () => {
    // Wed 9 Dec 2026 12:00 UTC; a day earlier in the latest zone is Tue 8 Dec: week of 7 Dec, December.
    const now = Date.parse("2026-12-09T12:00:00Z");
    expect(nightsToLoad("30", now)).toEqual({ take: 30 });
    // 11 weeks before 7 Dec is 21 Sep; two days of slack: 19 Sep.
    expect(nightsToLoad("weeks", now)).toEqual({ take: 366, startFrom: new Date(day(2026, 9, 19)) });
    // 11 months before December is January 2026; slack: 30 Dec 2025.
    expect(nightsToLoad("months", now)).toEqual({ take: 366, startFrom: new Date(day(2025, 12, 30)) });
    // Last month is November: 30 Oct with the slack.
    expect(comparisonNightsToLoad(now)).toEqual({ take: 366, startFrom: new Date(day(2026, 10, 30)) });
    // On 1 Mar at 02:00 UTC it may still be February somewhere: load from January (30 Dec with slack).
    expect(comparisonNightsToLoad(Date.parse("2027-03-01T02:00:00Z")).startFrom).toEqual(new Date(day(2026, 12, 30)));
  });
});

describe("parseReportRange", () => {
  const today = day(2026, 12, 2);
  it("defaults to the 30 days ending today", () => {
    expect(parseReportRange(undefined, undefined, today)).toEqual({ from: day(2026, 11, 3), to: today });
  });
  it("takes two dates, both included, up to 366 days", () => {
    expect(parseReportRange("2026-11-01", "2026-11-30", today)).toEqual({ from: day(2026, 11, 1), to: day(2026, 11, 30) });
    // 1 Jan 2025 to 2 Jan 2026 is 367 nights; 1 Jan to 31 Dec 2024 (a leap year) is 366.
    expect(parseReportRange("2025-01-01", "2026-01-02", today)).toEqual({ error: "the range is longer than 366 days" });
    expect(parseReportRange("2024-01-01", "2024-12-31", today)).toEqual({ from: day(2024, 1, 1), to: day(2024, 12, 31) });
  });
  it("names the parameter that is wrong", () => {
    expect(parseReportRange("2026-11-31", "2026-12-01", today)).toEqual({ error: "from is not a calendar date" });
    expect(parseReportRange("2026-11-01", "1 Dec", today)).toEqual({ error: "to must be a date written YYYY-MM-DD" });
    expect(parseReportRange("2026-11-01", undefined, today)).toEqual({ error: "to is missing" });
    expect(parseReportRange("2026-12-01", "2026-11-01", today)).toEqual({ error: "from is after to" });
    // Outside the years Nocturne stores (as the exports): year 9999's search window would pass year 10000.
    expect(parseReportRange("9999-12-31", "9999-12-31", today)).toEqual({ error: "from must be from 2000-01-01 to 2100-12-31" });
    expect(parseReportRange("2026-11-01", "2101-01-01", today)).toEqual({ error: "to must be from 2000-01-01 to 2100-12-31" });
  });
  it("keeps the nights dated within the range", () => {
    const rows = [
      night("2026-11-30T23:30:00Z", "2026-12-01T07:00:00Z"), // Monday 30 Nov's night
      night("2026-12-01T01:00:00Z", "2026-12-01T08:00:00Z"), // 01:00 on 1 Dec: the night of 30 Nov
      night("2026-12-01T22:00:00Z", "2026-12-02T06:00:00Z"), // 1 Dec
    ];
    expect(nightsDatedWithin(rows, day(2026, 11, 1), day(2026, 11, 30))).toEqual(rows.slice(0, 2));
  });
});
