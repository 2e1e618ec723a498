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

/** The dating rule, in words, for the pages that list or title nights. */
export const NIGHT_DATE_RULE =
  "Nights are dated by their evening: sleep that starts before 06:00 belongs to the previous day's night, unless it lasts past noon (a day sleep), which is dated by the day it starts.";

const NIGHT_DATE_SHIFT_MS = 6 * 3600 * 1000;

/**
 * Whether a session that starts before 06:00 local time ends after noon of
 * that day: a day sleep (04:57-12:57), dated by the day it starts.
 */
export function isDaySleep(
  start: string | number | Date,
  end: string | number | Date | null | undefined,
  timeZone?: string | null,
): boolean {
  if (end === null || end === undefined) return false;
  const s = toDate(start).getTime();
  const e = toDate(end).getTime();
  if (!Number.isFinite(s) || !Number.isFinite(e)) return false;
  const minute = localMinuteOfDay(s, resolveTimeZone(timeZone));
  return minute < 360 && e > s + (720 - minute) * 60_000;
}

/**
 * An instant on the date a session is dated by ({@link NIGHT_DATE_RULE}):
 * 00:17 on the 23rd is the night of the 22nd; 04:57-12:57 on the 2nd is the
 * 2nd. Null for an unreadable instant.
 */
function nightAnchor(at: string | number | Date, timeZone: string, end?: string | number | Date | null): Date | null {
  const d = toDate(at);
  if (Number.isNaN(d.getTime())) return null;
  if (localMinuteOfDay(d.getTime(), timeZone) >= 360 || isDaySleep(d, end, timeZone)) return d;
  return new Date(d.getTime() - NIGHT_DATE_SHIFT_MS);
}

/** A night's date (see {@link nightAnchor}) in `tz`, with the given fields; "—" for an invalid instant. */
function formatNightAnchor(
  at: string | number | Date,
  timeZone: string | null | undefined,
  end: string | number | Date | null | undefined,
  fields: Intl.DateTimeFormatOptions,
): string {
  const tz = resolveTimeZone(timeZone);
  const d = nightAnchor(at, tz, end);
  return d ? formatter(tz, fields).format(d) : MISSING;
}

/** The date of the night a session starting at `at` (and ending at `end`, when known) belongs to, "Tue, 14 Jan 2025", in a time zone. */
export function formatNightDate(
  at: string | number | Date,
  timeZone?: string | null,
  end?: string | number | Date | null,
): string {
  return formatNightAnchor(at, timeZone, end, { weekday: "short", day: "numeric", month: "short", year: "numeric" });
}

/** The night's date, short ("14 Jan"), for chart axes; same rule as {@link formatNightDate}. */
export function formatShortNightDate(
  at: string | number | Date,
  timeZone?: string | null,
  end?: string | number | Date | null,
): string {
  return formatNightAnchor(at, timeZone, end, { day: "numeric", month: "short" });
}

/**
 * The night's date as a day on a date axis: Unix ms of that date's midnight
 * in UTC (so consecutive nights are exactly 86,400,000 apart whatever the
 * zone). Same rule as {@link formatNightDate}; NaN for an unreadable instant.
 */
export function nightDateKey(
  at: string | number | Date,
  timeZone?: string | null,
  end?: string | number | Date | null,
): number {
  const tz = resolveTimeZone(timeZone);
  const d = nightAnchor(at, tz, end);
  if (!d) return Number.NaN;
  const parts = formatter(tz, { year: "numeric", month: "numeric", day: "numeric" }).formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get("year"), get("month") - 1, get("day"));
}

/** A night's title: "Night of Tue, 1 Dec 2026", or "Day sleep of Wed, 2 Dec 2026" ({@link isDaySleep}). */
export function formatNightTitle(
  at: string | number | Date,
  timeZone?: string | null,
  end?: string | number | Date | null,
): string {
  return `${isDaySleep(at, end, timeZone) ? "Day sleep" : "Night"} of ${formatNightDate(at, timeZone, end)}`;
}

/**
 * A night's span: "23:05–07:10", or with weekdays and dates when it lasts 18
 * hours or more ("20:00 Mon 30 Nov – 20:00 Tue 1 Dec"), so a 24-hour night's
 * header is not "20:00–20:00". Ambiguous wall-clock times carry the zone's
 * abbreviation.
 */
export function formatNightSpan(
  start: string | number | Date,
  end: string | number | Date | null | undefined,
  timeZone?: string | null,
): string {
  const tz = resolveTimeZone(timeZone);
  const clock = (at: string | number | Date) => formatClockTime(at, tz, { offsetIfAmbiguous: true });
  if (end === null || end === undefined) return `${clock(start)}–?`;
  const long = toDate(end).getTime() - toDate(start).getTime() >= 18 * 3600_000;
  if (!long) return `${clock(start)}–${clock(end)}`;
  const day = (at: string | number | Date) =>
    formatter(tz, { weekday: "short", day: "numeric", month: "short" }).format(toDate(at)).replace(",", "");
  return `${clock(start)} ${day(start)} – ${clock(end)} ${day(end)}`;
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

/**
 * The browser notification shown when a watched night's report is stored
 * while the tab is in the background: title "Your sleep report is ready",
 * body "7 h 33 min asleep, 94% efficiency" (efficiency to the whole percent,
 * short enough for a notification; "—" parts when unknown).
 */
export function formatReportNotification(summary: { totalSleepTime: number | null; sleepEfficiency: number | null }): {
  title: string;
  body: string;
} {
  return {
    title: "Your sleep report is ready",
    body: `${formatDuration(summary.totalSleepTime)} asleep, ${formatPercent(summary.sleepEfficiency, 0)} efficiency`,
  };
}
