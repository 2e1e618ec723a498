import { describe, expect, it } from "vitest";

import { chooseTickStepMinutes, liveAxisEnd, timeAxisTicks } from "@/lib/view/time-axis";

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("chooseTickStepMinutes", () => {
  it("takes the smallest round step that fits the tick budget", () => {
    expect(chooseTickStepMinutes(1 * H, 6)).toBe(15); // 60/15 + 1 = 5 ticks
    expect(chooseTickStepMinutes(8.5 * H, 6)).toBe(120); // 1 h would be 9 ticks, 2 h is 5
    expect(chooseTickStepMinutes(14 * H, 6)).toBe(180); // 2 h would be 8, 3 h is 5
    expect(chooseTickStepMinutes(48 * H, 6)).toBe(360); // the largest step, even if over budget
  });
});

describe("timeAxisTicks", () => {
  it("puts ticks on round local times in UTC", () => {
    expect(timeAxisTicks(at("2025-01-15T02:50:29Z"), at("2025-01-15T03:50:29Z"), "UTC")).toEqual(
      ["03:00", "03:15", "03:30", "03:45"].map((t) => at(`2025-01-15T${t}:00Z`)),
    );
  });

  it("follows a half-hour offset zone (Kolkata, UTC+5:30)", () => {
    // 22:00Z-06:30Z is 03:30-12:00 IST: even local hours 04:00...12:00 are :30 in UTC.
    expect(timeAxisTicks(at("2025-01-14T22:00:00Z"), at("2025-01-15T06:30:00Z"), "Asia/Kolkata")).toEqual([
      at("2025-01-14T22:30:00Z"),
      at("2025-01-15T00:30:00Z"),
      at("2025-01-15T02:30:00Z"),
      at("2025-01-15T04:30:00Z"),
      at("2025-01-15T06:30:00Z"),
    ]);
  });

  it("keeps ticks on even local hours across a DST change (New York, 9 March 2025)", () => {
    // 22:00 EST (03:00Z) to 07:00 EDT (11:00Z); 02:00 local does not exist that night.
    expect(timeAxisTicks(at("2025-03-09T03:00:00Z"), at("2025-03-09T11:00:00Z"), "America/New_York")).toEqual([
      at("2025-03-09T03:00:00Z"), // 22:00 EST
      at("2025-03-09T05:00:00Z"), // 00:00 EST
      at("2025-03-09T08:00:00Z"), // 04:00 EDT
      at("2025-03-09T10:00:00Z"), // 06:00 EDT
    ]);
  });

  it("falls back to UTC for an unknown zone and gives nothing for an empty span", () => {
    expect(timeAxisTicks(at("2025-01-15T02:50:29Z"), at("2025-01-15T03:50:29Z"), "Nowhere/Zone")).toHaveLength(4);
    expect(timeAxisTicks(1000, 1000, "UTC")).toEqual([]);
  });
});

describe("short nights", () => {
  it("get minute ticks: a 3-minute night at 23:00 reads 23:00, 23:01, 23:02, 23:03", () => {
    const start = at("2026-12-01T23:00:00Z");
    expect(timeAxisTicks(start, start + 3 * 60_000, "UTC")).toEqual([0, 1, 2, 3].map((m) => start + m * 60_000));
  });
});

describe("liveAxisEnd", () => {
  const start = at("2026-12-01T04:52:00Z");
  it("keeps the axis steady while chunks arrive within the hour, then grows by whole hours", () => {
    // Nine updates, 5 minutes apart, from 10 to 50 minutes into the night: one axis end for all.
    const ends = [10, 15, 20, 25, 30, 35, 40, 45, 50].map((m) => liveAxisEnd(start, start + m * 60_000));
    expect(new Set(ends)).toEqual(new Set([start + H]));
    expect(liveAxisEnd(start, start + 61 * 60_000)).toBe(start + 2 * H);
    expect(liveAxisEnd(start, start + 60 * 60_000)).toBe(start + H);
  });

  it("so the ticks (and the 05:15 tick's place) do not move between updates", () => {
    const a = timeAxisTicks(start, liveAxisEnd(start, start + 10 * 60_000), "UTC");
    const b = timeAxisTicks(start, liveAxisEnd(start, start + 50 * 60_000), "UTC");
    expect(a).toEqual(b);
    expect(a).toContain(at("2026-12-01T05:15:00Z"));
  });
});
