/** Sleep regularity: SRI, clock-time SDs and social jet lag against values worked out by hand. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  buildSleepWakeTimeline,
  clockTimeSdMinutes,
  computeSleepRegularityIndex,
  computeSocialJetlagMinutes,
  describeSri,
  hasEnoughRegularityData,
  localClockMinutes,
  nightClockTimes,
  summariseRegularity,
  type RegularityNight,
} from "@/lib/sleep/regularity";

import { PROPERTY_RUNS } from "../../support/property-runs";

const HOUR_EPOCHS = 120;
const DAY_MS = 86_400_000;

/** A night starting at `startIso` of the given stages, dated `date` (YYYY-MM-DD), in UTC unless told. */
function night(startIso: string, date: string, stages: number[], timeZone = "UTC"): RegularityNight {
  return { startMs: Date.parse(startIso), sleepStages: stages, timeZone, nightDate: Date.parse(`${date}T00:00:00Z`) };
}
const asleep = (hours: number) => Array<number>(hours * HOUR_EPOCHS).fill(2);

describe("computeSleepRegularityIndex", () => {
  it("is 100 for two identical nights on consecutive days", () => {
    // 23:00-07:00 both nights, awake 07:00-23:00 between: every pair 24 h apart is asleep/asleep.
    const a = night("2026-01-05T23:00:00Z", "2026-01-05", asleep(8));
    const b = night("2026-01-06T23:00:00Z", "2026-01-06", asleep(8));
    expect(computeSleepRegularityIndex([a, b])).toBe(100);
  });

  it("is 55.56 when the second night is shifted one hour later", () => {
    // Night 1 asleep 23:00-07:00, awake until 00:00, night 2 asleep 00:00-08:00 (dated the 6th).
    // The timeline runs 23:00 on the 5th to 08:00 on the 7th (33 h), so pairs start from
    // 23:00 to 08:00 (9 h): 23:00-00:00 asleep vs awake (differ, 1 h), 00:00-07:00 asleep vs
    // asleep (same, 7 h), 07:00-08:00 awake vs asleep (differ, 1 h).
    // P(same) = 7/9, SRI = 200 * 7/9 - 100 = 55.555... -> 55.56.
    const a = night("2026-01-05T23:00:00Z", "2026-01-05", asleep(8));
    const b = night("2026-01-07T00:00:00Z", "2026-01-06", asleep(8));
    expect(computeSleepRegularityIndex([a, b])).toBe(55.56);
  });

  it("leaves unknown epochs out of numerator and denominator", () => {
    // As above, but night 2's first hour (00:00-01:00) has no data: those 1 h of pairs drop out.
    // Left: 23:00-00:00 differ (1 h), 01:00-07:00 same (6 h), 07:00-08:00 differ (1 h).
    // P(same) = 6/8, SRI = 200 * 0.75 - 100 = 50.
    const a = night("2026-01-05T23:00:00Z", "2026-01-05", asleep(8));
    const b = night("2026-01-07T00:00:00Z", "2026-01-06", [...Array<number>(HOUR_EPOCHS).fill(-1), ...asleep(7)]);
    expect(computeSleepRegularityIndex([a, b])).toBe(50);
  });

  it("treats a day without a night as unknown, so nights two days apart compare nothing", () => {
    const a = night("2026-01-05T23:00:00Z", "2026-01-05", asleep(8));
    const c = night("2026-01-07T23:00:00Z", "2026-01-07", asleep(8));
    const slots = buildSleepWakeTimeline([a, c]);
    // 07:00 on the 6th to 23:00 on the 7th is unknown (-1), not awake.
    expect(slots[8 * HOUR_EPOCHS]).toBe(-1);
    expect(slots[40 * HOUR_EPOCHS - 1]).toBe(-1);
    expect(computeSleepRegularityIndex([a, c])).toBeNull();
  });

  it("sums pairs over runs of consecutive nights, however far apart the runs are", () => {
    // Run 1 (January 2026): identical nights, 8 h of pairs, all same. Run 2 (June 2030): the
    // one-hour shift above, 9 h of pairs, 7 same. P = (8 + 7) / (8 + 9) = 15/17,
    // SRI = 200 * 15/17 - 100 = 76.47.
    const nights = [
      night("2026-01-05T23:00:00Z", "2026-01-05", asleep(8)),
      night("2026-01-06T23:00:00Z", "2026-01-06", asleep(8)),
      night("2030-06-03T23:00:00Z", "2030-06-03", asleep(8)),
      night("2030-06-05T00:00:00Z", "2030-06-04", asleep(8)),
    ];
    expect(computeSleepRegularityIndex(nights)).toBe(76.47);
  });

  it("counts wake epochs inside the night as awake: a 1-hour awakening on one of two nights", () => {
    // Night 2 is awake 02:00-03:00; night 1 asleep throughout. Pairs span night 1's 8 h:
    // 7 h same, 1 h differ -> P = 7/8, SRI = 200 * 0.875 - 100 = 75.
    const a = night("2026-01-05T23:00:00Z", "2026-01-05", asleep(8));
    const b = night("2026-01-06T23:00:00Z", "2026-01-06", [...asleep(3), ...Array<number>(HOUR_EPOCHS).fill(0), ...asleep(4)]);
    expect(computeSleepRegularityIndex([a, b])).toBe(75);
  });

  it("stays within -100..100 and is 100 for the same night repeated on consecutive days (property)", () => {
    const stages = fc.array(fc.constantFrom(-1, 0, 1, 2, 3), { minLength: 1, maxLength: 400 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ stages, offsetMin: fc.integer({ min: -180, max: 180 }) }), { minLength: 2, maxLength: 5 }),
        (ns) => {
          const nights = ns.map((n, i) =>
            night(new Date(Date.parse("2026-01-05T23:00:00Z") + i * DAY_MS + n.offsetMin * 60_000).toISOString(),
              new Date(Date.parse("2026-01-05T00:00:00Z") + i * DAY_MS).toISOString().slice(0, 10), n.stages),
          );
          const sri = computeSleepRegularityIndex(nights);
          if (sri !== null) expect(Math.abs(sri)).toBeLessThanOrEqual(100);
          const same = ns.map((_, i) =>
            night(new Date(Date.parse("2026-01-05T23:00:00Z") + i * DAY_MS).toISOString(),
              new Date(Date.parse("2026-01-05T00:00:00Z") + i * DAY_MS).toISOString().slice(0, 10), ns[0]!.stages),
          );
          const r = computeSleepRegularityIndex(same);
          // Null only when nothing 24 h apart is known: an all-unknown night repeated
          // twice (the awake day between has no partner inside the timeline).
          if (ns[0]!.stages.some((s) => s >= 0) || ns.length >= 3) expect(r).toBe(100);
          else expect(r).toBeNull();
        },
      ),
      { numRuns: Math.min(PROPERTY_RUNS, 300) },
    );
  });
});

describe("clock-time spread", () => {
  it("reads clock times in the night's zone", () => {
    // 14:10Z is 23:10 in Seoul (UTC+9): 23 * 60 + 10 = 1390 minutes after midnight.
    expect(localClockMinutes(Date.parse("2026-01-15T14:10:00Z"), "Asia/Seoul")).toBe(1390);
  });

  it("takes the SD across midnight: 23:00, 23:30, 00:30 -> 45.8 min", () => {
    // As 1380, 1410, 1470 minutes: mean 1420, deviations -40, -10, 50,
    // squares 1600 + 100 + 2500 = 4200, / (3 - 1) = 2100, sqrt = 45.83.
    expect(clockTimeSdMinutes([1380, 1410, 30])).toBe(45.8);
  });

  it("is 0 for the same clock time and null for one night", () => {
    expect(clockTimeSdMinutes([1400, 1400, 1400])).toBe(0);
    expect(clockTimeSdMinutes([1400])).toBeNull();
  });

  it("takes bedtime from the start, wake time from the final awakening and the midpoint of sleep", () => {
    // From 22:00: 1 h awake, asleep 23:00-06:00, 30 min awake. Bedtime 22:00 (1320),
    // wake time 06:00 (360), midpoint (23:00 + 06:00) / 2 = 02:30 (150).
    const n = night("2026-01-05T22:00:00Z", "2026-01-05", [...Array<number>(HOUR_EPOCHS).fill(0), ...asleep(7), ...Array<number>(60).fill(0)]);
    expect(nightClockTimes(n)).toEqual({ bedtime: 1320, waketime: 360, midpoint: 150 });
  });
});

describe("social jet lag", () => {
  it("is |free midpoint - work midpoint|: 05:00 on Fri/Sat nights vs 03:00 on weekdays -> 120 min", () => {
    // 2026-01-05 is a Monday. Work nights Mon-Thu asleep 23:00-07:00 (midpoint 03:00);
    // free nights Fri 9th and Sat 10th asleep 01:00-09:00 (midpoint 05:00).
    const work = ["05", "06", "07", "08"].map((d) => night(`2026-01-${d}T23:00:00Z`, `2026-01-${d}`, asleep(8)));
    const free = [night("2026-01-10T01:00:00Z", "2026-01-09", asleep(8)), night("2026-01-11T01:00:00Z", "2026-01-10", asleep(8))];
    expect(computeSocialJetlagMinutes([...work, ...free])).toBe(120);
    // With Saturday and Sunday nights free instead, Friday's night joins the work nights:
    // work midpoints 03:00 x4 and 05:00 -> mean 03:24; free: 05:00 -> 96 min.
    expect(computeSocialJetlagMinutes([...work, ...free], [6, 0])).toBe(96);
  });

  it("is null without a free night", () => {
    const work = ["05", "06"].map((d) => night(`2026-01-${d}T23:00:00Z`, `2026-01-${d}`, asleep(8)));
    expect(computeSocialJetlagMinutes(work)).toBeNull();
  });
});

describe("summariseRegularity", () => {
  const week = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const d = new Date(Date.parse("2026-01-05T23:00:00Z") + i * DAY_MS);
      return night(d.toISOString(), d.toISOString().slice(0, 10), asleep(8));
    });

  it("needs seven nights with enough data for the SRI, and says why", () => {
    const six = summariseRegularity(week(6));
    expect(six).toMatchObject({ nights: 6, sri: null, bedtimeSdMinutes: 0, midpointSdMinutes: 0 });
    expect(six.reasons.sri).toBe("fewer than 7 nights with enough data");
    const seven = summariseRegularity(week(7));
    expect(seven).toMatchObject({ nights: 7, sri: 100, bedtimeSdMinutes: 0, waketimeSdMinutes: 0, socialJetlagMinutes: 0 });
    expect(seven.reasons).toEqual({});
  });

  it("skips nights without enough data and uses the newest `limit`", () => {
    const blank = night("2026-01-20T23:00:00Z", "2026-01-20", Array<number>(960).fill(-1));
    expect(hasEnoughRegularityData(blank)).toBe(false);
    const s = summariseRegularity([...week(10), blank], { limit: 7 });
    expect(s.nights).toBe(7);
    expect(s.sri).toBe(100);
  });

  it("describes the SRI in bands", () => {
    expect(describeSri(87.2)).toBe("Very regular (SRI 87)");
    expect(describeSri(65)).toBe("Regular (SRI 65)");
    expect(describeSri(45)).toBe("Somewhat irregular (SRI 45)");
    expect(describeSri(12)).toBe("Irregular (SRI 12)");
  });
});
