import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { computeSleepStatistics, detectSleepCycles } from "@/lib/sleep/statistics";

import { FIXTURE_DIR } from "../../support/fixtures";

const FIXTURES = FIXTURE_DIR;

/** Midnight UTC: epoch e starts e x 30 s later. */
const T0 = Date.parse("2025-01-01T00:00:00Z");

/** `n` copies of `v`, to write long hypnograms readably. */
function run(v: number, n: number): number[] {
  return new Array<number>(n).fill(v);
}

describe("computeSleepStatistics on hand-scored hypnograms", () => {
  it("an empty night has no time in bed and no efficiency", () => {
    const s = computeSleepStatistics([], T0);
    expect(s.epochCount).toBe(0);
    expect(s.timeInBed).toBe(0);
    expect(s.totalSleepTime).toBe(0);
    expect(s.sleepEfficiency).toBeNull();
    expect(s.sleepOnset).toBeNull();
    expect(s.sleepCycles).toEqual([]);
  });

  it("a night of only wake has time in bed but no sleep period", () => {
    // 4 wake epochs: TIB 4 x 30 = 120 s; TST 0; SE 0 / 120 = 0 %.
    // No sleep epoch, so no onset, no sleep period and no WASO (wake outside a sleep period).
    const s = computeSleepStatistics([0, 0, 0, 0], T0);
    expect(s).toEqual({
      epochCount: 4,
      timeInBed: 120,
      totalSleepTime: 0,
      timeInWake: 0,
      timeInLight: 0,
      timeInDeep: 0,
      timeInRem: 0,
      timeInUnknown: 0,
      sleepEfficiency: 0,
      remLatency: null,
      sleepOnsetLatency: null,
      wakeupLatency: null,
      timeInSleepPeriod: null,
      wasoCount: 0,
      longestWaso: 0,
      sleepOnset: null,
      finalAwakening: null,
      timeInSnoring: null,
      snoringCount: null,
      sleepCycles: [],
    });
  });

  it("REM latency runs from sleep onset to the first REM epoch", () => {
    // Onset at epoch 2 (first light), first REM at epoch 6: 4 epochs x 30 s = 120 s.
    expect(computeSleepStatistics([0, 0, 1, 1, 2, 0, 3, 3, 1], T0).remLatency).toBe(120);
    // Sleep without REM: no REM latency.
    expect(computeSleepStatistics([0, 1, 2, 2, 1], T0).remLatency).toBeNull();
  });

  it("a night of only unknown epochs counts them in bed and as unknown, never as wake or sleep", () => {
    // 5 unknown epochs: TIB 5 x 30 = 150 s, unknown 150 s, TST 0; SE undefined (nothing was scored).
    const s = computeSleepStatistics([-1, -1, -1, -1, -1], T0);
    expect(s.timeInBed).toBe(150);
    expect(s.timeInUnknown).toBe(150);
    expect(s.totalSleepTime).toBe(0);
    expect(s.timeInWake).toBe(0);
    expect(s.sleepEfficiency).toBeNull();
    expect(s.sleepOnsetLatency).toBeNull();
    expect(s.wakeupLatency).toBeNull();
    expect(s.timeInSleepPeriod).toBeNull();
    expect(s.wasoCount).toBe(0);
    expect(s.sleepOnset).toBeNull();
    expect(s.finalAwakening).toBeNull();
    expect(s.sleepCycles).toEqual([]);
  });

  it("asleep from the first epoch: zero latency, final awakening after the last sleep epoch", () => {
    // epochs: L L D R W W
    // onset = epoch 0 -> SOL 0 s; last sleep = epoch 3 -> final awakening epoch 4 = 00:02:00
    // wake-up latency = 2 wake epochs = 60 s; sleep period = epochs 0-3 = 120 s
    // light 2 x 30 = 60, deep 30, REM 30; TST 120; TIB 6 x 30 = 180; SE 120/180 = 66.67 %
    const s = computeSleepStatistics([1, 1, 2, 3, 0, 0], T0);
    expect(s.sleepOnsetLatency).toBe(0);
    expect(s.sleepOnset).toBe("2025-01-01T00:00:00.000Z");
    expect(s.finalAwakening).toBe("2025-01-01T00:02:00.000Z");
    expect(s.wakeupLatency).toBe(60);
    expect(s.timeInSleepPeriod).toBe(120);
    expect(s.timeInLight).toBe(60);
    expect(s.timeInDeep).toBe(30);
    expect(s.timeInRem).toBe(30);
    expect(s.totalSleepTime).toBe(120);
    expect(s.timeInBed).toBe(180);
    expect(s.sleepEfficiency).toBe(66.67);
    expect(s.timeInWake).toBe(0);
    expect(s.wasoCount).toBe(0);
    expect(s.longestWaso).toBe(0);
  });

  it("counts three wake bouts inside the sleep period and ignores wake before onset and after final awakening", () => {
    // idx: 0 1 2 3 4 5 6 7 8 9 10 11 12
    //      W L W L W W W D D W W  L  W
    // onset 1, last sleep 11 -> final awakening epoch 12.
    // WASO bouts: {2} {4,5,6} {9,10} -> count 3, 6 epochs = 180 s, longest 3 epochs = 90 s.
    // TST: light {1,3,11} + deep {7,8} = 5 epochs = 150 s; TIB 13 x 30 = 390 s.
    // SE 150/390 = 0.384615... -> 38.46 %. SOL 30 s; wake-up latency 30 s.
    // Sleep period epochs 1-11 = 11 x 30 = 330 s (= TST 150 + WASO 180).
    const s = computeSleepStatistics([0, 1, 0, 1, 0, 0, 0, 2, 2, 0, 0, 1, 0], T0);
    expect(s.wasoCount).toBe(3);
    expect(s.timeInWake).toBe(180);
    expect(s.longestWaso).toBe(90);
    expect(s.totalSleepTime).toBe(150);
    expect(s.timeInLight).toBe(90);
    expect(s.timeInDeep).toBe(60);
    expect(s.timeInBed).toBe(390);
    expect(s.sleepEfficiency).toBe(38.46);
    expect(s.sleepOnsetLatency).toBe(30);
    expect(s.wakeupLatency).toBe(30);
    expect(s.timeInSleepPeriod).toBe(330);
    expect(s.sleepOnset).toBe("2025-01-01T00:00:30.000Z");
    expect(s.finalAwakening).toBe("2025-01-01T00:06:00.000Z");
    expect(s.sleepCycles).toEqual([]); // no REM, no cycle
  });

  it("an unknown gap inside sleep is neither wake nor sleep and ends a wake bout", () => {
    // idx: 0 1 2 3  4 5 6  7
    //      L W W ?  W L ?  L
    // Wake bouts: {1,2} then the unknown at 3 ends it, {4} is a second bout:
    // count 2, wake 3 epochs = 90 s, longest 2 epochs = 60 s (not 3 x 30 = 90).
    // Unknown {3,6} = 60 s. TST light {0,5,7} = 90 s. TIB 8 x 30 = 240 s; SE 90/240 = 37.5 %.
    // Sleep period epochs 0-7 = 240 s (the unknown epochs lie inside it); final awakening = end.
    const s = computeSleepStatistics([1, 0, 0, -1, 0, 1, -1, 1], T0);
    expect(s.wasoCount).toBe(2);
    expect(s.timeInWake).toBe(90);
    expect(s.longestWaso).toBe(60);
    expect(s.timeInUnknown).toBe(60);
    expect(s.totalSleepTime).toBe(90);
    expect(s.timeInBed).toBe(240);
    expect(s.sleepEfficiency).toBe(37.5);
    expect(s.timeInSleepPeriod).toBe(240);
    expect(s.wakeupLatency).toBe(0);
    expect(s.finalAwakening).toBe("2025-01-01T00:04:00.000Z");
  });

  it("counts snoring time and bouts; an unknown snoring epoch breaks a bout", () => {
    // snoring: 0 1 1 0 1 ? 1 0 -> snoring epochs {1,2,4,6} = 4 x 30 = 120 s; bouts {1,2} {4} {6} = 3
    const s = computeSleepStatistics([1, 1, 1, 1, 1, 1, 1, 1], T0, [0, 1, 1, 0, 1, -1, 1, 0]);
    expect(s.timeInSnoring).toBe(120);
    expect(s.snoringCount).toBe(3);
  });

  it("reports no snoring figures without a snoring track", () => {
    expect(computeSleepStatistics([1, 1], T0).timeInSnoring).toBeNull();
    expect(computeSleepStatistics([1, 1], T0, null).snoringCount).toBeNull();
  });
});

describe("computeSleepStatistics on the official SESSION_COMPLETE fixture", () => {
  const body = JSON.parse(fs.readFileSync(path.join(FIXTURES, "official_session_complete.json"), "utf8")) as {
    data: {
      session: { start_time: string; sleep_stages: number[]; snoring_stages: number[] };
      stat: Record<string, number | string>;
    };
  };
  const { session, stat } = body.data;
  const s = computeSleepStatistics(session.sleep_stages, Date.parse(session.start_time), session.snoring_stages);

  // Runs in the fixture's 120 epochs (start 02:50:29Z):
  //   0-5 W6 | 6-13 L8 | 14-23 D10 | 24-29 L6 | 30-31 W2 | 32-36 L5 | 37-45 D9 | 46-51 L6
  //   52-59 R8 | 60-63 L4 | 64-65 ?2 | 66-69 L4 | 70-76 D7 | 77-84 L8 | 85-86 W2 | 87-89 L3
  //   90-95 R6 | 96-103 L8 | 104-119 W16
  // snoring: 14-23 (10) and 40-45 (6) -> 16 epochs in 2 bouts.

  it("matches the fixture's durations", () => {
    // TIB 120 x 30 = 3600
    // light 8+6+5+6+4+4+8+3+8 = 52 -> 1560; deep 10+9+7 = 26 -> 780; REM 8+6 = 14 -> 420
    // TST 52+26+14 = 92 epochs -> 2760
    // onset epoch 6 -> SOL 180; last sleep 103 -> final awakening 104, wake-up latency 16 x 30 = 480
    // sleep period 104 - 6 = 98 epochs -> 2940; WASO 2 + 2 = 4 epochs -> 120
    expect(s.timeInBed).toBe(3600);
    expect(s.totalSleepTime).toBe(2760);
    expect(s.sleepOnsetLatency).toBe(180);
    expect(s.wakeupLatency).toBe(480);
    expect(s.timeInSleepPeriod).toBe(2940);
    expect(s.timeInWake).toBe(120);
    expect(s.timeInLight).toBe(1560);
    expect(s.timeInDeep).toBe(780);
    expect(s.timeInRem).toBe(420);
    expect(s.timeInUnknown).toBe(60);
    // ... and those are the fixture's own numbers
    expect(stat).toMatchObject({
      time_in_bed: 3600,
      time_in_sleep: 2760,
      sleep_latency: 180,
      wakeup_latency: 480,
      time_in_sleep_period: 2940,
      time_in_wake: 120,
      time_in_light: 1560,
      time_in_deep: 780,
      time_in_rem: 420,
    });
  });

  it("matches the fixture's counts, snoring and efficiency", () => {
    // WASO bouts {30,31} {85,86}: 2, longest 2 x 30 = 60
    // REM periods 52-59 and 90-95: gap 90 - 59 - 1 = 30 epochs = 15 min, not closer than 15 min -> 2 cycles
    // snoring 16 x 30 = 480 s in 2 bouts; SE 2760 / 3600 = 0.76666... -> 76.67 %
    expect(s.wasoCount).toBe(2);
    expect(s.longestWaso).toBe(60);
    expect(s.sleepCycles).toHaveLength(2);
    expect(s.timeInSnoring).toBe(480);
    expect(s.snoringCount).toBe(2);
    expect(s.sleepEfficiency).toBe(76.67);
    expect(stat).toMatchObject({
      waso_count: 2,
      longest_waso: 60,
      sleep_cycle_count: 2,
      time_in_snoring: 480,
      snoring_count: 2,
      sleep_efficiency: 0.7667,
    });
  });

  it("matches the fixture's sleep onset and final awakening instants", () => {
    // 02:50:29 + 6 x 30 s = 02:53:29; 02:50:29 + 104 x 30 s (52 min) = 03:42:29
    expect(s.sleepOnset).toBe("2025-01-15T02:53:29.000Z");
    expect(s.finalAwakening).toBe("2025-01-15T03:42:29.000Z");
    expect(Date.parse(String(stat.sleep_time))).toBe(Date.parse("2025-01-15T02:53:29Z"));
    expect(Date.parse(String(stat.wake_time))).toBe(Date.parse("2025-01-15T03:42:29Z"));
  });

  it("finds the two sleep cycles: onset to the end of each REM period", () => {
    // cycle 0: epochs 6-59, 02:53:29 -> 02:50:29 + 60 x 30 s = 03:20:29
    // cycle 1: epochs 60-95, 03:20:29 -> 02:50:29 + 96 x 30 s = 03:38:29; the light sleep after it is no cycle
    expect(s.sleepCycles).toEqual([
      {
        index: 0,
        startEpoch: 6,
        endEpoch: 59,
        startTime: "2025-01-15T02:53:29.000Z",
        endTime: "2025-01-15T03:20:29.000Z",
      },
      {
        index: 1,
        startEpoch: 60,
        endEpoch: 95,
        startTime: "2025-01-15T03:20:29.000Z",
        endTime: "2025-01-15T03:38:29.000Z",
      },
    ]);
  });
});

describe("detectSleepCycles", () => {
  it("merges REM periods closer than 15 minutes into one cycle", () => {
    // 0-3 L, 4-5 R, 6-25 L (20 epochs = 10 min < 15 -> merge), 26-27 R,
    // 28-67 L (40 epochs = 20 min -> new cycle), 68-69 R, 70-73 L (after the last REM: no cycle)
    const stages = [...run(1, 4), 3, 3, ...run(1, 20), 3, 3, ...run(1, 40), 3, 3, ...run(1, 4)];
    expect(stages).toHaveLength(74);
    expect(detectSleepCycles(stages, T0)).toEqual([
      // epochs 0-27: 00:00:00 -> 28 x 30 s = 00:14:00
      {
        index: 0,
        startEpoch: 0,
        endEpoch: 27,
        startTime: "2025-01-01T00:00:00.000Z",
        endTime: "2025-01-01T00:14:00.000Z",
      },
      // epochs 28-69: 00:14:00 -> 70 x 30 s = 00:35:00
      {
        index: 1,
        startEpoch: 28,
        endEpoch: 69,
        startTime: "2025-01-01T00:14:00.000Z",
        endTime: "2025-01-01T00:35:00.000Z",
      },
    ]);
  });

  it("merges at a 14.5-minute gap and splits at exactly 15 minutes", () => {
    // L R + 29 L (14.5 min) + R: one cycle, epochs 0-31
    const merged = detectSleepCycles([1, 3, ...run(1, 29), 3], T0);
    expect(merged.map((c) => [c.startEpoch, c.endEpoch])).toEqual([[0, 31]]);
    // L R + 30 L (15 min) + R: two cycles, epochs 0-1 and 2-32
    const split = detectSleepCycles([1, 3, ...run(1, 30), 3], T0);
    expect(split.map((c) => [c.startEpoch, c.endEpoch])).toEqual([
      [0, 1],
      [2, 32],
    ]);
  });

  it("starts the first cycle at sleep onset, not at the start of the recording", () => {
    // W W W L R: onset epoch 3 (00:01:30), REM ends at epoch 4 -> cycle ends 5 x 30 s = 00:02:30
    expect(detectSleepCycles([0, 0, 0, 1, 3], T0)).toEqual([
      {
        index: 0,
        startEpoch: 3,
        endEpoch: 4,
        startTime: "2025-01-01T00:01:30.000Z",
        endTime: "2025-01-01T00:02:30.000Z",
      },
    ]);
  });

  it("finds no cycle without REM", () => {
    expect(detectSleepCycles([0, 1, 2, 2, 1, 0], T0)).toEqual([]);
  });
});
