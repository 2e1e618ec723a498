/**
 * The Asleep webhook bodies built from a simulated night
 * (../sleep/simulate-night.ts): one INFERENCE_COMPLETE per 5-minute frame, then
 * the SESSION_COMPLETE with its `stat` (./build-session-stat.ts). They use
 * Asleep's wire names (snake_case), so they live here, beside
 * ./asleep-schema.ts, and every body they build passes `parseAsleepDelivery`.
 * Pure and isomorphic (no Node imports); deterministic for a night and options.
 */
import { deriveSeed, mulberry32, randInt, type Rng } from "./seeded-random";
import type { SimulatedNight } from "./simulate-night";
import { EPOCH_SECONDS, EPOCHS_PER_FRAME, isSleepStage, Stage } from "../sleep/stages";
import { formatIsoInTimeZone } from "../sleep/time-zone";
import type { AsleepStat } from "../asleep/webhook-schema";
import { buildSessionStat, round4 } from "./session-stat";

/** An Asleep-style session id: start time (UTC) `YYYYMMDDHHmmss`, `_`, 5 lowercase letters from the seed. */
export function makeSessionId(startTime: number, seed: number): string {
  const stamp = new Date(startTime).toISOString().slice(0, 19).replace(/\D/g, "");
  const rng = mulberry32(deriveSeed(seed, 0x5e55));
  const letters = Array.from({ length: 5 }, () => String.fromCharCode(97 + Math.floor(rng() * 26))).join("");
  return `${stamp}_${letters}`;
}

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

/**
 * One INFERENCE_COMPLETE in Asleep's official shape for frame `inferenceSeqNum`
 * (seq_num is that frame's last epoch, `(k + 1) * 10 - 1`); the stages end there.
 */
export function officialInferenceBody(
  userId: string,
  sessionId: string,
  inferenceSeqNum: number,
  sleepStages: number[],
  snoringStages: number[] | null = null,
) {
  return {
    event: "INFERENCE_COMPLETE" as const,
    version: "V3" as const,
    data: {
      user_id: userId,
      session_id: sessionId,
      seq_num: (inferenceSeqNum + 1) * 10 - 1,
      inference_seq_num: inferenceSeqNum,
      sleep_stages: sleepStages,
      snoring_stages: snoringStages,
      breath_stages: null,
    },
  };
}

/**
 * When Asleep sends the INFERENCE_COMPLETE of frame `f`: the end of its last
 * epoch (the frame's end, or the night's end for a last partial frame of a
 * night of `epochs` epochs), Unix ms.
 */
export function inferenceSentAt(startTime: number, frame: number, epochs = Infinity): number {
  return startTime + Math.min((frame + 1) * EPOCHS_PER_FRAME, epochs) * EPOCH_SECONDS * 1000;
}

/**
 * One INFERENCE_COMPLETE per 5-minute frame, as Asleep sends them
 * (../shared/asleep-webhooks.md, "INFERENCE_COMPLETE"). Frame f:
 * `inference_seq_num` f, the stages of frames max(0, f-K)..f, ENDING at
 * `seq_num` = the frame's last epoch, (f+1)*10-1. A trailing partial frame
 * (the night's length not a multiple of 10) gets one last analysis whose
 * `seq_num` is the night's last epoch, n-1: earlier than its frame's end, so
 * only placement by `seq_num` puts it right. Epochs that a later chunk will
 * send again are provisional: about every other chunk re-scores 1-4 of them
 * differently; the last chunk covering an epoch always carries the night's
 * value. Flat bodies carry `timestamp` = the end of epoch `seq_num`.
 * Deterministic for a night and options.
 */
export function buildInferencePayloads(
  night: SimulatedNight,
  options: InferencePayloadOptions,
): InferenceCompleteBody[] {
  const k = Math.max(0, Math.floor(options.overlap));
  const n = night.sleepStages.length;
  const frames = Math.ceil(n / EPOCHS_PER_FRAME);
  const rng = mulberry32(deriveSeed(night.seed, 0x1f00 + k));
  const bodies: InferenceCompleteBody[] = [];
  for (let f = 0; f < frames; f++) {
    const from = Math.max(0, f - k) * EPOCHS_PER_FRAME;
    const to = Math.min(n, (f + 1) * EPOCHS_PER_FRAME);
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
    bodies.push(wrap("INFERENCE_COMPLETE", data, options.shape, inferenceSentAt(night.startTime, f, n)));
  }
  return bodies;
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
