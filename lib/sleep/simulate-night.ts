/**
 * A seeded night simulator and the Asleep webhook bodies built from a night.
 * Pure and isomorphic (no Node imports): the `npm run simulate` CLI, tests and
 * demos share it.
 *
 * The model (all durations drawn from one seeded PRNG, so a seed is a night):
 * - sleep onset latency: 5-25 min of wake; a final awakening: 2-8 min of wake;
 * - between them, NREM-REM cycles of ~90 min (+-15 %), each light -> deep ->
 *   light -> REM; deep sleep ~32 min in the first cycle, ~11 min less in each
 *   later one; REM ~8 min in the first cycle, ~7 min more in each later one;
 * - brief light-sleep blips inside deep and REM periods;
 * - a few brief awakenings (1-3 min), most at a cycle boundary, the rest
 *   from light sleep; one night in four also a 5-15 min awakening late in it;
 * - a few short runs (30 s-3 min) of unknown epochs (-1) in the sleep
 *   period, never inside REM;
 * - snoring as bouts that start mostly in light and deep sleep, rarely in REM.
 *
 * Wire names (snake_case) appear only in the payload builders, whose bodies
 * must pass `parseAsleepDelivery` (../webhooks/asleep-schema.ts).
 */
import type { AsleepStat } from "../webhooks/asleep-schema";
import { EPOCH_SECONDS, EPOCHS_PER_FRAME, isSleepStage, Stage } from "./stages";
import { computeSleepStatistics } from "./statistics";

/** A PRNG: each call returns a float in [0, 1). */
export type Rng = () => number;

/** mulberry32: a tiny, fast 32-bit seeded PRNG (same seed, same sequence). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A new uint32 seed from a seed and a salt, for independent PRNG streams. */
export function deriveSeed(seed: number, salt: number): number {
  return Math.floor(mulberry32((seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0)() * 4294967296) >>> 0;
}

/** Integer in [min, max], both inclusive. */
function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function uniform(rng: Rng, min: number, max: number): number {
  return min + rng() * (max - min);
}

/** Epochs in one minute. */
const PER_MIN = 60 / EPOCH_SECONDS;
/** The longest night the webhook schema accepts: 48 hours of epochs. */
const MAX_EPOCHS = 5760;

export interface SimulateNightOptions {
  /** Any integer; taken as uint32. */
  seed: number;
  /** Time in bed, in hours (> 0, at most 48); rounded to whole 30-second epochs. */
  hours: number;
  /** Session start (epoch 0), Unix milliseconds. */
  startTime: number;
}

/** One simulated night: two per-epoch (30 s) tracks of equal length. */
export interface SimulatedNight {
  /** Seed of the night; also drives the re-scoring in {@link buildInferencePayloads}. */
  seed: number;
  /** Session start (epoch 0), Unix milliseconds. */
  startTime: number;
  /** Stage per epoch: -1 unknown, 0 wake, 1 light, 2 deep, 3 REM. */
  sleepStages: number[];
  /** Snoring per epoch: 0 no, 1 yes. */
  snoringStages: number[];
}

/** Epoch counts of one NREM-REM cycle, in order: light, deep, light, REM. */
interface CyclePlan {
  lightBefore: number;
  deep: number;
  lightAfter: number;
  rem: number;
}

/** Splits a sleep period of `length` epochs into ~90-minute cycles (a nap shorter than ~45 min has no REM). */
function planCycles(rng: Rng, length: number): CyclePlan[] {
  const count = Math.round(length / (90 * PER_MIN));
  if (count === 0) {
    const deep = length > 40 * PER_MIN ? Math.round(length * uniform(rng, 0.2, 0.35)) : 0;
    const lightBefore = Math.round((length - deep) * 0.6);
    return [{ lightBefore, deep, lightAfter: length - deep - lightBefore, rem: 0 }];
  }
  const weights = Array.from({ length: count }, () => uniform(rng, 0.85, 1.15));
  const total = weights.reduce((a, b) => a + b, 0);
  const plans: CyclePlan[] = [];
  let left = length;
  weights.forEach((w, i) => {
    const len = i === count - 1 ? left : Math.round((length * w) / total);
    left -= len;
    let rem = Math.round((8 + 7 * i + uniform(rng, -3, 3)) * PER_MIN);
    rem = Math.min(Math.max(rem, 5 * PER_MIN), Math.round(len * 0.45));
    let deep = Math.round(Math.max(0, 32 - 11 * i + uniform(rng, -5, 5)) * PER_MIN);
    deep = Math.min(deep, Math.max(0, len - rem - Math.round(len * 0.3)));
    const light = len - rem - deep;
    const lightBefore = deep > 0 ? Math.round(light * uniform(rng, 0.45, 0.7)) : light;
    plans.push({ lightBefore, deep, lightAfter: light - lightBefore, rem });
  });
  return plans;
}

function overlapsAny(stages: readonly number[], from: number, length: number, avoid: readonly number[]): boolean {
  for (let e = from; e < from + length; e++) if (avoid.includes(stages[e]!)) return true;
  return false;
}

/**
 * Overwrites `count` runs of `minLen`-`maxLen` epochs with `value`, at random
 * positions in [from, to) that touch no stage in `avoid` (REM is always
 * avoided, so the cycle structure survives); a run that finds no place is dropped.
 */
function sprinkleRuns(
  rng: Rng,
  stages: number[],
  value: number,
  count: number,
  [minLen, maxLen]: [number, number],
  [from, to]: [number, number],
  avoid: readonly number[] = [Stage.Rem],
): void {
  for (let r = 0; r < count; r++) {
    for (let attempt = 0; attempt < 30; attempt++) {
      const len = randInt(rng, minLen, maxLen);
      if (to - from < len) return;
      const at = randInt(rng, from, to - len);
      if (overlapsAny(stages, at, len, avoid)) continue;
      stages.fill(value, at, at + len);
      break;
    }
  }
}

/**
 * Simulates one night (model in the module docstring). Deterministic: the same
 * seed and hours give the same stages whatever the start time.
 * @throws RangeError when `hours` is not in (0, 48] or rounds to no epoch
 */
export function simulateNight({ seed, hours, startTime }: SimulateNightOptions): SimulatedNight {
  const n = Math.round((hours * 3600) / EPOCH_SECONDS);
  if (!Number.isFinite(n) || n < 1 || n > MAX_EPOCHS) {
    throw new RangeError(`hours must give 1-${MAX_EPOCHS} epochs of ${EPOCH_SECONDS} s, got ${hours}`);
  }
  const rng = mulberry32(seed);
  const stages = new Array<number>(n).fill(Stage.Wake);
  const onset = randInt(rng, 5 * PER_MIN, 25 * PER_MIN);
  const finalAwakening = n - randInt(rng, 2 * PER_MIN, 8 * PER_MIN);
  const period = finalAwakening - onset;

  if (period >= 5 * PER_MIN) {
    const plans = planCycles(rng, period);
    const boundaries: number[] = [];
    let e = onset;
    for (const p of plans) {
      if (e > onset) boundaries.push(e);
      for (const [stage, len] of [
        [Stage.Light, p.lightBefore],
        [Stage.Deep, p.deep],
        [Stage.Light, p.lightAfter],
        [Stage.Rem, p.rem],
      ] as const) {
        stages.fill(stage, e, e + len);
        e += len;
      }
    }
    // Brief light-sleep blips inside deep and REM periods.
    for (let i = onset + 1; i < finalAwakening - 1; i++) {
      const s = stages[i];
      if ((s === Stage.Deep && rng() < 0.02) || (s === Stage.Rem && stages[i + 1] === Stage.Rem && rng() < 0.015)) {
        stages[i] = Stage.Light;
      }
    }
    // Brief awakenings (1-3 min): most right after a REM period, the rest from light sleep.
    const awakenings = randInt(rng, 1, 3) + Math.floor(period / (3 * 60 * PER_MIN));
    let anywhere = 0;
    for (let a = 0; a < awakenings; a++) {
      const len = randInt(rng, 2, 6);
      const at =
        boundaries.length > 0 && rng() < 0.6
          ? boundaries.splice(randInt(rng, 0, boundaries.length - 1), 1)[0]
          : undefined;
      if (at === undefined || at + len >= finalAwakening - 2) anywhere++;
      else stages.fill(Stage.Wake, at, at + len);
    }
    sprinkleRuns(
      rng,
      stages,
      Stage.Wake,
      anywhere,
      [2, 6],
      [onset + 10 * PER_MIN, finalAwakening - 2 * PER_MIN],
      [Stage.Rem, Stage.Deep],
    );
    // One night in four: a longer awakening (5-15 min) from light sleep in the second half.
    const longAwakening = period >= 4 * 60 * PER_MIN && rng() < 0.25 ? 1 : 0;
    const secondHalf: [number, number] = [onset + Math.floor(period / 2), finalAwakening - 10 * PER_MIN];
    sprinkleRuns(rng, stages, Stage.Wake, longAwakening, [5 * PER_MIN, 15 * PER_MIN], secondHalf, [
      Stage.Rem,
      Stage.Deep,
    ]);
  }
  // A few short runs with no data, inside the sleep period (sleep onset and the final awakening stay sharp).
  const unknownRuns = period >= 2 * 60 * PER_MIN ? randInt(rng, 1, 4) : 0;
  sprinkleRuns(rng, stages, Stage.Unknown, unknownRuns, [1, 6], [onset + 2 * PER_MIN, finalAwakening]);

  // Snoring bouts: the chance to start and to go on depends on the stage.
  const propensity = uniform(rng, 0.4, 1.6);
  const snoringStages = new Array<number>(n).fill(0);
  let snoring = false;
  for (let i = 0; i < n; i++) {
    const s = stages[i];
    const start = s === Stage.Light ? 0.02 : s === Stage.Deep ? 0.035 : s === Stage.Rem ? 0.002 : 0;
    const keep = s === Stage.Light ? 0.9 : s === Stage.Deep ? 0.93 : s === Stage.Rem ? 0.5 : 0;
    const r = rng();
    snoring = snoring ? r < keep : r < start * propensity;
    snoringStages[i] = snoring ? 1 : 0;
  }
  return { seed: seed >>> 0, startTime, sleepStages: stages, snoringStages };
}

// ---------------------------------------------------------------------------
// Times and ids

/** Offset of `timeZone` from UTC at instant `ms`, in minutes (Paris in winter: 60). */
export function timeZoneOffsetMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** ISO 8601 with the zone's offset, e.g. `2025-01-15T23:10:00+01:00` (milliseconds only when non-zero). */
export function formatIsoInTimeZone(ms: number, timeZone: string): string {
  const offset = timeZoneOffsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60_000).toISOString();
  const body = ms % 1000 === 0 ? local.slice(0, 19) : local.slice(0, 23);
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${body}${offset < 0 ? "-" : "+"}${hhmm}`;
}

/** An Asleep-style session id: start time (UTC) `YYYYMMDDHHmmss`, `_`, 5 lowercase letters from the seed. */
export function makeSessionId(startTime: number, seed: number): string {
  const stamp = new Date(startTime).toISOString().slice(0, 19).replace(/\D/g, "");
  const rng = mulberry32(deriveSeed(seed, 0x5e55));
  const letters = Array.from({ length: 5 }, () => String.fromCharCode(97 + Math.floor(rng() * 26))).join("");
  return `${stamp}_${letters}`;
}

// ---------------------------------------------------------------------------
// Webhook bodies

/** `official`: `{event, version, data}`; `flat`: the fields at the top level plus `timestamp`. */
export type BodyShape = "official" | "flat";

/** A webhook body in either shape, as JSON-ready data. */
export type WebhookBody<E extends string, D extends object> =
  { event: E; version: "V3"; data: D } | ({ event: E; version: "V3"; timestamp: string } & D);

export interface InferenceData {
  user_id: string;
  session_id: string;
  seq_num: number;
  inference_seq_num: number;
  sleep_stages: number[];
  snoring_stages: number[];
  breath_stages: null;
}

export interface SessionCompleteData {
  timezone: string;
  peculiarities: string[];
  missing_data_ratio: number;
  user_id: string;
  session: {
    id: string;
    state: "COMPLETE";
    start_time: string;
    end_time: string;
    unexpected_end_time: null;
    created_timezone: string;
    sleep_stages: number[];
    snoring_stages: number[];
    breath_stages: null;
  };
  stat: AsleepStat;
}

export type InferenceCompleteBody = WebhookBody<"INFERENCE_COMPLETE", InferenceData>;
export type SessionCompleteBody = WebhookBody<"SESSION_COMPLETE", SessionCompleteData & { session_id?: string }>;

export interface PayloadOptions {
  userId: string;
  sessionId: string;
  shape: BodyShape;
}

export interface InferencePayloadOptions extends PayloadOptions {
  /** Earlier frames each chunk re-sends (K >= 0): chunk f carries frames f-K..f. */
  overlap: number;
}

export interface SessionCompletePayloadOptions extends PayloadOptions {
  /** IANA zone the times are expressed in; default "UTC". */
  timezone?: string;
}

/** Chance that a chunk re-scores a few of its provisional epochs. */
const RESCORE_CHANCE = 0.5;

/** A plausible but different provisional score for a final one. */
function provisionalStage(final: number, rng: Rng): number {
  if (final === Stage.Light) return rng() < 0.5 ? Stage.Deep : Stage.Wake;
  return Stage.Light;
}

function wrap<E extends string, D extends object>(event: E, data: D, shape: BodyShape, sentAt: number) {
  return shape === "official"
    ? { event, version: "V3" as const, data }
    : { event, version: "V3" as const, timestamp: new Date(sentAt).toISOString(), ...data };
}

/** When Asleep sends the INFERENCE_COMPLETE of frame `f`: the end of that frame, Unix ms. */
export function inferenceSentAt(startTime: number, frame: number): number {
  return startTime + (frame + 1) * EPOCHS_PER_FRAME * EPOCH_SECONDS * 1000;
}

/**
 * One INFERENCE_COMPLETE per complete 5-minute frame (a trailing partial frame
 * is only in SESSION_COMPLETE). Frame f: `seq_num` (f+1)*10-1,
 * `inference_seq_num` f, the stages of frames max(0, f-K)..f. Epochs that a
 * later chunk will send again are provisional: about every other chunk
 * re-scores 1-4 of them differently; the last chunk covering an epoch always
 * carries the night's value. Flat bodies carry `timestamp` = the frame's end.
 * Deterministic for a night and options.
 */
export function buildInferencePayloads(
  night: SimulatedNight,
  options: InferencePayloadOptions,
): InferenceCompleteBody[] {
  const k = Math.max(0, Math.floor(options.overlap));
  const frames = Math.floor(night.sleepStages.length / EPOCHS_PER_FRAME);
  const rng = mulberry32(deriveSeed(night.seed, 0x1f00 + k));
  const bodies: InferenceCompleteBody[] = [];
  for (let f = 0; f < frames; f++) {
    const from = Math.max(0, f - k) * EPOCHS_PER_FRAME;
    const to = (f + 1) * EPOCHS_PER_FRAME;
    const sleep = night.sleepStages.slice(from, to);
    const snoring = night.snoringStages.slice(from, to);
    // Frames f-K+1..f will be sent again by a later chunk (none after the last).
    const provisionalFrom = Math.max(0, f - k + 1) * EPOCHS_PER_FRAME - from;
    if (k > 0 && f < frames - 1 && rng() < RESCORE_CHANCE) {
      const len = randInt(rng, 1, 4);
      const at = randInt(rng, provisionalFrom, sleep.length - len);
      for (let i = at; i < at + len; i++) {
        sleep[i] = provisionalStage(sleep[i]!, rng);
        if (rng() < 0.3) snoring[i] = 1 - snoring[i]!;
      }
    }
    const data: InferenceData = {
      user_id: options.userId,
      session_id: options.sessionId,
      seq_num: to - 1,
      inference_seq_num: f,
      sleep_stages: sleep,
      snoring_stages: snoring,
      breath_stages: null,
    };
    bodies.push(wrap("INFERENCE_COMPLETE", data, options.shape, inferenceSentAt(night.startTime, f)));
  }
  return bodies;
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Asleep's `stat` for a night, from {@link computeSleepStatistics}, in the
 * official field names: seconds, ratios and `sleep_efficiency` as 0-1 fractions
 * (4 decimals), times ISO 8601 in `timezone`. `sleep_ratio` and `wake_ratio`
 * are shares of the sleep period; latencies, ratios and times are null when no
 * sleep was scored.
 */
export function buildSessionStat(night: SimulatedNight, timezone = "UTC"): AsleepStat {
  const s = computeSleepStatistics(night.sleepStages, night.startTime, night.snoringStages);
  const iso = (ms: number) => formatIsoInTimeZone(ms, timezone);
  const at = (epoch: number) => iso(night.startTime + epoch * EPOCH_SECONDS * 1000);
  const spt = s.timeInSleepPeriod;
  const noSnoring = night.snoringStages.filter((v) => v === 0).length * EPOCH_SECONDS;
  return {
    sleep_time: s.sleepOnset === null ? null : iso(Date.parse(s.sleepOnset)),
    wake_time: s.finalAwakening === null ? null : iso(Date.parse(s.finalAwakening)),
    sleep_latency: s.sleepOnsetLatency,
    wakeup_latency: s.wakeupLatency,
    time_in_bed: s.timeInBed,
    time_in_sleep_period: spt,
    time_in_sleep: s.totalSleepTime,
    time_in_wake: s.timeInWake,
    time_in_light: s.timeInLight,
    time_in_deep: s.timeInDeep,
    time_in_rem: s.timeInRem,
    time_in_snoring: s.timeInSnoring ?? 0,
    time_in_no_snoring: noSnoring,
    sleep_efficiency: s.timeInBed > 0 ? round4(s.totalSleepTime / s.timeInBed) : null,
    sleep_ratio: spt ? round4(s.totalSleepTime / spt) : null,
    wake_ratio: spt ? round4(s.timeInWake / spt) : null,
    waso_count: s.wasoCount,
    longest_waso: s.longestWaso,
    sleep_cycle_count: s.sleepCycles.length,
    snoring_count: s.snoringCount ?? 0,
    sleep_cycle: s.sleepCycles.map((c) => ({
      index: c.index,
      start_time: at(c.startEpoch),
      end_time: at(c.endEpoch + 1),
    })),
  };
}

/** Peculiarities that apply: NEVER_SLEPT (no sleep epoch), TOO_SHORT_FOR_ANALYSIS (under 5 minutes). */
export function nightPeculiarities(night: SimulatedNight): string[] {
  const out: string[] = [];
  if (!night.sleepStages.some(isSleepStage)) out.push("NEVER_SLEPT");
  if (night.sleepStages.length * EPOCH_SECONDS < 300) out.push("TOO_SHORT_FOR_ANALYSIS");
  return out;
}

/**
 * The SESSION_COMPLETE for a night: full arrays, {@link buildSessionStat},
 * peculiarities and `missing_data_ratio` (unknown epochs / all, 4 decimals).
 * The session ends at the last epoch's end; flat bodies carry that as `timestamp`.
 */
export function buildSessionCompletePayload(
  night: SimulatedNight,
  options: SessionCompletePayloadOptions,
): SessionCompleteBody {
  const timezone = options.timezone ?? "UTC";
  const n = night.sleepStages.length;
  const endTime = night.startTime + n * EPOCH_SECONDS * 1000;
  const unknown = night.sleepStages.filter((v) => v === Stage.Unknown).length;
  const data: SessionCompleteData = {
    timezone,
    peculiarities: nightPeculiarities(night),
    missing_data_ratio: n > 0 ? round4(unknown / n) : 0,
    user_id: options.userId,
    session: {
      id: options.sessionId,
      state: "COMPLETE",
      start_time: formatIsoInTimeZone(night.startTime, timezone),
      end_time: formatIsoInTimeZone(endTime, timezone),
      unexpected_end_time: null,
      created_timezone: timezone,
      sleep_stages: [...night.sleepStages],
      snoring_stages: [...night.snoringStages],
      breath_stages: null,
    },
    stat: buildSessionStat(night, timezone),
  };
  return options.shape === "official"
    ? wrap("SESSION_COMPLETE", data, "official", endTime)
    : wrap("SESSION_COMPLETE", { ...data, session_id: options.sessionId }, "flat", endTime);
}
