import { describe, expect, it } from "vitest";

import { describeHoveredEpoch, epochAt, thinLabels } from "@/lib/view/hypnogram-hover";
import { toStageRuns } from "@/lib/view/hypnogram-series";

const T0 = Date.parse("2026-12-01T23:00:00Z");
const S = 1000;

describe("epochAt: the stage under the cursor", () => {
  // The night [0,0,1,1,2,3] at 23:00Z: Wake 0-60 s, Light 60-120 s, Deep 120-150 s, REM 150-180 s.
  const runs = toStageRuns([0, 0, 1, 1, 2, 3]);
  const stageAt = (s: number) => epochAt(runs, T0, T0 + s * S)?.stage ?? null;

  it("names the stretch the cursor is in, also in its first half", () => {
    // The old tooltip said Wake at 65-85 s, Light at 125-135 s and Deep at 155-165 s.
    for (const s of [65, 70, 85]) expect(stageAt(s)).toBe(1);
    for (const s of [125, 135]) expect(stageAt(s)).toBe(2);
    for (const s of [155, 165]) expect(stageAt(s)).toBe(3);
    expect(stageAt(0)).toBe(0);
    expect(stageAt(59.9)).toBe(0);
    expect(stageAt(60)).toBe(1);
  });

  it("is null outside the night", () => {
    expect(stageAt(-1)).toBeNull();
    expect(stageAt(180)).toBeNull();
  });

  it("writes the epoch's exact time with seconds on a short night", () => {
    const h = epochAt(runs, T0, T0 + 70 * S)!;
    expect(describeHoveredEpoch(h, "UTC", 180 * S)).toEqual({
      stage: "Light",
      epoch: "Epoch 23:01:00–23:01:30",
      stretch: "23:01:00–23:02:00, 1 min",
    });
  });

  it("writes minutes on a long night and names the sleep cycle", () => {
    const long = toStageRuns([...Array(600).fill(1), ...Array(300).fill(3)]);
    const cycles = [{ number: 1, startMs: T0, endMs: T0 + 900 * 30 * S }];
    const h = epochAt(long, T0, T0 + (600 * 30 + 45) * S, cycles)!;
    expect(describeHoveredEpoch(h, "UTC", 900 * 30 * S)).toEqual({
      stage: "REM",
      epoch: "Epoch 04:00",
      stretch: "04:00–06:30, 2 h 30 min · sleep cycle 1",
    });
  });
});

describe("thinLabels", () => {
  it("keeps labels at least the gap apart, left to right", () => {
    // A 24-hour night's cycles 20-23 packed 10 px apart: only every third fits at 28 px.
    expect(thinLabels([0, 10, 20, 30, 40, 50, 60], 28)).toEqual([0, 3, 6]);
    expect(thinLabels([0, 100, 200])).toEqual([0, 1, 2]);
  });
});
