import { describe, expect, it } from "vitest";

import { formatIsoInTimeZone, timeZoneOffsetMinutes, zonedWallTimeToUtc } from "@/lib/sleep/time-zone";

describe("formatIsoInTimeZone", () => {
  it("formats instants with the zone's offset, across DST", () => {
    expect(formatIsoInTimeZone(Date.UTC(2025, 6, 1, 12), "Europe/Paris")).toBe("2025-07-01T14:00:00+02:00");
    expect(formatIsoInTimeZone(Date.UTC(2025, 0, 1, 3, 30), "America/New_York")).toBe("2024-12-31T22:30:00-05:00");
    expect(formatIsoInTimeZone(Date.UTC(2025, 0, 1, 0, 0, 0, 250), "Asia/Kolkata")).toBe(
      "2025-01-01T05:30:00.250+05:30",
    );
  });
});

describe("timeZoneOffsetMinutes", () => {
  it("gives the zone's offset from UTC at an instant, in minutes", () => {
    expect(timeZoneOffsetMinutes(Date.UTC(2025, 0, 15, 12), "Europe/Paris")).toBe(60);
    expect(timeZoneOffsetMinutes(Date.UTC(2025, 6, 1, 12), "Europe/Paris")).toBe(120);
    expect(timeZoneOffsetMinutes(Date.UTC(2025, 0, 15, 12), "America/New_York")).toBe(-300);
    expect(timeZoneOffsetMinutes(Date.UTC(2025, 0, 15, 12), "Asia/Kolkata")).toBe(330);
  });
});

describe("zonedWallTimeToUtc", () => {
  it("turns a wall-clock time in a zone into the instant it reads so, across DST", () => {
    expect(zonedWallTimeToUtc(Date.UTC(2025, 0, 15, 23, 0), "Europe/Paris")).toBe(Date.UTC(2025, 0, 15, 22, 0));
    expect(zonedWallTimeToUtc(Date.UTC(2025, 6, 1, 14, 0), "Europe/Paris")).toBe(Date.UTC(2025, 6, 1, 12, 0));
    expect(zonedWallTimeToUtc(Date.UTC(2024, 11, 31, 22, 30), "America/New_York")).toBe(Date.UTC(2025, 0, 1, 3, 30));
  });
});
