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
 */
import { z } from "zod";

/** Event names Nocturne stores. Any other name is acknowledged and ignored. */
export const KNOWN_EVENTS = ["INFERENCE_COMPLETE", "SESSION_COMPLETE"] as const;
export type KnownEvent = (typeof KNOWN_EVENTS)[number];
export const SUPPORTED_VERSION = "V3";

/** Longest array accepted: 48 hours of 30-second epochs. */
const MAX_EPOCHS = 5760;

const id = z.string().trim().min(1).max(200);
const sleepStages = z.array(z.number().int().min(-1).max(3)).max(MAX_EPOCHS);
const snoringStages = z.array(z.number().int().min(-1).max(1)).max(MAX_EPOCHS);
const breathStages = z.array(z.number()).max(MAX_EPOCHS);
const instant = z.iso.datetime({ offset: true });
const num = z.number().finite().nullish();
const int = z.number().int().nullish();

/** The `stat` object; every field may be missing (they depend on the plan). */
export const asleepStatSchema = z.looseObject({
  sleep_time: z.string().nullish(),
  wake_time: z.string().nullish(),
  sleep_latency: int,
  wakeup_latency: int,
  time_in_bed: int,
  time_in_sleep_period: int,
  time_in_sleep: int,
  time_in_wake: int,
  time_in_light: int,
  time_in_deep: int,
  time_in_rem: int,
  time_in_snoring: int,
  time_in_no_snoring: int,
  longest_waso: int,
  light_latency: int,
  deep_latency: int,
  rem_latency: int,
  sleep_ratio: num,
  wake_ratio: num,
  light_ratio: num,
  deep_ratio: num,
  rem_ratio: num,
  snoring_ratio: num,
  no_snoring_ratio: num,
  sleep_efficiency: z.number().min(0).max(100).nullish(),
  waso_count: int,
  sleep_cycle_count: int,
  snoring_count: int,
  sleep_index: z.number().min(0).max(100).nullish(),
  sleep_cycle: z
    .array(
      z.looseObject({
        index: z.number().int().optional(),
        order: z.number().int().optional(),
        start_time: z.string(),
        end_time: z.string(),
      }),
    )
    .nullish(),
});
export type AsleepStat = z.infer<typeof asleepStatSchema>;

const inferencePayload = z.object({
  user_id: id,
  session_id: id,
  seq_num: z.number().int().min(0),
  inference_seq_num: z.number().int().min(0).max(32000),
  sleep_stages: sleepStages,
  snoring_stages: snoringStages.nullish(),
  breath_stages: breathStages.nullish(),
  timestamp: instant.optional(),
  time_window: z.object({ start: z.string(), end: z.string() }).nullish(),
});

const sessionObject = z.object({
  id: id.optional(),
  state: z.string().optional(),
  start_time: instant,
  end_time: instant.nullish(),
  unexpected_end_time: instant.nullish(),
  created_timezone: z.string().nullish(),
  /** The guide's flat SESSION_COMPLETE puts the zone here (the official body has it beside `session`). */
  timezone: z.string().nullish(),
  sleep_stages: sleepStages,
  snoring_stages: snoringStages.nullish(),
  breath_stages: breathStages.nullish(),
});

const sessionCompletePayload = z.object({
  user_id: id,
  session_id: id.optional(),
  timezone: z.string().nullish(),
  peculiarities: z.array(z.string()).nullish(),
  missing_data_ratio: z.number().min(0).max(1).nullish(),
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
