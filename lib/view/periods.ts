/**
 * Calendar periods of nights and the comparisons a sleeper reads on their
 * page: the trend window (7, 30 or 90 nights, calendar weeks, calendar
 * months), the averages of a week or a month, "this week vs last week",
 * "this month vs last month", and how one night compares with the user's own
 * average of the nights before it. Pure, isomorphic.
 *
 * Days: a night's date is its evening (NIGHT_DATE_RULE, nightDateKey) in the
 * night's own time zone, kept as the Unix ms of that date's midnight in UTC,
 * so one day is always 86,400,000 ms. Weeks are ISO 8601 weeks, Monday to
 * Sunday, by that date (the night of Sunday 6 Dec belongs to the week of
 * Monday 30 Nov even when it ends on Monday morning). Months are calendar
 * months by that date.
 *
 * Nights without measurable sleep (trendExclusion) count in no average.
 */
import { z } from "zod";

import type { NightTrendRow } from "../store/read-model";

import { formatDuration, formatPercent, localMinuteOfDay, nightDateKey, resolveTimeZone } from "./format";
import { sharePercent, toChartUnit, TREND_METRICS, trendExclusion, type TrendMetric, type TrendPoint } from "./trends";

const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

/** The `trend` search parameter of the user page. */
export type TrendWindow = "7" | "30" | "90" | "weeks" | "months";

/** The window choices in the order of the segmented control. */
export const TREND_WINDOWS: ReadonlyArray<{ value: TrendWindow; label: string; heading: string }> = [
  { value: "7", label: "7 nights", heading: "Last 7 nights" },
  { value: "30", label: "30 nights", heading: "Last 30 nights" },
  { value: "90", label: "90 nights", heading: "Last 90 nights" },
  { value: "weeks", label: "Weeks", heading: "Last 12 weeks" },
  { value: "months", label: "Months", heading: "Last 12 months" },
];

/** How many calendar weeks or months the "weeks" and "months" windows show. */
export const CALENDAR_WINDOW_PERIODS = 12;

/** The window a `trend` search parameter names; anything else (missing, "14", an array) is the default, 30 nights. */
export function parseTrendWindow(value: unknown): TrendWindow {
  return TREND_WINDOWS.some((w) => w.value === value) ? (value as TrendWindow) : "30";
}

export type PeriodKind = "week" | "month";

/** The night date (UTC-midnight ms, see the module comment) a trend row belongs to. */
export function nightDay(row: Pick<NightTrendRow, "startTime" | "endTime" | "timezone">): number {
  return nightDateKey(row.startTime, row.timezone, row.endTime);
}

/** The first day of the ISO week (its Monday) or calendar month holding `day` (UTC-midnight ms). */
export function periodStart(day: number, kind: PeriodKind): number {
  const d = new Date(day);
  if (kind === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const fromMonday = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - fromMonday);
}

/** The last day (inclusive) of the period starting at `start`: its Sunday, or the month's last day. */
export function periodEnd(start: number, kind: PeriodKind): number {
  const d = new Date(start);
  if (kind === "week") return start + 6 * DAY_MS;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY_MS;
}

/** The start of the period `steps` periods before (negative: after) the one starting at `start`. */
export function shiftPeriod(start: number, kind: PeriodKind, steps: number): number {
  const d = new Date(start);
  if (kind === "week") return start - steps * 7 * DAY_MS;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - steps, 1);
}

const dayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const dayMonthYear = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const monthYear = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** "30 Nov – 6 Dec 2026" for a week, "December 2026" for a month. */
export function periodLabel(start: number, kind: PeriodKind): string {
  if (kind === "month") return monthYear.format(new Date(start));
  return `${dayMonth.format(new Date(start))} – ${dayMonthYear.format(new Date(periodEnd(start, kind)))}`;
}

/** A date as "YYYY-MM-DD" (UTC-midnight ms in, as the range report's `from` and `to` take it). */
export function isoDate(day: number): string {
  return new Date(day).toISOString().slice(0, 10);
}

/** Today's night date in a zone: nightDateKey of `now` (before 06:00 it is still yesterday's night). */
export function todayNightDay(now: number, timeZone: string | null): number {
  return nightDateKey(now, resolveTimeZone(timeZone));
}

/** The measures compared between periods and against a user's average. */
export type CompareKey =
  | "totalSleepTime"
  | "sleepEfficiency"
  | "sleepOnsetLatency"
  | "waso"
  | "timeInDeep"
  | "timeInRem"
  | "bedtime"
  | "wakeTime";

/**
 * Each measure's name, kind and better direction: "more" (more sleep is
 * better), "less" (a shorter latency or less wake is better), or null when
 * neither is (an earlier or later bedtime is not better in itself; keeping it
 * regular is).
 */
export const COMPARE_MEASURES: ReadonlyArray<{
  key: CompareKey;
  label: string;
  kind: "duration" | "percent" | "clock";
  better: "more" | "less" | null;
}> = [
  { key: "totalSleepTime", label: "Total sleep time", kind: "duration", better: "more" },
  { key: "sleepEfficiency", label: "Sleep efficiency", kind: "percent", better: "more" },
  { key: "sleepOnsetLatency", label: "Sleep onset latency", kind: "duration", better: "less" },
  { key: "waso", label: "WASO", kind: "duration", better: "less" },
  { key: "timeInDeep", label: "Deep sleep", kind: "duration", better: "more" },
  { key: "timeInRem", label: "REM sleep", kind: "duration", better: "more" },
  { key: "bedtime", label: "Bedtime", kind: "clock", better: null },
  { key: "wakeTime", label: "Wake time", kind: "clock", better: null },
];

export type Measures = Record<CompareKey, number | null>;

/**
 * One night's measures: durations in seconds, efficiency in percent, bedtime
 * (the recording's start) and wake time (its end) in minutes after local
 * midnight (0-1439) in the night's zone.
 */
export function nightMeasures(row: NightTrendRow): Measures {
  const tz = resolveTimeZone(row.timezone);
  const clock = (iso: string | null) => {
    const ms = iso === null ? Number.NaN : Date.parse(iso);
    return Number.isFinite(ms) ? localMinuteOfDay(ms, tz) : null;
  };
  return {
    totalSleepTime: row.totalSleepTime,
    sleepEfficiency: row.sleepEfficiency,
    sleepOnsetLatency: row.sleepOnsetLatency,
    waso: row.waso,
    timeInDeep: row.timeInDeep,
    timeInRem: row.timeInRem,
    bedtime: clock(row.startTime),
    wakeTime: clock(row.endTime),
  };
}

/**
 * The mean clock time of minutes after midnight, on the 24-hour circle (so
 * 23:00 and 01:00 average to 00:00, not 12:00): the direction of the mean of
 * the unit vectors, rounded to the minute (0-1439). Null for no times, or when
 * they cancel out (23:00 and 11:00), where no mean clock time exists.
 */
export function meanClockMinutes(minutes: readonly number[]): number | null {
  if (minutes.length === 0) return null;
  let x = 0;
  let y = 0;
  for (const m of minutes) {
    const a = (m / MINUTES_PER_DAY) * 2 * Math.PI;
    x += Math.cos(a);
    y += Math.sin(a);
  }
  if (Math.hypot(x, y) / minutes.length < 1e-6) return null;
  const mean = (Math.atan2(y, x) / (2 * Math.PI)) * MINUTES_PER_DAY;
  return Math.round((mean + MINUTES_PER_DAY) % MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/** `a - b` for clock minutes, the short way round the clock: -720 < result <= 720 (23:50 - 00:10 is -20). */
export function clockDifference(a: number, b: number): number {
  const d = (((a - b) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return d > 720 ? d - MINUTES_PER_DAY : d;
}

/** "23:05" for minutes after midnight. */
export function formatClockMinutes(minutes: number | null): string {
  if (minutes === null) return "—";
  const m = ((Math.round(minutes) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** Averages over the nights that count; `nights` is how many did. */
export interface PeriodAverages {
  nights: number;
  values: Measures;
  /** Mean snoring time in seconds over the counted nights that have a snoring value. */
  timeInSnoring: number | null;
}

/**
 * The average of each measure over the nights with measurable sleep (a
 * night without a value for one measure counts only in the others):
 * arithmetic means of seconds and percent, clock times by
 * {@link meanClockMinutes}.
 */
export function averageNights(rows: readonly NightTrendRow[]): PeriodAverages {
  const countedRows = rows.filter((r) => trendExclusion(r) === null);
  const counted = countedRows.map(nightMeasures);
  const snoring = countedRows.map((r) => r.timeInSnoring).filter((v): v is number => v !== null);
  const values = {} as Measures;
  for (const { key, kind } of COMPARE_MEASURES) {
    const xs = counted.map((m) => m[key]).filter((v): v is number => v !== null && Number.isFinite(v));
    values[key] =
      kind === "clock" ? meanClockMinutes(xs) : xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
  }
  return {
    nights: counted.length,
    values,
    timeInSnoring: snoring.length === 0 ? null : snoring.reduce((a, b) => a + b, 0) / snoring.length,
  };
}

/** One calendar week or month of nights with its averages. */
export interface NightPeriod {
  kind: PeriodKind;
  /** First and last day (UTC-midnight ms, inclusive). */
  start: number;
  end: number;
  label: string;
  /** Every night dated in the period, newest first, left-out ones included. */
  rows: NightTrendRow[];
  averages: PeriodAverages;
  /** Deep and REM sleep as percent of total sleep time, of the averages. */
  deepShare: number | null;
  remShare: number | null;
}

function toPeriod(start: number, kind: PeriodKind, rows: NightTrendRow[]): NightPeriod {
  const averages = averageNights(rows);
  return {
    kind,
    start,
    end: periodEnd(start, kind),
    label: periodLabel(start, kind),
    rows,
    averages,
    deepShare: sharePercent(averages.values.timeInDeep, averages.values.totalSleepTime),
    remShare: sharePercent(averages.values.timeInRem, averages.values.totalSleepTime),
  };
}

/**
 * The nights grouped by ISO week or calendar month of their night date,
 * newest period first; only periods with at least one night. With `from` and
 * `to` (UTC-midnight ms), every period between them is listed, empty or not.
 */
export function groupNightsByPeriod(
  rows: readonly NightTrendRow[],
  kind: PeriodKind,
  span?: { from: number; to: number },
): NightPeriod[] {
  const byStart = new Map<number, NightTrendRow[]>();
  if (span) {
    for (let s = periodStart(span.to, kind); s >= periodStart(span.from, kind); s = shiftPeriod(s, kind, 1)) {
      byStart.set(s, []);
    }
  }
  const sorted = [...rows].sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime));
  for (const r of sorted) {
    const day = nightDay(r);
    if (!Number.isFinite(day)) continue;
    const s = periodStart(day, kind);
    if (span && !byStart.has(s)) continue;
    byStart.set(s, [...(byStart.get(s) ?? []), r]);
  }
  return [...byStart.entries()].sort((a, b) => b[0] - a[0]).map(([s, list]) => toPeriod(s, kind, list));
}

/** One measure of a comparison: this, the other, and the difference in words. */
export interface MeasureComparison {
  key: CompareKey;
  label: string;
  /** Formatted: "7 h 12 min", "91.3%", "23:05"; "—" when unknown. */
  current: string;
  reference: string;
  /** Seconds, percentage points or clock minutes; null when either side is unknown. */
  difference: number | null;
  /** "+25 min", "-1.2 points", "25 min later", "same"; "—" when unknown. */
  change: string;
  arrow: "up" | "down" | "none";
  /** Whether the change is for the better (COMPARE_MEASURES' direction); "neutral" when neither is better or nothing changed. */
  verdict: "better" | "worse" | "neutral";
}

function formatMeasure(kind: "duration" | "percent" | "clock", v: number | null): string {
  if (kind === "clock") return formatClockMinutes(v);
  if (kind === "percent") return formatPercent(v);
  return formatDuration(v);
}

/**
 * Compares one measure. The difference is rounded the way it is written
 * (durations to the minute, or the second under one; percent to 0.1 point;
 * clock times to the minute; halves away from zero), and a difference that
 * rounds to 0 is "same".
 */
export function compareMeasure(
  key: CompareKey,
  current: number | null,
  reference: number | null,
): MeasureComparison {
  const m = COMPARE_MEASURES.find((x) => x.key === key)!;
  const base = {
    key,
    label: m.label,
    current: formatMeasure(m.kind, current),
    reference: formatMeasure(m.kind, reference),
  };
  if (current === null || reference === null) {
    return { ...base, difference: null, change: "—", arrow: "none", verdict: "neutral" };
  }
  let difference: number;
  let change: string;
  if (m.kind === "clock") {
    difference = clockDifference(Math.round(current), Math.round(reference));
    const words = formatDuration(Math.abs(difference) * 60);
    change = difference === 0 ? "same" : `${words} ${difference > 0 ? "later" : "earlier"}`;
  } else if (m.kind === "percent") {
    const raw = current - reference;
    difference = (Math.sign(raw) * Math.round(Math.abs(raw) * 10)) / 10;
    change = difference === 0 ? "same" : `${difference > 0 ? "+" : "-"}${Math.abs(difference).toFixed(1)} points`;
  } else {
    const raw = current - reference;
    // The magnitude is rounded, so -12.5 min reads "-13 min" just as +12.5 reads "+13 min".
    const abs = Math.abs(raw);
    difference = Math.sign(raw) * (abs < 59.5 ? Math.round(abs) : Math.round(abs / 60) * 60);
    change = difference === 0 ? "same" : `${difference > 0 ? "+" : "-"}${formatDuration(Math.abs(difference))}`;
  }
  const arrow = difference > 0 ? "up" : difference < 0 ? "down" : "none";
  const verdict =
    m.better === null || difference === 0
      ? "neutral"
      : (difference > 0) === (m.better === "more")
        ? "better"
        : "worse";
  return { ...base, difference, change, arrow, verdict };
}

/** This period against the one before it. */
export interface PeriodComparison {
  kind: PeriodKind;
  current: NightPeriod;
  previous: NightPeriod;
  measures: MeasureComparison[];
}

/**
 * "This week vs last week" or "this month vs last month": the period holding
 * `today` (a night date, {@link todayNightDay}) against the one before it,
 * each measure as this / last / difference. `rows` must hold every night of
 * both periods (more is fine).
 */
export function comparePeriods(rows: readonly NightTrendRow[], kind: PeriodKind, today: number): PeriodComparison {
  const thisStart = periodStart(today, kind);
  const lastStart = shiftPeriod(thisStart, kind, 1);
  const periods = groupNightsByPeriod(rows, kind, { from: lastStart, to: today });
  const current = periods.find((p) => p.start === thisStart) ?? toPeriod(thisStart, kind, []);
  const previous = periods.find((p) => p.start === lastStart) ?? toPeriod(lastStart, kind, []);
  return {
    kind,
    current,
    previous,
    measures: COMPARE_MEASURES.map(({ key }) =>
      compareMeasure(key, current.averages.values[key], previous.averages.values[key]),
    ),
  };
}

/** The fewest earlier nights with measurable sleep that make a "vs your average". */
export const VS_AVERAGE_MIN_NIGHTS = 3;
/** How many nights before a night its "vs your average" looks back over. */
export const VS_AVERAGE_NIGHTS = 30;

/** The measures a report compares with the user's average (no clock times). */
export const VS_AVERAGE_KEYS: readonly CompareKey[] = [
  "totalSleepTime",
  "sleepEfficiency",
  "sleepOnsetLatency",
  "waso",
  "timeInDeep",
  "timeInRem",
];

/**
 * How one night compares with the user's own average over the (up to) 30
 * nights before it: `night` is the night's trend row, `earlier` the rows of
 * nights that started before it (any order; only the newest 30 are used, and
 * those without measurable sleep count in no average). Null when the night
 * itself has no measurable sleep or fewer than 3 earlier nights count.
 */
export function compareWithAverage(
  night: NightTrendRow,
  earlier: readonly NightTrendRow[],
): { nights: number; measures: MeasureComparison[] } | null {
  if (trendExclusion(night) !== null) return null;
  const before = [...earlier]
    .filter((r) => r.id !== night.id && Date.parse(r.startTime) < Date.parse(night.startTime))
    .sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime))
    .slice(0, VS_AVERAGE_NIGHTS);
  const avg = averageNights(before);
  if (avg.nights < VS_AVERAGE_MIN_NIGHTS) return null;
  const mine = nightMeasures(night);
  return {
    nights: avg.nights,
    measures: VS_AVERAGE_KEYS.map((k) => compareMeasure(k, mine[k], avg.values[k])),
  };
}

/**
 * A trend series of period averages, oldest first, for the trend charts and
 * their tables: one point per week or month (`day` its first day), `raw` the
 * period's average (null for a period without a night that counts), `share`
 * deep or REM as percent of the average total sleep time.
 */
export function toPeriodSeries(periods: readonly NightPeriod[], metric: TrendMetric): TrendPoint[] {
  return [...periods]
    .sort((a, b) => a.start - b.start)
    .map((p) => {
      const raw = metric === "timeInSnoring" ? p.averages.timeInSnoring : p.averages.values[metric];
      return {
        sessionId: `${p.kind}-${isoDate(p.start)}`,
        label: p.label,
        day: p.start,
        startTime: new Date(p.start).toISOString(),
        raw,
        value: toChartUnit(metric, raw),
        excluded: null,
        share: metric === "timeInDeep" ? p.deepShare : metric === "timeInRem" ? p.remShare : null,
      };
    });
}

/**
 * "Total sleep time, weekly averages: 6 h 55 min to 7 h 15 min over 2 of 12
 * weeks; latest 7 h 15 min." for a series from {@link toPeriodSeries}.
 */
export function describePeriodTrend(points: readonly TrendPoint[], metric: TrendMetric, kind: PeriodKind): string {
  const { title, format } = TREND_METRICS[metric];
  const known = points.filter((p) => p.raw !== null);
  const unit = kind === "week" ? "week" : "month";
  const every = kind === "week" ? "weekly" : "monthly";
  if (known.length === 0) return `${title}: no ${unit} with a value yet.`;
  const raws = known.map((p) => p.raw!);
  const lo = format(Math.min(...raws));
  const hi = format(Math.max(...raws));
  const range = raws.length > 1 && lo !== hi ? `${lo} to ${hi}` : lo;
  const latest = format(known[known.length - 1]!.raw);
  return `${title}, ${every} averages: ${range} over ${known.length} of ${points.length} ${unit}${points.length === 1 ? "" : "s"}; latest ${latest}.`;
}

/** The earliest night date `now` can be in any time zone (UTC-12 is at most a day behind UTC's). */
function earliestToday(now: number): number {
  return todayNightDay(now - DAY_MS, "UTC");
}

/**
 * Which nights the user page loads for a trend window: the last `take`
 * nights (7, 30 or 90), or for calendar windows every night (up to 366) from
 * two days before the first day of the 12th week or month back (the slack
 * covers nights dated earlier than their UTC start, in any time zone).
 */
export function nightsToLoad(window: TrendWindow, now: number): { take: number; startFrom?: Date } {
  if (window !== "weeks" && window !== "months") return { take: Number(window) };
  const kind: PeriodKind = window === "weeks" ? "week" : "month";
  const first = shiftPeriod(periodStart(earliestToday(now), kind), kind, CALENDAR_WINDOW_PERIODS - 1);
  return { take: 366, startFrom: new Date(first - 2 * DAY_MS) };
}

/** The nights this month vs last month (and this week vs last week, which they cover) need: from last month's start, with the same slack. */
export function comparisonNightsToLoad(now: number): { take: number; startFrom: Date } {
  const lastMonth = shiftPeriod(periodStart(earliestToday(now), "month"), "month", 1);
  return { take: 366, startFrom: new Date(lastMonth - 2 * DAY_MS) };
}

/** The longest range report, in days (a year, leap or not). */
export const RANGE_REPORT_MAX_DAYS = 366;
/** The range report's default length, in days, ending today. */
export const RANGE_REPORT_DEFAULT_DAYS = 30;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((s) => {
    const ms = Date.parse(`${s}T00:00:00Z`);
    return Number.isFinite(ms) && isoDate(ms) === s;
  }, "is not a calendar date")
  // The dates Nocturne stores (as the exports accept): beyond them the search window leaves what the database can hold.
  .refine((s) => s >= "2000-01-01" && s <= "2100-12-31", "must be from 2000-01-01 to 2100-12-31");

/**
 * The range report's `from` and `to` search parameters (night dates,
 * YYYY-MM-DD, both included): the last 30 days up to `today` when both are
 * missing; otherwise both must be dates with from <= to and at most 366 days
 * apart. Returns UTC-midnight ms, or the problem in words naming the parameter.
 */
export function parseReportRange(
  from: unknown,
  to: unknown,
  today: number,
): { from: number; to: number } | { error: string } {
  if (from === undefined && to === undefined) {
    return { from: today - (RANGE_REPORT_DEFAULT_DAYS - 1) * DAY_MS, to: today };
  }
  const parsed = z.object({ from: isoDay, to: isoDay }).safeParse({ from, to });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "from");
    return { error: `${name} ${issue.code === "invalid_type" ? "is missing" : issue.message}` };
  }
  const a = Date.parse(`${parsed.data.from}T00:00:00Z`);
  const b = Date.parse(`${parsed.data.to}T00:00:00Z`);
  if (a > b) return { error: "from is after to" };
  if ((b - a) / DAY_MS + 1 > RANGE_REPORT_MAX_DAYS) return { error: `the range is longer than ${RANGE_REPORT_MAX_DAYS} days` };
  return { from: a, to: b };
}

/** The trend rows dated (nightDay) between `from` and `to`, both included (UTC-midnight ms). */
export function nightsDatedWithin(rows: readonly NightTrendRow[], from: number, to: number): NightTrendRow[] {
  return rows.filter((r) => {
    const d = nightDay(r);
    return d >= from && d <= to;
  });
}
