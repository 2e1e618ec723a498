/** The month calendar: layout from Monday, night dates in each night's zone, efficiency bands and labels. */
import { describe, expect, it } from "vitest";

import type { NightRangeRow } from "@/lib/store/read-model";
import { buildMonthCalendar, efficiencyBand, parseCalendarMonth, shiftMonth } from "@/lib/view/calendar";

function row(id: string, startTime: string, sleepEfficiency: number | null, extra: Partial<NightRangeRow> = {}): NightRangeRow {
  return {
    id,
    state: "COMPLETE",
    startTime,
    endTime: null,
    timezone: "UTC",
    timeInBed: 28_800,
    totalSleepTime: sleepEfficiency === null ? 0 : Math.round((28_800 * sleepEfficiency) / 100),
    sleepEfficiency,
    sleepOnsetLatency: 600,
    peculiarities: [],
    missingDataRatio: null,
    ...extra,
  };
}

describe("efficiencyBand", () => {
  it("puts the boundaries in the higher band", () => {
    expect([95, 90, 89.99, 85, 84.99, 75, 74.99, null].map(efficiencyBand)).toEqual([
      "ge90", "ge90", "85to90", "85to90", "75to85", "75to85", "lt75", "none",
    ]);
  });
});

describe("months", () => {
  it("reads YYYY-MM and moves across years", () => {
    expect(parseCalendarMonth("2026-01")).toEqual({ year: 2026, month: 1 });
    expect(parseCalendarMonth("2026-13")).toBeNull();
    expect(parseCalendarMonth("26-01")).toBeNull();
    expect(shiftMonth({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 });
    expect(shiftMonth({ year: 2025, month: 12 }, 1)).toEqual({ year: 2026, month: 1 });
  });
});

describe("buildMonthCalendar", () => {
  it("lays January 2026 out from Monday: the 1st is a Thursday, 5 weeks", () => {
    const cal = buildMonthCalendar([], { year: 2026, month: 1 });
    expect(cal.title).toBe("January 2026");
    expect(cal.weeks).toHaveLength(5);
    // Mon 29 Dec, Tue 30, Wed 31 are padding; Thu is the 1st; the last week ends Sun 1 Feb (padding).
    expect(cal.weeks[0]!.map((d) => d?.day ?? null)).toEqual([null, null, null, 1, 2, 3, 4]);
    expect(cal.weeks[4]!.map((d) => d?.day ?? null)).toEqual([26, 27, 28, 29, 30, 31, null]);
    expect(cal.weeks[0]![3]!.label).toBe("1 Jan: no night recorded");
  });

  it("dates nights by the night-date rule in their own zone and labels cells", () => {
    const rows = [
      // 14:10Z = 23:10 in Seoul on the 15th.
      row("seoul", "2026-01-15T14:10:00Z", 92.04, { timezone: "Asia/Seoul" }),
      // 02:00 UTC on the 3rd belongs to the night of the 2nd.
      row("late", "2026-01-03T02:00:00Z", 80),
      // No measurable sleep.
      row("awake", "2026-01-20T23:00:00Z", 0, { totalSleepTime: 0, peculiarities: ["NEVER_SLEPT"] }),
      // Dated 31 Dec: not in January.
      row("dec", "2026-01-01T03:00:00Z", 95),
    ];
    const cal = buildMonthCalendar(rows, { year: 2026, month: 1 });
    const days = cal.weeks.flat().filter((d) => d !== null);
    const byDate = new Map(days.map((d) => [d.date, d]));
    expect(cal.nightCount).toBe(3);
    expect(byDate.get("2026-01-15")!.label).toBe("15 Jan: 92.0% efficiency");
    expect(byDate.get("2026-01-15")!.opens).toEqual({ sessionId: "seoul", efficiency: 92.04, band: "ge90" });
    expect(byDate.get("2026-01-02")!.opens!.band).toBe("75to85");
    expect(byDate.get("2026-01-03")!.nights).toEqual([]);
    expect(byDate.get("2026-01-20")!.label).toBe("20 Jan: no measurable sleep (no sleep was detected)");
    expect(byDate.get("2026-01-20")!.opens!.band).toBe("none");
    expect(byDate.get("2026-01-01")!.nights).toEqual([]);
  });

  it("opens the longest of two recordings on one date", () => {
    const cal = buildMonthCalendar(
      [row("nap", "2026-01-10T14:00:00Z", 70, { timeInBed: 3600 }), row("main", "2026-01-10T22:30:00Z", 88)],
      { year: 2026, month: 1 },
    );
    const day = cal.weeks.flat().find((d) => d?.date === "2026-01-10")!;
    expect(day.opens!.sessionId).toBe("main");
    expect(day.label).toBe("10 Jan: 88.0% efficiency, 2 recordings");
  });
});
