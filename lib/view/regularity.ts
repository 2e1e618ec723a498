/**
 * Regularity for pages and the JSON API: stored nights (hypnograms) into
 * lib/sleep/regularity.ts's inputs, each dated by the night-date rule in its
 * own zone (lib/view/format.ts). Pure, isomorphic.
 */
import { summariseRegularity, type RegularityNight, type RegularitySummary } from "../sleep/regularity";
import type { NightStagesRow } from "../store/read-model";

import { formatDuration, nightDateKey, resolveTimeZone } from "./format";

/** Nights regularity is read over by default (the user page and the API's default). */
export const DEFAULT_REGULARITY_NIGHTS = 14;

/** Stored nights as regularity inputs. */
export function toRegularityNights(rows: readonly NightStagesRow[]): RegularityNight[] {
  return rows.map((r) => {
    const timeZone = resolveTimeZone(r.timezone);
    return {
      startMs: Date.parse(r.startTime),
      sleepStages: r.sleepStages,
      timeZone,
      nightDate: nightDateKey(r.startTime, timeZone, r.endTime),
    };
  });
}

/** Regularity over the newest `nights` nights with enough data among `rows` (lib/sleep/regularity.ts summariseRegularity). */
export function regularityOf(rows: readonly NightStagesRow[], nights: number): RegularitySummary {
  return summariseRegularity(toRegularityNights(rows), { limit: nights });
}

/** A spread in minutes as text ("± 24 min", "± 1 h 5 min"); "—" when undefined. */
export function formatSpreadMinutes(minutes: number | null): string {
  return minutes === null ? "—" : `± ${formatDuration(Math.round(minutes) * 60)}`;
}
