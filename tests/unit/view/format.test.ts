import { describe, expect, it } from "vitest";

import {
  formatClockTime,
  formatCount,
  formatDuration,
  formatNightDate,
  formatPercent,
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

  it("says 0 min for nothing and < 1 min for a few seconds", () => {
    expect(formatDuration(0)).toBe("0 min");
    expect(formatDuration(20)).toBe("< 1 min");
    expect(formatDuration(30)).toBe("1 min");
  });

  it("shows a dash when the value is unknown", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
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
