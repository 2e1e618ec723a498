import { describe, expect, it } from "vitest";

import {
  apportionDurations,
  formatClockTime,
  isAmbiguousWallTime,
  formatCount,
  formatDuration,
  formatNightDate,
  formatNightSpan,
  formatNightTitle,
  nightDateKey,
  formatPercent,
  formatReportNotification,
  formatReportReady,
  formatShortNightDate,
  localMinuteOfDay,
  resolveTimeZone,
} from "@/lib/view/format";

describe("formatDuration", () => {
  it("writes hours and minutes, rounded to the minute", () => {
    expect(formatDuration(7 * 3600 + 12 * 60)).toBe("7 h 12 min");
    expect(formatDuration(27000)).toBe("7 h 30 min");
    expect(formatDuration(45 * 60)).toBe("45 min");
    expect(formatDuration(2760)).toBe("46 min");
    // 7 h 12 min 29 s rounds down, 7 h 12 min 30 s up.
    expect(formatDuration(7 * 3600 + 12 * 60 + 29)).toBe("7 h 12 min");
    expect(formatDuration(7 * 3600 + 12 * 60 + 30)).toBe("7 h 13 min");
  });

  it("drops the minutes on whole hours, also after rounding", () => {
    expect(formatDuration(8 * 3600)).toBe("8 h");
    expect(formatDuration(3599)).toBe("1 h");
  });

  it("writes seconds below a minute, then minutes (one rounding rule)", () => {
    expect(formatDuration(0)).toBe("0 min");
    expect(formatDuration(20)).toBe("20 s");
    expect(formatDuration(30)).toBe("30 s");
    expect(formatDuration(59)).toBe("59 s");
    expect(formatDuration(60)).toBe("1 min");
    expect(formatDuration(90)).toBe("2 min");
  });

  it("shows a dash when the value is unknown", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });
});

describe("apportionDurations", () => {
  it("keeps sub-minute parts in seconds and rounds the rest so they add up", () => {
    // The 3-minute night's sleep: light 60 s, deep 30 s, REM 30 s = 2 min asleep.
    expect(apportionDurations([60, 30, 30]).map(formatDuration)).toEqual(["1 min", "30 s", "30 s"]);
    // Three parts of 20.5 min (61.5 min, 62 when rounded): 21 + 21 + 20, not 21 x 3 = 63.
    expect(apportionDurations([1230, 1230, 1230])).toEqual([1260, 1260, 1200]);
    // The largest remainder gets the minute: 10.9 + 10.1 = 21 min -> 11 + 10.
    expect(apportionDurations([654, 606])).toEqual([660, 600]);
  });
});

describe("DST: the offset where a wall-clock time is ambiguous", () => {
  // New York falls back on 2026-11-01 at 02:00 EDT (06:00Z) to 01:00 EST.
  const edt = Date.parse("2026-11-01T05:30:00Z"); // 01:30 EDT
  const est = Date.parse("2026-11-01T06:30:00Z"); // 01:30 EST
  it("writes EDT and EST on the two 01:30s, nothing elsewhere", () => {
    expect(formatClockTime(edt, "America/New_York", { offsetIfAmbiguous: true })).toBe("01:30 EDT");
    expect(formatClockTime(est, "America/New_York", { offsetIfAmbiguous: true })).toBe("01:30 EST");
    expect(formatClockTime(Date.parse("2026-11-01T04:30:00Z"), "America/New_York", { offsetIfAmbiguous: true })).toBe(
      "00:30",
    );
    expect(formatClockTime(Date.parse("2026-11-01T07:30:00Z"), "America/New_York", { offsetIfAmbiguous: true })).toBe(
      "02:30",
    );
    expect(isAmbiguousWallTime(edt, "UTC")).toBe(false);
  });
  it("writes seconds when asked", () => {
    expect(formatClockTime("2026-12-01T23:01:30Z", "UTC", { seconds: true })).toBe("23:01:30");
  });
});

describe("formatPercent and formatCount", () => {
  it("writes one decimal by default", () => {
    expect(formatPercent(88.24)).toBe("88.2%");
    expect(formatPercent(76.67)).toBe("76.7%");
    expect(formatPercent(70)).toBe("70.0%");
    expect(formatPercent(12.5, 0)).toBe("13%");
    expect(formatPercent(null)).toBe("—");
  });

  it("writes counts as whole numbers", () => {
    expect(formatCount(2)).toBe("2");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(null)).toBe("—");
  });
});

describe("clock times and dates in the session's time zone", () => {
  const at = "2025-01-15T02:50:29Z";

  it("uses a 24-hour clock in the given zone", () => {
    expect(formatClockTime(at, "UTC")).toBe("02:50");
    expect(formatClockTime(at, "Asia/Seoul")).toBe("11:50"); // UTC+9
    expect(formatClockTime(at, "Asia/Kolkata")).toBe("08:20"); // UTC+5:30
    expect(formatClockTime(at, "America/New_York")).toBe("21:50"); // UTC-5 in January
    expect(formatClockTime(Date.parse(at), "UTC")).toBe("02:50");
  });

  it("falls back to UTC for a missing or unknown zone", () => {
    expect(resolveTimeZone(null)).toBe("UTC");
    expect(resolveTimeZone("")).toBe("UTC");
    expect(resolveTimeZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(resolveTimeZone("Europe/Paris")).toBe("Europe/Paris");
    expect(formatClockTime(at, "Mars/Olympus_Mons")).toBe("02:50");
    expect(formatClockTime(at, null)).toBe("02:50");
  });

  it("dates a night by its evening, in its own zone", () => {
    expect(formatNightDate("2025-01-15T22:00:00Z", "UTC")).toBe("Wed, 15 Jan 2025");
    // 02:50 is before 06:00: the night of the 14th.
    expect(formatNightDate(at, "UTC")).toBe("Tue, 14 Jan 2025");
    expect(formatNightDate("2025-01-15T06:00:00Z", "UTC")).toBe("Wed, 15 Jan 2025");
    // 18:50 on the 14th in Los Angeles (UTC-8).
    expect(formatNightDate(at, "America/Los_Angeles")).toBe("Tue, 14 Jan 2025");
    // 23:30 UTC is 08:30 on the 16th in Seoul (UTC+9).
    expect(formatShortNightDate("2025-01-15T23:30:00Z", "Asia/Seoul")).toBe("16 Jan");
    // 15:30 UTC is 00:30 on the 16th in Seoul: the night of the 15th.
    expect(formatShortNightDate("2025-01-15T15:30:00Z", "Asia/Seoul")).toBe("15 Jan");
  });

  it("dates a day sleep (starting before 06:00, lasting past noon) by the day it starts", () => {
    // The 04:57-12:57 on Wed 2 Dec was labelled "Night of Tue, 1 Dec".
    expect(formatNightDate("2026-12-02T04:57:00Z", "UTC", "2026-12-02T12:57:00Z")).toBe("Wed, 2 Dec 2026");
    expect(formatNightTitle("2026-12-02T04:57:00Z", "UTC", "2026-12-02T12:57:00Z")).toBe(
      "Day sleep of Wed, 2 Dec 2026",
    );
    // Ending by noon it is still the previous evening's night.
    expect(formatNightTitle("2026-12-02T04:57:00Z", "UTC", "2026-12-02T11:00:00Z")).toBe("Night of Tue, 1 Dec 2026");
    expect(nightDateKey("2026-12-02T04:57:00Z", "UTC", "2026-12-02T11:00:00Z")).toBe(Date.UTC(2026, 11, 1));
  });

  it("gives a 24-hour night's span its weekdays and dates", () => {
    expect(formatNightSpan("2026-11-30T20:00:00Z", "2026-12-01T20:00:00Z", "UTC")).toBe(
      "20:00 Mon 30 Nov – 20:00 Tue 1 Dec",
    );
    expect(formatNightSpan("2026-11-30T23:05:00Z", "2026-12-01T07:10:00Z", "UTC")).toBe("23:05–07:10");
  });

  it("shows a dash for an unreadable instant", () => {
    expect(formatClockTime("not a time", "UTC")).toBe("—");
    expect(formatNightDate("06:30:00", "UTC")).toBe("—");
  });

  it("gives the local minute of the day", () => {
    expect(localMinuteOfDay(Date.parse(at), "Asia/Kolkata")).toBe(8 * 60 + 20);
    expect(localMinuteOfDay(Date.parse("2025-01-15T00:00:00Z"), "UTC")).toBe(0);
  });
});

describe("formatReportReady", () => {
  it("says how long and how efficiently the user slept", () => {
    expect(formatReportReady({ totalSleepTime: 7 * 3600 + 12 * 60, sleepEfficiency: 88.24 })).toBe(
      "Report ready: 7 h 12 min asleep, 88.2% efficiency",
    );
    expect(formatReportReady({ totalSleepTime: null, sleepEfficiency: null })).toBe(
      "Report ready: — asleep, — efficiency",
    );
  });
});

describe("formatReportNotification", () => {
  it("titles the notification and gives sleep and whole-percent efficiency in the body", () => {
    // 7 h 33 min = 27180 s; 93.6% rounds to 94%.
    expect(formatReportNotification({ totalSleepTime: 27180, sleepEfficiency: 93.6 })).toEqual({
      title: "Your sleep report is ready",
      body: "7 h 33 min asleep, 94% efficiency",
    });
    expect(formatReportNotification({ totalSleepTime: null, sleepEfficiency: null }).body).toBe("— asleep, — efficiency");
  });
});
