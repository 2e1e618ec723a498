/**
 * How sleep numbers and times read in the UI. Pure and isomorphic; the locale
 * is fixed ("en-GB", 24-hour clock) so the server and the browser render the
 * same text and hydration never disagrees.
 */

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
 * A duration in seconds as "7 h 12 min", "45 min", "8 h" (whole hours),
 * "< 1 min" (under half a minute but not zero) or "0 min"; rounded to the minute.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return MISSING;
  const totalMinutes = Math.round(Math.abs(seconds) / 60);
  const sign = seconds < 0 && totalMinutes > 0 ? "-" : "";
  if (totalMinutes === 0) return seconds === 0 ? "0 min" : "< 1 min";
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  if (h === 0) return `${sign}${m} min`;
  return m === 0 ? `${sign}${h} h` : `${sign}${h} h ${m} min`;
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

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

function toDate(at: string | number | Date): Date {
  return at instanceof Date ? at : new Date(at);
}

/** Wall-clock time "23:05" in a time zone (unknown zones fall back to UTC). */
export function formatClockTime(at: string | number | Date, timeZone?: string | null): string {
  const d = toDate(at);
  if (Number.isNaN(d.getTime())) return MISSING;
  return formatter(resolveTimeZone(timeZone), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
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
