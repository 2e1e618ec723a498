/**
 * Asleep's webhook payloads: the one place their wire names (snake_case) live.
 *
 * Two body shapes arrive (../shared/asleep-webhooks.md, "Two body shapes"):
 * - official V3: `{event, version, data: {...}}` (aliases `callback_event`,
 *   `callback_version`, `callback_data`), what real deliveries look like;
 * - the implementation guide's flat one: the same fields at the top level plus
 *   `timestamp` (and sometimes `time_window`).
 * {@link parseAsleepDelivery} validates either and returns one internal
 * {@link AsleepEvent}; nothing downstream knows which shape arrived.
 *
 * Validation is at this edge (issue 9, items 11-12): bounded nights and lists
 * ({@link LIMITS}: 24 hours = 2880 epochs), durations 0-86,400 s, counts >= 0,
 * ratios 0-1, instants in 2000-2100, an end not before its start, no
 * statistics for a night of 0 epochs, known IANA zones. A body outside them is
 * invalid with one issue (dotted path + message naming the bound) per bad
 * field. Numbers that pass are kept exactly as sent (sleep_index 55.5 stays 55.5).
 */
import { z } from "zod";

import { EPOCH_SECONDS, EPOCHS_PER_FRAME, MAX_NIGHT_EPOCHS } from "../sleep/stages";

/** Event names Nocturne stores. Any other name is acknowledged and ignored. */
export const KNOWN_EVENTS = ["INFERENCE_COMPLETE", "SESSION_COMPLETE"] as const;
export type KnownEvent = (typeof KNOWN_EVENTS)[number];
export const SUPPORTED_VERSION = "V3";

/**
 * Bounds on what one delivery may describe (issue 9, items 11 and 12). A
 * request is a few KiB; without these, a 300-byte chunk could create a
 * 111-day night. Each refusal is a 400 whose issue names the bound.
 */
export const LIMITS = {
  /** The longest night Nocturne stores: 24 hours of 30-second epochs (2880). Applies to every stage array and to `seq_num` + 1. */
  nightEpochs: MAX_NIGHT_EPOCHS,
  /** The longest night in seconds (86,400): the upper bound of every duration and latency in `stat`. */
  nightSeconds: MAX_NIGHT_EPOCHS * EPOCH_SECONDS,
  /** `inference_seq_num` is a 5-minute frame number: at most 287 in a 24-hour night. */
  maxInferenceSeqNum: MAX_NIGHT_EPOCHS / EPOCHS_PER_FRAME - 1,
  /** Peculiarity codes in one report (Asleep defines 7). */
  peculiarities: 32,
  /** Sleep cycles in one night (about 16 in 24 hours of 90-minute cycles). */
  sleepCycles: 100,
  /** Keys in one `stat` object (Asleep's table has about 40). */
  statKeys: 100,
  /** Characters in a free-text field (times as text, zone names, peculiarity codes). */
  text: 64,
  /** Instants must fall in these calendar years (UTC). */
  firstYear: 2000,
  lastYear: 2100,
} as const;

/** Asleep's ids are printable ASCII; anything else (a NUL, a control character, non-ASCII) is refused here, at the edge. */
const id = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x20-\x7e]+$/, "must be printable ASCII (Asleep ids are)");
/** One value per epoch, at most a 24-hour night of them. */
const perEpoch = <T extends z.ZodType>(value: T) =>
  z.array(value).max(LIMITS.nightEpochs, {
    message: `at most ${LIMITS.nightEpochs} epochs (24 hours of 30-second epochs, Nocturne's longest night)`,
  });
const sleepStages = perEpoch(z.number().int().min(-1).max(3));
const snoringStages = perEpoch(z.number().int().min(-1).max(1));
const breathStages = perEpoch(z.number());
const text = z.string().max(LIMITS.text, { message: `at most ${LIMITS.text} characters` });

/** The UTC year of an ISO 8601 instant, or null when it does not parse. */
function yearOf(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).getUTCFullYear() : null;
}
const yearMessage = `must fall in the years ${LIMITS.firstYear}-${LIMITS.lastYear}`;
const saneYear = (iso: string) => {
  const y = yearOf(iso);
  return y === null || (y >= LIMITS.firstYear && y <= LIMITS.lastYear);
};
/** An ISO 8601 instant with an offset, in the years 2000-2100. */
const instant = z.iso.datetime({ offset: true }).refine(saneYear, { message: yearMessage });
/** A time Asleep may send as ISO 8601 or as the guide's "HH:MM:SS": kept as sent; checked only when it is a full instant. */
const clockOrInstant = text.refine((v) => !/^\d{4}-\d{2}-\d{2}T/.test(v) || saneYear(v), { message: yearMessage });

/** An IANA time zone name that this runtime knows (a bad one would break every page that shows the night). */
const timeZone = text.refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "not an IANA time zone name" },
);

/** Seconds: a whole number from 0 to 86,400 (the longest night). */
const seconds = z
  .number()
  .int()
  .min(0, { message: "seconds cannot be negative" })
  .max(LIMITS.nightSeconds, { message: `at most ${LIMITS.nightSeconds} seconds (24 hours, Nocturne's longest night)` })
  .nullish();
/** A count: a whole number from 0 to `max`. */
const count = (max: number, what: string) =>
  z.number().int().min(0, { message: "a count cannot be negative" }).max(max, { message: `at most ${max} ${what}` }).nullish();
/** A share: 0 to 1. */
const ratio = z.number().min(0, { message: "a ratio is between 0 and 1" }).max(1, { message: "a ratio is between 0 and 1" }).nullish();

/** The `stat` object; every field may be missing (they depend on the plan). Numbers are kept exactly as sent. */
export const asleepStatSchema = z
  .looseObject({
    sleep_time: clockOrInstant.nullish(),
    wake_time: clockOrInstant.nullish(),
    sleep_latency: seconds,
    wakeup_latency: seconds,
    time_in_bed: seconds,
    time_in_sleep_period: seconds,
    time_in_sleep: seconds,
    time_in_wake: seconds,
    time_in_light: seconds,
    time_in_deep: seconds,
    time_in_rem: seconds,
    time_in_snoring: seconds,
    time_in_no_snoring: seconds,
    longest_waso: seconds,
    light_latency: seconds,
    deep_latency: seconds,
    rem_latency: seconds,
    sleep_ratio: ratio,
    wake_ratio: ratio,
    light_ratio: ratio,
    deep_ratio: ratio,
    rem_ratio: ratio,
    snoring_ratio: ratio,
    no_snoring_ratio: ratio,
    /** A 0-1 fraction (official) or a percent (the guide); lib/sleep/summary.ts normalises. */
    sleep_efficiency: z.number().min(0).max(100).nullish(),
    waso_count: count(LIMITS.nightEpochs, "wake bouts (one per epoch of a 24-hour night)"),
    sleep_cycle_count: count(LIMITS.sleepCycles, "sleep cycles"),
    snoring_count: count(LIMITS.nightEpochs, "snoring bouts (one per epoch of a 24-hour night)"),
    /** 0-100 quality score; any number in range, stored as given (55.5 stays 55.5). */
    sleep_index: z.number().min(0).max(100).nullish(),
    sleep_cycle: z
      .array(
        z.looseObject({
          index: count(LIMITS.sleepCycles, "cycles").optional(),
          order: count(LIMITS.sleepCycles, "cycles").optional(),
          start_time: clockOrInstant,
          end_time: clockOrInstant,
        }),
      )
      .max(LIMITS.sleepCycles, { message: `at most ${LIMITS.sleepCycles} sleep cycles` })
      .nullish(),
  })
  .refine((o) => Object.keys(o).length <= LIMITS.statKeys, { message: `at most ${LIMITS.statKeys} fields in stat` });
export type AsleepStat = z.infer<typeof asleepStatSchema>;

const inferencePayload = z.object({
  user_id: id,
  session_id: id,
  seq_num: z
    .number()
    .int()
    .min(0)
    .max(LIMITS.nightEpochs - 1, {
      message: `at most ${LIMITS.nightEpochs - 1}: the last epoch of a 24-hour night (${LIMITS.nightEpochs} epochs, Nocturne's longest night)`,
    }),
  inference_seq_num: z
    .number()
    .int()
    .min(0)
    .max(LIMITS.maxInferenceSeqNum, {
      message: `at most ${LIMITS.maxInferenceSeqNum}: the last 5-minute frame of a 24-hour night (Nocturne's longest night)`,
    }),
  sleep_stages: sleepStages,
  snoring_stages: snoringStages.nullish(),
  breath_stages: breathStages.nullish(),
  timestamp: instant.optional(),
  time_window: z.object({ start: text, end: text }).nullish(),
});

const sessionObject = z.object({
  id: id.optional(),
  state: text.optional(),
  start_time: instant,
  end_time: instant.nullish(),
  unexpected_end_time: instant.nullish(),
  created_timezone: timeZone.nullish(),
  /** The guide's flat SESSION_COMPLETE puts the zone here (the official body has it beside `session`). */
  timezone: timeZone.nullish(),
  sleep_stages: sleepStages,
  snoring_stages: snoringStages.nullish(),
  breath_stages: breathStages.nullish(),
});

const sessionCompletePayload = z.object({
  user_id: id,
  session_id: id.optional(),
  timezone: timeZone.nullish(),
  peculiarities: z.array(text).max(LIMITS.peculiarities, { message: `at most ${LIMITS.peculiarities} peculiarities` }).nullish(),
  missing_data_ratio: ratio,
  timestamp: instant.optional(),
  session: sessionObject,
  stat: asleepStatSchema.nullish(),
});

/** A validated INFERENCE_COMPLETE, in Nocturne's own names. */
export interface InferenceCompleteEvent {
  event: "INFERENCE_COMPLETE";
  userId: string;
  sessionId: string;
  seqNum: number;
  inferenceSeqNum: number;
  sleepStages: number[];
  snoringStages: number[] | null;
  breathStages: number[] | null;
  /** Flat shape only: when Asleep sent it. */
  timestamp: string | null;
}

/** A validated SESSION_COMPLETE, in Nocturne's own names. */
export interface SessionCompleteEvent {
  event: "SESSION_COMPLETE";
  userId: string;
  sessionId: string;
  /** IANA zone the times are expressed in: `timezone`, else `session.timezone` (flat), else `session.created_timezone`. */
  timezone: string | null;
  peculiarities: string[];
  missingDataRatio: number | null;
  startTime: string;
  endTime: string | null;
  unexpectedEndTime: string | null;
  sleepStages: number[];
  snoringStages: number[] | null;
  breathStages: number[] | null;
  /** Asleep's stat exactly as sent (empty object when absent). */
  stat: AsleepStat;
  timestamp: string | null;
}

export type AsleepEvent = InferenceCompleteEvent | SessionCompleteEvent;

/** One schema problem: a dotted path into the body and a message. */
export interface SchemaIssue {
  path: string;
  message: string;
}

export type ParseResult =
  | { kind: "event"; event: AsleepEvent }
  | { kind: "unknown-event"; eventName: string; userId: string | null; sessionId: string | null }
  | { kind: "invalid"; error: string; issues: SchemaIssue[] };

function toIssues(error: z.ZodError, prefix: string): SchemaIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
}

function invalid(error: string, issues: SchemaIssue[] = []): ParseResult {
  return { kind: "invalid", error, issues };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function optionalString(v: unknown): string | null {
  return typeof v === "string" && v.length > 0 ? v : null;
}

/**
 * Best-effort event name and ids of a body that may be invalid, for the audit
 * log and the log line. Never throws.
 */
export function peekIdentity(body: unknown): { event: string | null; sessionId: string | null } {
  if (!isRecord(body)) return { event: null, sessionId: null };
  const nested = body.data ?? body.callback_data;
  const payload = isRecord(nested) ? nested : body;
  const session = isRecord(payload.session) ? payload.session : {};
  return {
    event: optionalString(body.event ?? body.callback_event),
    sessionId: optionalString(payload.session_id) ?? optionalString(session.id),
  };
}

/**
 * Checks that relate fields of a SESSION_COMPLETE (each field alone already
 * passed the schema): the session cannot end before it starts, and a night of
 * 0 epochs cannot carry statistics. One issue per bad field.
 */
function impossibleNight(d: z.infer<typeof sessionCompletePayload>, sessionPath: string, statPath: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const start = Date.parse(d.session.start_time);
  for (const field of ["end_time", "unexpected_end_time"] as const) {
    const v = d.session[field];
    if (v && Date.parse(v) < start) issues.push({ path: `${sessionPath}.${field}`, message: `${v} is before session.start_time ${d.session.start_time}` });
  }
  if (d.session.sleep_stages.length === 0 && d.stat) {
    const given = Object.entries(d.stat).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0));
    if (given.length) {
      issues.push({
        path: `${sessionPath}.sleep_stages`,
        message: `a night of 0 epochs cannot have statistics, but ${statPath} has ${given.map(([k]) => k).join(", ")}`,
      });
    }
  }
  return issues;
}

/**
 * Validates a parsed JSON body in either shape and normalises it.
 * Never throws: problems come back as `{kind: "invalid"}` with paths into the body.
 */
export function parseAsleepDelivery(body: unknown): ParseResult {
  if (!isRecord(body)) return invalid("body must be a JSON object");
  const eventName = body.event ?? body.callback_event;
  if (typeof eventName !== "string" || eventName.length === 0) {
    return invalid("missing event", [{ path: "event", message: "required string" }]);
  }
  const version = body.version ?? body.callback_version;
  if (version !== undefined && version !== SUPPORTED_VERSION) {
    return invalid(`unsupported version ${JSON.stringify(version)}; Nocturne accepts ${SUPPORTED_VERSION}`, [
      { path: "version", message: `expected "${SUPPORTED_VERSION}"` },
    ]);
  }
  const nested = body.data ?? body.callback_data;
  const official = nested !== undefined;
  if (official && !isRecord(nested)) {
    return invalid("data must be an object", [{ path: "data", message: "expected object" }]);
  }
  const payload = official ? (nested as Record<string, unknown>) : body;
  const prefix = official ? (body.data !== undefined ? "data" : "callback_data") : "";

  if (!(KNOWN_EVENTS as readonly string[]).includes(eventName)) {
    return {
      kind: "unknown-event",
      eventName,
      userId: optionalString(payload.user_id),
      sessionId: optionalString(payload.session_id),
    };
  }
  const timestamp = optionalString(body.timestamp) ?? null;

  if (eventName === "INFERENCE_COMPLETE") {
    const r = inferencePayload.safeParse(payload);
    if (!r.success) return invalid("INFERENCE_COMPLETE does not match the schema", toIssues(r.error, prefix));
    const d = r.data;
    const at = (field: string) => [prefix, field].filter(Boolean).join(".");
    if (d.sleep_stages.length > d.seq_num + 1) {
      // A chunk covers epochs seq_num - length + 1 .. seq_num (../shared/asleep-webhooks.md): this one would start before the night.
      const message = `${d.sleep_stages.length} values cannot end at seq_num ${d.seq_num}: a chunk covers epochs seq_num - length + 1 .. seq_num, so at most seq_num + 1 = ${d.seq_num + 1} values`;
      return invalid("sleep_stages is longer than seq_num + 1", [
        { path: at("sleep_stages"), message },
        { path: at("seq_num"), message },
      ]);
    }
    if (d.snoring_stages && d.snoring_stages.length !== d.sleep_stages.length) {
      return invalid("snoring_stages and sleep_stages differ in length", [
        { path: at("snoring_stages"), message: "length must equal sleep_stages" },
      ]);
    }
    return {
      kind: "event",
      event: {
        event: "INFERENCE_COMPLETE",
        userId: d.user_id,
        sessionId: d.session_id,
        seqNum: d.seq_num,
        inferenceSeqNum: d.inference_seq_num,
        sleepStages: d.sleep_stages,
        snoringStages: d.snoring_stages ?? null,
        breathStages: d.breath_stages ?? null,
        timestamp: d.timestamp ?? timestamp,
      },
    };
  }

  const r = sessionCompletePayload.safeParse(payload);
  if (!r.success) return invalid("SESSION_COMPLETE does not match the schema", toIssues(r.error, prefix));
  const d = r.data;
  const sessionPath = [prefix, "session"].filter(Boolean).join(".");
  const sessionId = d.session.id ?? d.session_id;
  if (!sessionId) {
    return invalid("missing session id", [{ path: `${sessionPath}.id`, message: "required string" }]);
  }
  if (d.session.id && d.session_id && d.session.id !== d.session_id) {
    return invalid("session.id and session_id differ", [
      { path: `${sessionPath}.id`, message: `"${d.session.id}" differs from session_id "${d.session_id}"` },
    ]);
  }
  if (d.session.snoring_stages && d.session.snoring_stages.length !== d.session.sleep_stages.length) {
    return invalid("snoring_stages and sleep_stages differ in length", [
      { path: `${sessionPath}.snoring_stages`, message: "length must equal sleep_stages" },
    ]);
  }
  const impossible = impossibleNight(d, sessionPath, [prefix, "stat"].filter(Boolean).join("."));
  if (impossible.length) return invalid("SESSION_COMPLETE describes an impossible night", impossible);
  return {
    kind: "event",
    event: {
      event: "SESSION_COMPLETE",
      userId: d.user_id,
      sessionId,
      // Top-level `timezone` (official), else `session.timezone` (the guide's flat body), else the zone the session was created in.
      timezone: d.timezone ?? d.session.timezone ?? d.session.created_timezone ?? null,
      peculiarities: d.peculiarities ?? [],
      missingDataRatio: d.missing_data_ratio ?? null,
      startTime: d.session.start_time,
      endTime: d.session.end_time ?? null,
      unexpectedEndTime: d.session.unexpected_end_time ?? null,
      sleepStages: d.session.sleep_stages,
      snoringStages: d.session.snoring_stages ?? null,
      breathStages: d.session.breath_stages ?? null,
      stat: d.stat ?? {},
      timestamp: d.timestamp ?? timestamp,
    },
  };
}
