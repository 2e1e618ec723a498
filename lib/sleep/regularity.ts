/**
 * Sleep regularity across nights: the Sleep Regularity Index, the spread of
 * bedtime, wake time and sleep midpoint, and social jet lag. Pure and
 * isomorphic (Intl only, through ./time-zone.ts).
 *
 * Sleep Regularity Index (SRI; Phillips et al., 2017, "Irregular sleep/wake
 * patterns are associated with poorer academic performance...", Sci Rep 7:3216):
 * the probability of being in the same state (asleep or awake) at two time
 * points 24 hours apart, scaled to -100..100: `SRI = 200 * P(same) - 100`.
 * 100 is a perfectly regular schedule, 0 a random one, -100 alternation.
 *
 * The timeline it is computed on, exactly:
 * - one slot per 30-second epoch on absolute time, starting at the first
 *   night's start (of each run, below); each night's epochs are placed at
 *   `round((start - firstStart) / 30 s)` (a start off the grid moves by at
 *   most 15 s);
 * - inside a recorded night an epoch is ASLEEP (light, deep, REM: codes 1-3),
 *   AWAKE (0) or UNKNOWN (-1, no data); where two nights overlap, the later
 *   night's epochs win;
 * - between two consecutive recorded nights the time counts as AWAKE when
 *   their night dates are consecutive days (both adjacent days have a night);
 *   otherwise (a day without a night between them) it is UNKNOWN;
 * - before the first night's start and after the last night's end: outside
 *   the timeline (never compared).
 * SRI compares every slot t with slot t + 24 h (2,880 epochs) when both lie on
 * the timeline and both are known; UNKNOWN slots and days without a night are
 * excluded from numerator and denominator alike. Pairs are formed within a run
 * of nights on consecutive dates (a day without a night ends a run: across it
 * one side of a pair is unknown anyway). With no such pair the SRI is
 * undefined (null).
 *
 * Clock-time spread (bedtime = start of the recording; wake time = final
 * awakening, the end of the last epoch scored as sleep; sleep midpoint =
 * halfway between sleep onset and final awakening), each read as minutes after
 * local midnight in the night's own time zone. Around midnight 23:50 and 00:10
 * are 20 minutes apart, not 1,420: the values are unwrapped onto the 24-hour
 * window centred on their circular mean (the direction of the mean of unit
 * vectors), then the ordinary sample standard deviation (n - 1) is taken, in
 * minutes. When every value lies within 12 hours of that mean (any real
 * schedule) this equals the plain SD of the clock times written without the
 * wrap-around.
 *
 * Social jet lag (Wittmann et al., 2006): |mean sleep midpoint on free nights -
 * mean sleep midpoint on work nights|, in minutes, with the same unwrapping
 * (the smaller way round the clock). A night is free when the day after it is
 * a free day: by default the nights dated Friday (Fri->Sat) and Saturday
 * (Sat->Sun); every other night is a work night. Dates are night dates
 * (the caller's `nightDate`, lib/view/format.ts nightDateKey).
 */
import { EPOCH_SECONDS, isSleepStage, Stage } from "./stages";
import { timeZoneOffsetMinutes } from "./time-zone";

const EPOCH_MS = EPOCH_SECONDS * 1000;
const DAY_MS = 86_400_000;
const DAY_EPOCHS = DAY_MS / EPOCH_MS;
const DAY_MINUTES = 1440;

/** The fewest nights with enough data the SRI is reported over (Phillips et al. used 30 days; 7 is the common minimum). */
export const MIN_REGULARITY_NIGHTS = 7;
/** A night has enough data when at most this share of its epochs is unknown and at least one is sleep. */
export const MAX_UNKNOWN_SHARE = 0.5;
/** Default free nights: weekdays (0 Sunday ... 6 Saturday) of the night's date, Friday and Saturday. */
export const DEFAULT_FREE_NIGHT_WEEKDAYS: readonly number[] = [5, 6];

/** One night as regularity reads it. */
export interface RegularityNight {
  /** Recording start (epoch 0), Unix ms. */
  startMs: number;
  /** Stage code per 30-second epoch (-1 unknown, 0 wake, 1 light, 2 deep, 3 REM). */
  sleepStages: ArrayLike<number>;
  /** IANA zone the night's clock times are read in. */
  timeZone: string;
  /** The night's date: Unix ms of that date's midnight in UTC (lib/view/format.ts nightDateKey). */
  nightDate: number;
}

type Slot = 0 | 1 | -1; // awake, asleep, unknown

/**
 * Whether a night has enough data for regularity: at least one epoch scored
 * as sleep and at most {@link MAX_UNKNOWN_SHARE} of its epochs unknown.
 */
export function hasEnoughRegularityData(night: Pick<RegularityNight, "sleepStages">): boolean {
  const n = night.sleepStages.length;
  let unknown = 0;
  let sleep = 0;
  for (let e = 0; e < n; e++) {
    const s = night.sleepStages[e]!;
    if (s === Stage.Unknown) unknown++;
    else if (isSleepStage(s)) sleep++;
  }
  return n > 0 && sleep > 0 && unknown <= n * MAX_UNKNOWN_SHARE;
}

/**
 * The asleep/awake/unknown timeline of the module docstring.
 * @returns one slot per epoch from the first night's start (1 asleep, 0 awake, -1 unknown)
 */
export function buildSleepWakeTimeline(nights: readonly RegularityNight[]): Int8Array {
  const sorted = [...nights].sort((a, b) => a.startMs - b.startMs);
  const first = sorted[0];
  if (!first) return new Int8Array(0);
  const place = (n: RegularityNight) => Math.round((n.startMs - first.startMs) / EPOCH_MS);
  let length = 0;
  for (const n of sorted) length = Math.max(length, place(n) + n.sleepStages.length);
  const slots = new Int8Array(length).fill(-1);
  for (let i = 0; i < sorted.length; i++) {
    const n = sorted[i]!;
    const at = place(n);
    const next = sorted[i + 1];
    if (next && Math.round((next.nightDate - n.nightDate) / DAY_MS) === 1) {
      slots.fill(0, at + n.sleepStages.length, place(next));
    }
  }
  for (const n of sorted) {
    const at = place(n);
    for (let e = 0; e < n.sleepStages.length; e++) {
      const s = n.sleepStages[e]!;
      slots[at + e] = (s === Stage.Unknown ? -1 : isSleepStage(s) ? 1 : 0) satisfies Slot;
    }
  }
  return slots;
}

/**
 * The Sleep Regularity Index of these nights (definition and the treatment of
 * unknown time in the module docstring), -100..100, two decimals; null when no
 * two known epochs 24 hours apart exist (e.g. one night, or no two nights on
 * consecutive days).
 */
export function computeSleepRegularityIndex(nights: readonly RegularityNight[]): number | null {
  let same = 0;
  let pairs = 0;
  for (const run of consecutiveRuns(nights)) {
    const slots = buildSleepWakeTimeline(run);
    for (let t = 0; t + DAY_EPOCHS < slots.length; t++) {
      const a = slots[t]!;
      const b = slots[t + DAY_EPOCHS]!;
      if (a < 0 || b < 0) continue;
      pairs++;
      if (a === b) same++;
    }
  }
  if (pairs === 0) return null;
  return Math.round((200 * (same / pairs) - 100) * 100) / 100;
}

/**
 * Nights by start, split where a day without a night falls between two
 * (their night dates are not consecutive). Across such a day one side of
 * every 24-hour pair is unknown, so the SRI sums pairs run by run: the
 * timeline it builds never spans more days than a run has nights (plus one),
 * however far apart the runs are.
 */
function consecutiveRuns(nights: readonly RegularityNight[]): RegularityNight[][] {
  const runs: RegularityNight[][] = [];
  let prev: RegularityNight | null = null;
  for (const n of [...nights].sort((a, b) => a.startMs - b.startMs)) {
    const gapDays = prev ? Math.round((n.nightDate - prev.nightDate) / DAY_MS) : Infinity;
    if (gapDays <= 1 && runs.length > 0) runs[runs.length - 1]!.push(n);
    else runs.push([n]);
    prev = n;
  }
  return runs;
}

/** Minutes after local midnight (0 <= m < 1440, fractional) of an instant in a zone. */
export function localClockMinutes(ms: number, timeZone: string): number {
  const m = (ms / 60_000 + timeZoneOffsetMinutes(ms, timeZone)) % DAY_MINUTES;
  return m < 0 ? m + DAY_MINUTES : m;
}

/** The circular mean of clock minutes (0..1440), null for none or when they cancel out. */
function circularMeanMinutes(values: readonly number[]): number | null {
  let x = 0;
  let y = 0;
  for (const v of values) {
    const a = (v / DAY_MINUTES) * 2 * Math.PI;
    x += Math.cos(a);
    y += Math.sin(a);
  }
  if (values.length === 0 || Math.hypot(x, y) < 1e-9) return null;
  const m = (Math.atan2(y, x) / (2 * Math.PI)) * DAY_MINUTES;
  return m < 0 ? m + DAY_MINUTES : m;
}

/** Clock minutes unwrapped onto [centre - 720, centre + 720). */
function unwrap(values: readonly number[], centre: number): number[] {
  return values.map((v) => {
    let d = (v - centre) % DAY_MINUTES;
    if (d < -DAY_MINUTES / 2) d += DAY_MINUTES;
    if (d >= DAY_MINUTES / 2) d -= DAY_MINUTES;
    return centre + d;
  });
}

/**
 * Sample standard deviation (n - 1) of clock times, in minutes, safe around
 * midnight (module docstring). Null for fewer than two values.
 * @param clockMinutes minutes after local midnight, 0..1440
 */
export function clockTimeSdMinutes(clockMinutes: readonly number[]): number | null {
  if (clockMinutes.length < 2) return null;
  const centre = circularMeanMinutes(clockMinutes) ?? clockMinutes[0]!;
  const xs = unwrap(clockMinutes, centre);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return Math.round(Math.sqrt(variance) * 10) / 10;
}

/** Mean clock time in minutes after midnight (0..1440), unwrapped as in the module docstring. */
function meanClockMinutes(clockMinutes: readonly number[]): number | null {
  if (clockMinutes.length === 0) return null;
  const centre = circularMeanMinutes(clockMinutes) ?? clockMinutes[0]!;
  const xs = unwrap(clockMinutes, centre);
  const m = (xs.reduce((a, b) => a + b, 0) / xs.length) % DAY_MINUTES;
  return m < 0 ? m + DAY_MINUTES : m;
}

/** Bedtime, wake time and sleep midpoint of one night (module docstring), minutes after local midnight; null without sleep. */
export function nightClockTimes(
  night: RegularityNight,
): { bedtime: number; waketime: number; midpoint: number } | null {
  let onset = -1;
  let last = -1;
  for (let e = 0; e < night.sleepStages.length; e++) {
    if (!isSleepStage(night.sleepStages[e]!)) continue;
    if (onset < 0) onset = e;
    last = e;
  }
  if (onset < 0) return null;
  const onsetMs = night.startMs + onset * EPOCH_MS;
  const wakeMs = night.startMs + (last + 1) * EPOCH_MS;
  return {
    bedtime: localClockMinutes(night.startMs, night.timeZone),
    waketime: localClockMinutes(wakeMs, night.timeZone),
    midpoint: localClockMinutes((onsetMs + wakeMs) / 2, night.timeZone),
  };
}

/** Whether a night is free (the day after it is a free day) by its night date's weekday. */
export function isFreeNight(nightDate: number, freeNightWeekdays: readonly number[] = DEFAULT_FREE_NIGHT_WEEKDAYS): boolean {
  return freeNightWeekdays.includes(new Date(nightDate).getUTCDay());
}

/**
 * Social jet lag in minutes, one decimal (module docstring); null unless there
 * is at least one free and one work night with sleep.
 */
export function computeSocialJetlagMinutes(
  nights: readonly RegularityNight[],
  freeNightWeekdays: readonly number[] = DEFAULT_FREE_NIGHT_WEEKDAYS,
): number | null {
  const free: number[] = [];
  const work: number[] = [];
  for (const n of nights) {
    const t = nightClockTimes(n);
    if (t) (isFreeNight(n.nightDate, freeNightWeekdays) ? free : work).push(t.midpoint);
  }
  const f = meanClockMinutes(free);
  const w = meanClockMinutes(work);
  if (f === null || w === null) return null;
  const d = Math.abs(f - w) % DAY_MINUTES;
  return Math.round(Math.min(d, DAY_MINUTES - d) * 10) / 10;
}

/** What {@link summariseRegularity} returns; minutes, SRI -100..100; each null with its reason in `reasons`. */
export interface RegularitySummary {
  /** Nights with enough data the figures are computed over. */
  nights: number;
  sri: number | null;
  bedtimeSdMinutes: number | null;
  waketimeSdMinutes: number | null;
  midpointSdMinutes: number | null;
  socialJetlagMinutes: number | null;
  /** Why a figure is null, keyed by its name. */
  reasons: Partial<Record<"sri" | "bedtimeSdMinutes" | "waketimeSdMinutes" | "midpointSdMinutes" | "socialJetlagMinutes", string>>;
}

/**
 * Regularity over the newest `limit` nights with enough data
 * ({@link hasEnoughRegularityData}). The SRI needs at least `minNights`
 * (default 7) such nights, the SDs two, social jet lag one free and one work
 * night.
 * @param nights any order; nights without enough data are skipped
 * @param options.limit how many nights to use (the newest), default all
 * @param options.freeNightWeekdays weekdays of free nights' dates (default Friday and Saturday)
 */
export function summariseRegularity(
  nights: readonly RegularityNight[],
  options: { limit?: number; minNights?: number; freeNightWeekdays?: readonly number[] } = {},
): RegularitySummary {
  const minNights = options.minNights ?? MIN_REGULARITY_NIGHTS;
  const used = nights
    .filter(hasEnoughRegularityData)
    .sort((a, b) => b.startMs - a.startMs)
    .slice(0, options.limit ?? nights.length);
  const reasons: RegularitySummary["reasons"] = {};
  let sri: number | null = null;
  if (used.length < minNights) reasons.sri = `fewer than ${minNights} nights with enough data`;
  else {
    sri = computeSleepRegularityIndex(used);
    if (sri === null) reasons.sri = "no two nights on consecutive days";
  }
  const times = used.flatMap((n) => nightClockTimes(n) ?? []);
  const sd = (key: "bedtime" | "waketime" | "midpoint", name: keyof RegularitySummary["reasons"]) => {
    const v = clockTimeSdMinutes(times.map((t) => t[key]));
    if (v === null) reasons[name] = "fewer than 2 nights with enough data";
    return v;
  };
  const bedtimeSdMinutes = sd("bedtime", "bedtimeSdMinutes");
  const waketimeSdMinutes = sd("waketime", "waketimeSdMinutes");
  const midpointSdMinutes = sd("midpoint", "midpointSdMinutes");
  const socialJetlagMinutes = computeSocialJetlagMinutes(used, options.freeNightWeekdays);
  if (socialJetlagMinutes === null) reasons.socialJetlagMinutes = "needs at least one free night and one work night";
  return { nights: used.length, sri, bedtimeSdMinutes, waketimeSdMinutes, midpointSdMinutes, socialJetlagMinutes, reasons };
}

/** Plain-language bands of the SRI: >= 80 very regular, 60-80 regular, 40-60 somewhat irregular, < 40 irregular. */
export const SRI_BANDS: ReadonlyArray<{ min: number; label: string }> = [
  { min: 80, label: "Very regular" },
  { min: 60, label: "Regular" },
  { min: 40, label: "Somewhat irregular" },
  { min: -Infinity, label: "Irregular" },
];

/** The SRI in words: "Very regular (SRI 87)". */
export function describeSri(sri: number): string {
  const band = SRI_BANDS.find((b) => sri >= b.min)!;
  return `${band.label} (SRI ${Math.round(sri)})`;
}
