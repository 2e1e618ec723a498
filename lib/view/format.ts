/**
 * How sleep numbers and times read in the UI. Pure and isomorphic; the locale
 * is fixed ("en-GB", 24-hour clock) so the server and the browser render the
 * same text and hydration never disagrees.
 */

import { timeZoneOffsetMinutes } from "../sleep/time-zone";

const LOCALE = "en-GB";
/** Shown where a value is unknown. */
export const MISSING = "—";

/** `tz` if the runtime knows it as an IANA time zone, else "UTC". */
export function resolveTimeZone(tz: string | null | undefined): string {
  if (!tz) return "UTC";
  try {
    new Intl.DateTimeFormat(LOCALE, { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

/**
 * A duration in seconds, by one rounding rule: under a minute in whole seconds
 * ("30 s"; zero is "0 min"), else rounded to the minute ("45 min", "7 h 12 min",
 * "8 h" on whole hours). "—" when unknown.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return MISSING;
  const abs = Math.abs(seconds);
  if (seconds === 0) return "0 min";
  if (abs < 59.5) {
    const s = Math.round(abs);
    return `${seconds < 0 && s > 0 ? "-" : ""}${s} s`;
  }
  const totalMinutes = Math.round(abs / 60);
  const sign = seconds < 0 ? "-" : "";
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  if (h === 0) return `${sign}${m} min`;
  return m === 0 ? `${sign}${h} h` : `${sign}${h} h ${m} min`;
}

/**
 * Rounds the parts of a total so that, written with {@link formatDuration},
 * they add up to the written total. Parts under a minute keep their exact
 * seconds; the others are rounded to whole minutes by the largest-remainder
 * method, so their minutes sum to their own sum rounded (3 x 20.5 min reads
 * 21 + 21 + 20 = 62 min, not 63).
 * @param parts non-negative seconds, e.g. light, deep and REM of a night
 * @returns seconds to display per part, in the same order
 */
export function apportionDurations(parts: readonly number[]): number[] {
  const small = parts.map((p) => p < 59.5);
  const bigSum = parts.reduce((a, p, i) => a + (small[i] ? 0 : p), 0);
  const target = Math.round(bigSum / 60);
  const floors = parts.map((p, i) => (small[i] ? 0 : Math.floor(p / 60)));
  let left = target - floors.reduce((a, b) => a + b, 0);
  const order = parts
    .map((p, i) => ({ i, rem: small[i] ? -1 : p / 60 - Math.floor(p / 60) }))
    .filter((x) => x.rem >= 0)
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left--;
  }
  return parts.map((p, i) => (small[i] ? Math.round(p) : floors[i]! * 60));
}

/** A percent value (already 0-100) as "88.2%" with `digits` decimals. */
export function formatPercent(percent: number | null | undefined, digits = 1): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return MISSING;
  return `${percent.toFixed(digits)}%`;
}

/** A count as text, "—" when unknown. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? MISSING : String(Math.round(n));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter; `zone` may end in "|en-US" for zone abbreviations, which en-GB spells as offsets. */
function formatter(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    const [timeZone, locale = LOCALE] = zone.split("|");
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

function toDate(at: string | number | Date): Date {
  return at instanceof Date ? at : new Date(at);
}

/** Options of {@link formatClockTime}. */
export interface ClockOptions {
  /** Write seconds ("23:01:30"): for short nights and exact epoch times. */
  seconds?: boolean;
  /** Append the zone's abbreviation ("01:30 EDT") when the wall-clock time occurs twice that day (DST fall-back). */
  offsetIfAmbiguous?: boolean;
}

/**
 * Wall-clock time "23:05" in a time zone (unknown zones fall back to UTC);
 * "23:05:30" with `seconds`; "01:30 EDT" / "01:30 EST" with
 * `offsetIfAmbiguous` inside a repeated hour.
 */
export function formatClockTime(
  at: string | number | Date,
  timeZone?: string | null,
  options: ClockOptions = {},
): string {
  const d = toDate(at);
  if (Number.isNaN(d.getTime())) return MISSING;
  const tz = resolveTimeZone(timeZone);
  const text = formatter(tz, {
    hour: "2-digit",
    minute: "2-digit",
    ...(options.seconds ? { second: "2-digit" } : {}),
    hourCycle: "h23",
  }).format(d);
  return options.offsetIfAmbiguous && isAmbiguousWallTime(d.getTime(), tz)
    ? `${text} ${zoneAbbreviation(d, tz)}`
    : text;
}

/**
 * Whether the wall-clock time at instant `ms` in `timeZone` also occurs at
 * another instant (the repeated hour when clocks go back). Compares the
 * offset with the offsets two hours either side: every DST change is at most
 * two hours long.
 */
export function isAmbiguousWallTime(ms: number, timeZone: string): boolean {
  const tz = resolveTimeZone(timeZone);
  const offset = timeZoneOffsetMinutes(ms, tz);
  for (const probe of [ms - 2 * 3600_000, ms + 2 * 3600_000]) {
    const other = timeZoneOffsetMinutes(probe, tz);
    if (other === offset) continue;
    const twin = ms + (offset - other) * 60_000;
    if (twin !== ms && timeZoneOffsetMinutes(twin, tz) === other) return true;
  }
  return false;
}

/** The zone's short name at an instant ("EDT", "CET", else "GMT+1"). */
export function zoneAbbreviation(at: Date | number, timeZone: string): string {
  const parts = formatter(`${resolveTimeZone(timeZone)}|en-US`, { timeZoneName: "short" }).formatToParts(toDate(at));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/**
 * A night is dated by its evening: a session that starts before 06:00 local
 * time belongs to the previous day's night (00:17 on the 23rd is the night of
 * the 22nd), so nights sort and label without duplicate dates.
 */
const NIGHT_DATE_SHIFT_MS = 6 * 3600 * 1000;

function nightAnchor(at: string | number | Date): Date {
  return new Date(toDate(at).getTime() - NIGHT_DATE_SHIFT_MS);
}

/** The date of the night a session starting at `at` belongs to, "Tue, 14 Jan 2025", in a time zone. */
export function formatNightDate(at: string | number | Date, timeZone?: string | null): string {
  const d = nightAnchor(at);
  if (Number.isNaN(d.getTime())) return MISSING;
  return formatter(resolveTimeZone(timeZone), {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(d);
}

/** The night's date, short ("14 Jan"), for chart axes; same rule as {@link formatNightDate}. */
export function formatShortNightDate(at: string | number | Date, timeZone?: string | null): string {
  const d = nightAnchor(at);
  if (Number.isNaN(d.getTime())) return MISSING;
  return formatter(resolveTimeZone(timeZone), { day: "numeric", month: "short" }).format(d);
}

/** Minutes since local midnight of an instant in a time zone (0-1439). */
export function localMinuteOfDay(at: number, timeZone: string): number {
  const parts = formatter(resolveTimeZone(timeZone), {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(at));
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  return hour * 60 + minute;
}

/** Text of the toast shown when a watched night's report is stored. */
export function formatReportReady(summary: { totalSleepTime: number | null; sleepEfficiency: number | null }): string {
  return `Report ready: ${formatDuration(summary.totalSleepTime)} asleep, ${formatPercent(summary.sleepEfficiency)} efficiency`;
}
