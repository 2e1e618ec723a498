import { describe, expect, it } from "vitest";

import { findNightDataProblem } from "@/lib/view/night-data";

describe("findNightDataProblem", () => {
  const night = { timeInBed: 28800, totalSleepTime: 25200, sleepEfficiency: 87.5 };

  it("finds nothing wrong with a measured night", () => {
    expect(findNightDataProblem(night)).toBeNull();
  });

  it("reads Asleep's peculiarities first", () => {
    expect(findNightDataProblem({ ...night, peculiarities: ["TOO_SHORT_FOR_ANALYSIS"] })).toBe("TOO_SHORT");
    expect(findNightDataProblem({ ...night, totalSleepTime: 0, peculiarities: ["NEVER_SLEPT"] })).toBe("NEVER_SLEPT");
  });

  it("reads a summary row: under 5 minutes, no sleep, or no efficiency because nothing was scored", () => {
    expect(findNightDataProblem({ timeInBed: 180, totalSleepTime: 120, sleepEfficiency: 66.67 })).toBe("TOO_SHORT");
    expect(findNightDataProblem({ timeInBed: 3600, totalSleepTime: 0, sleepEfficiency: 0 })).toBe("NEVER_SLEPT");
    expect(findNightDataProblem({ timeInBed: 3600, totalSleepTime: 0, sleepEfficiency: null })).toBe("NO_DATA");
    expect(findNightDataProblem({ timeInBed: 3600, totalSleepTime: 0, sleepEfficiency: 0, timeInUnknown: 3600 })).toBe(
      "NO_DATA",
    );
  });
});
