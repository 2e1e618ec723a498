/**
 * Instants and wall-clock times in an IANA time zone, as the simulator and the
 * webhook bodies it builds need them. Pure and isomorphic (Intl only); how
 * times read in the UI is in ./format.ts.
 */

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

/**
 * The instant (Unix ms) at which the wall clock in `tz` reads `wallMs` (that
 * wall-clock time written as if it were UTC, in ms).
 */
export function zonedWallTimeToUtc(wallMs: number, tz: string): number {
  const guess = wallMs - timeZoneOffsetMinutes(wallMs, tz) * 60_000;
  return wallMs - timeZoneOffsetMinutes(guess, tz) * 60_000;
}
