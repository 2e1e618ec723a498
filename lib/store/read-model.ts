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
  lastSeenAt: string;
  /** The newest LIVE session's id, null when none is live. */
  liveSessionId: string | null;
  lastNight: SleepSessionSummary | null;
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

