import { describe, expect, it } from "vitest";

import type { NightTrendRow } from "@/lib/store/read-model";
import { describeTrend, toTrendSeries } from "@/lib/view/trends";

const rows: NightTrendRow[] = [
  // Newest first, as the query returns them.
  {
    id: "n3",
    startTime: "2025-01-17T22:00:00Z",
    timezone: "UTC",
    totalSleepTime: null,
    sleepEfficiency: null,
    sleepOnsetLatency: null,
  },
  {
    id: "n2",
    startTime: "2025-01-15T23:30:00Z",
    timezone: "Asia/Seoul",
    totalSleepTime: 28800,
    sleepEfficiency: 92.5,
    sleepOnsetLatency: 300,
  },
  {
    id: "n1",
    startTime: "2025-01-14T22:00:00Z",
    timezone: null,
    totalSleepTime: 25920,
    sleepEfficiency: 88.24,
    sleepOnsetLatency: 900,
  },
];

describe("toTrendSeries", () => {
  it("orders nights oldest first and charts seconds as hours", () => {
    expect(toTrendSeries(rows, "totalSleepTime")).toEqual([
      { sessionId: "n1", label: "14 Jan", startTime: "2025-01-14T22:00:00Z", raw: 25920, value: 7.2 },
      // 23:30 UTC is 08:30 the next day in Seoul.
      { sessionId: "n2", label: "16 Jan", startTime: "2025-01-15T23:30:00Z", raw: 28800, value: 8 },
      { sessionId: "n3", label: "17 Jan", startTime: "2025-01-17T22:00:00Z", raw: null, value: null },
    ]);
  });

  it("charts latency in minutes and efficiency in percent", () => {
    expect(toTrendSeries(rows, "sleepOnsetLatency").map((p) => p.value)).toEqual([15, 5, null]);
    expect(toTrendSeries(rows, "sleepEfficiency").map((p) => p.value)).toEqual([88.24, 92.5, null]);
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
