/**
 * What the read queries return (lib/store/queries.ts): plain, serialisable
 * shapes (ISO 8601 times, seconds, percent) that pages, JSON routes and client
 * components share. Types only: importing this pulls no database code.
 */
import type { AsleepStat } from "../asleep/webhook-schema";
import type { SleepStatistics } from "../sleep/statistics";

/**
 * A LIVE night with no analysis for this long (seconds) is shown as INCOMPLETE:
 * Asleep sends one every 5 minutes (40 on some set-ups), so an hour of silence
 * means the recording stopped without a SESSION_COMPLETE. Stored state is
 * untouched: a later delivery makes the night live again or completes it.
 */
export const LIVE_STALE_AFTER_SECONDS = 3600;

/** What a night is, as shown: LIVE (analyses arriving), INCOMPLETE (they stopped, no report) or COMPLETE. */
export type NightState = "LIVE" | "INCOMPLETE" | "COMPLETE";

/** `GET /api/sessions/:id`: one night with its hypnogram, Asleep's stat and computed statistics. */
export interface SleepSessionView {
  id: string;
  userId: string;
  state: NightState;
  startTime: string;
  startTimeEstimated: boolean;
  endTime: string | null;
  timezone: string | null;
  epochSeconds: number;
  sleepStages: number[];
  snoringStages: number[];
  /** Asleep's stat as sent; null until SESSION_COMPLETE. */
  stat: AsleepStat | null;
  /** Sleep efficiency from `stat`, in percent, with the unit Asleep sent it in. */
  sleepEfficiencyPercent: number | null;
  computed: SleepStatistics;
  peculiarities: string[];
  missingDataRatio: number | null;
  /** Sleep cycles as Asleep sent them (ISO times); empty when not sent. */
  sleepCycles: Array<{ index: number; startTime: string; endTime: string }>;
  updatedAt: string;
}

/** One row of a user's history (summary only, no stage arrays). Seconds and percent. */
export interface SleepSessionSummary {
  id: string;
  state: NightState;
  startTime: string;
  endTime: string | null;
  timezone: string | null;
  timeInBed: number | null;
  totalSleepTime: number | null;
  sleepEfficiency: number | null;
  sleepOnsetLatency: number | null;
  wasoCount: number | null;
}

export interface SessionPage {
  sessions: SleepSessionSummary[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** One row of the operator's user list: live flag and the latest completed night (summary only). */
export interface UserOverview {
  userId: string;
  /** The name the operator set (User.displayName); null: none. */
  displayName: string | null;
  lastSeenAt: string;
  /** Nights (SleepSession rows) of the user, live and incomplete ones included. */
  nights: number;
  /** The newest LIVE session's id, null when none is live. */
  liveSessionId: string | null;
  lastNight: SleepSessionSummary | null;
}

/** How the operator's overview orders users: last seen (newest first), name (A-Z: display name, else id), last night's sleep efficiency (highest first; users without one last). */
export type UserSort = "lastSeen" | "name" | "efficiency";
export const USER_SORTS: readonly UserSort[] = ["lastSeen", "name", "efficiency"];

/** One page of the operator's overview. */
export interface UserOverviewPage {
  users: UserOverview[];
  /** Users matching the search, on every page. */
  total: number;
}

/** A night's summary columns as the trend query returns them. */
export interface NightTrendRow {
  id: string;
  startTime: string;
  endTime: string | null;
  timezone: string | null;
  timeInBed: number | null;
  /** Asleep's peculiarities from the report (NEVER_SLEPT, TOO_SHORT_FOR_ANALYSIS...). */
  peculiarities: string[];
  /** Asleep's `missing_data_ratio` (0-1) from the report; null when not sent. */
  missingDataRatio: number | null;
  totalSleepTime: number | null;
  sleepEfficiency: number | null;
  sleepOnsetLatency: number | null;
  /** WASO in seconds: the report's `time_in_wake`, else computed from the hypnogram. */
  waso: number | null;
  /** Seconds in deep sleep: the report's `time_in_deep`, else computed. */
  timeInDeep: number | null;
  /** Seconds in REM sleep: the report's `time_in_rem`, else computed. */
  timeInRem: number | null;
  /** Seconds of snoring: the report's `time_in_snoring`, else computed from the snoring track; null without either. */
  timeInSnoring: number | null;
}

/** One live night as the database has it: the assembled stages at `version`. */
export interface LiveNightState {
  sessionId: string;
  startTime: string;
  version: number;
  sleepStages: number[];
  snoringStages: number[];
  statistics: SleepStatistics;
}

/** A neighbouring night, as the report's previous/next links need it. */
export interface AdjacentNight {
  id: string;
  startTime: string;
  endTime: string | null;
  timezone: string | null;
}

/** A night in a date range (the month calendar): the trend row's summary columns plus its shown state. */
export type NightRangeRow = Omit<NightTrendRow, "waso" | "timeInDeep" | "timeInRem" | "timeInSnoring"> & { state: NightState };

/** A COMPLETE night's hypnogram, for regularity (lib/sleep/regularity.ts). */
export interface NightStagesRow {
  id: string;
  startTime: string;
  endTime: string | null;
  timezone: string | null;
  /** Stage code per 30-second epoch. */
  sleepStages: number[];
}

/** How a delivery came in (WebhookDelivery.source). */
export type DeliveryLogSource = "webhook" | "replay" | "reconcile";

/** One row of the delivery log as the list shows it (lib/store/delivery-log.ts); no body, no headers. */
export interface DeliveryLogEntry {
  id: number;
  /** ISO 8601, UTC. */
  receivedAt: string;
  event: string;
  userId: string | null;
  sessionId: string | null;
  /** "accepted" | "duplicate" | "late" | "ignored" | "rejected" | "failed". */
  outcome: string;
  httpStatus: number;
  error: string | null;
  source: DeliveryLogSource;
  replayOf: number | null;
  /** Milliseconds from receipt until the row was planned in its write batch; null for rows from before it was recorded. */
  durationMs: number | null;
}

/** One page of the log, newest first, with the cursors of its neighbours. */
export interface DeliveryLogPage {
  entries: DeliveryLogEntry[];
  /** Pass as `before` for the next older page; null when this is the oldest. */
  older: number | null;
  /** Pass as `after` for the next newer page; null when this is the newest. */
  newer: number | null;
}

/** What an accepted delivery changed. */
export type DeliveryChange =
  | { kind: "chunk"; sessionId: string; inferenceSeqNum: number; startEpoch: number; endEpoch: number }
  | { kind: "report"; sessionId: string }
  | { kind: "nothing"; reason: string };

/** One delivery with everything the detail page shows. */
export interface DeliveryDetail extends DeliveryLogEntry {
  /** The request headers as stored (no credentials); null when not recorded. */
  headers: Record<string, string> | null;
  /** The stored body (at most 64 KiB); null when pruned. */
  body: string | null;
  /** Whether the stored body was cut at 64 KiB. */
  bodyTruncated: boolean;
  dedupeKey: string | null;
  change: DeliveryChange;
  /** Rows that replay this one, oldest first. */
  replays: DeliveryLogEntry[];
  /** The row this one replays. */
  original: DeliveryLogEntry | null;
}

/** The delivery health of the last hour (the overview's strip): Asleep's own deliveries (source "webhook"). */
export interface DeliveryHealthCounts {
  /** ISO 8601 of the moment the counts were taken. */
  now: string;
  /** Deliveries received in the last hour, by outcome. */
  lastHour: Record<string, number>;
  /** Deliveries answered 5xx in the last 15 minutes. */
  serverErrors15m: number;
  /** ISO 8601 of the newest delivery of any age; null when none. */
  lastDeliveryAt: string | null;
}

/** The expiries the settings page offers for a viewer link, in days. */
export const VIEWER_LINK_DAYS = [1, 7, 30, 90] as const;
/** Longest lifetime a viewer link may have (the CLI's `--days` bound), in days. */
export const MAX_VIEWER_LINK_DAYS = 3650;
/** Longest viewer-link label, in characters. */
export const MAX_LINK_LABEL = 80;

/** One viewer link (ViewerLink row) as the settings page lists it; instants as ISO 8601 UTC. */
export interface ViewerLinkView {
  id: string;
  userId: string;
  label: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** When the link was last opened (exchanged for a session cookie); null: never. */
  lastUsedAt: string | null;
}
