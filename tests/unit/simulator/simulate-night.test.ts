import { describe, expect, it } from "vitest";

import { simulateNight } from "@/lib/simulator/simulate-night";
import { Stage } from "@/lib/sleep/stages";
import { detectSleepCycles } from "@/lib/sleep/statistics";

const START = Date.UTC(2025, 0, 15, 22, 0, 0);
const SEEDS = Array.from({ length: 30 }, (_, i) => i * 7919 + 1);
const EIGHT_HOURS = SEEDS.map((seed) => simulateNight({ seed, hours: 8, startTime: START }));

function share(stages: readonly number[], code: number, from: number, to: number): number {
  return stages.slice(from, to).filter((v) => v === code).length / (to - from);
}

/** Maximal runs of `code` as [start, length]. */
function runs(stages: readonly number[], code: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  stages.forEach((v, e) => {
    const last = out[out.length - 1];
    if (v !== code) return;
    if (last && last[0] + last[1] === e) last[1]++;
    else out.push([e, 1]);
  });
  return out;
}

describe("simulateNight", () => {
  it("gives the same night for the same seed, whatever the start time", () => {
    const a = simulateNight({ seed: 42, hours: 8, startTime: START });
    const b = simulateNight({ seed: 42, hours: 8, startTime: START + 86_400_000 });
    expect(b.sleepStages).toEqual(a.sleepStages);
    expect(b.snoringStages).toEqual(a.snoringStages);
    expect(simulateNight({ seed: 43, hours: 8, startTime: START }).sleepStages).not.toEqual(a.sleepStages);
  });

  it("has 960 epochs of valid codes in an 8-hour night", () => {
    for (const night of EIGHT_HOURS) {
      expect(night.sleepStages).toHaveLength(960);
      expect(night.snoringStages).toHaveLength(960);
      expect(night.sleepStages.every((v) => v >= -1 && v <= 3)).toBe(true);
    }
  });

  it("concentrates deep sleep in the first third and REM in the last third", () => {
    for (const { sleepStages: s } of EIGHT_HOURS) {
      expect(share(s, Stage.Deep, 0, 320)).toBeGreaterThan(share(s, Stage.Deep, 640, 960));
      expect(share(s, Stage.Rem, 640, 960)).toBeGreaterThan(share(s, Stage.Rem, 0, 320));
    }
  });

  it("has adult stage proportions, 75-98 % sleep efficiency and 4-6 cycles", () => {
    for (const { sleepStages: s } of EIGHT_HOURS) {
      const sleep = s.filter((v) => v >= 1).length;
      expect(sleep / s.length).toBeGreaterThan(0.75);
      expect(sleep / s.length).toBeLessThan(0.98);
      expect(s.filter((v) => v === Stage.Deep).length / sleep).toBeGreaterThan(0.08);
      expect(s.filter((v) => v === Stage.Rem).length / sleep).toBeGreaterThan(0.15);
      const cycles = detectSleepCycles(s, START);
      expect(cycles.length).toBeGreaterThanOrEqual(4);
      expect(cycles.length).toBeLessThanOrEqual(6);
    }
  });

  it("lengthens REM periods toward morning", () => {
    for (const { sleepStages: s } of EIGHT_HOURS) {
      const rem = runs(s, Stage.Rem);
      const first = rem[0]!;
      const last = rem[rem.length - 1]!;
      expect(last[0] + last[1] - first[0]).toBeGreaterThan(0);
      const longest = Math.max(...rem.map((r) => r[1]));
      expect(longest).toBeGreaterThan(first[1]);
    }
  });

  it("starts with 5-25 min of wake and ends with a final awakening of a few minutes", () => {
    for (const { sleepStages: s } of EIGHT_HOURS) {
      const onset = s.findIndex((v) => v >= 1);
      expect(onset).toBeGreaterThanOrEqual(10);
      expect(onset).toBeLessThanOrEqual(50);
      const tail = s.length - 1 - s.findLastIndex((v) => v >= 1);
      expect(tail).toBeGreaterThanOrEqual(4);
      expect(tail).toBeLessThanOrEqual(16);
      expect(s.slice(-tail).every((v) => v === Stage.Wake)).toBe(true);
    }
  });

  it("has a few brief awakenings, at most one longer, and a few short unknown runs", () => {
    for (const { sleepStages: s } of EIGHT_HOURS) {
      const onset = s.findIndex((v) => v >= 1);
      const end = s.findLastIndex((v) => v >= 1);
      const awakenings = runs(s, Stage.Wake).filter(([at]) => at > onset && at < end);
      expect(awakenings.length).toBeGreaterThanOrEqual(2);
      expect(awakenings.length).toBeLessThanOrEqual(8);
      expect(awakenings.filter(([, len]) => len > 12).length).toBeLessThanOrEqual(1);
      expect(awakenings.every(([, len]) => len <= 30)).toBe(true);
      const unknown = runs(s, Stage.Unknown);
      expect(unknown.length).toBeGreaterThanOrEqual(1);
      expect(unknown.every(([, len]) => len <= 12)).toBe(true);
    }
  });

  it("snores mostly in light and deep sleep, never awake", () => {
    let snoring = 0;
    let inNrem = 0;
    for (const night of EIGHT_HOURS) {
      night.snoringStages.forEach((v, e) => {
        if (v !== 1) return;
        const stage = night.sleepStages[e];
        expect(stage).not.toBe(Stage.Wake);
        snoring++;
        if (stage === Stage.Light || stage === Stage.Deep) inNrem++;
      });
    }
    expect(snoring).toBeGreaterThan(0);
    expect(inNrem / snoring).toBeGreaterThan(0.9);
  });

  it("rejects hours that give no epoch or more than 24 hours (the schema's longest night)", () => {
    expect(() => simulateNight({ seed: 1, hours: 0, startTime: START })).toThrow(RangeError);
    expect(() => simulateNight({ seed: 1, hours: 24.01, startTime: START })).toThrow(RangeError);
    expect(simulateNight({ seed: 1, hours: 24, startTime: START }).sleepStages).toHaveLength(2880);
  });
});
