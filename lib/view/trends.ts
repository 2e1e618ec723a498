/**
 * Trend series over recent nights (total sleep time, sleep efficiency, sleep
 * onset latency, WASO, deep and REM sleep with their share of total sleep
 * time, snoring) and their text summaries. Pure, isomorphic.
 *
 * Nights are placed on a real date axis (one slot per calendar night, gaps
 * where none was recorded). Nights without measurable sleep
 * (findNightDataProblem: NEVER_SLEPT, TOO_SHORT, nothing scored) are left out
 * of the series and the averages and listed with their reason instead.
 */
import type { NightTrendRow } from "../store/read-model";

import { formatDuration, formatPercent, formatShortNightDate, nightDateKey } from "./format";
import { findNightDataProblem, NIGHT_DATA_PROBLEM_TEXT, type NightDataProblem } from "./night-data";

export type TrendMetric =
  | "totalSleepTime"
  | "sleepEfficiency"
  | "sleepOnsetLatency"
  | "waso"
  | "timeInDeep"
  | "timeInRem"
  | "timeInSnoring";

/**
 * What a trend chart needs per metric. Seconds are charted in hours or
 * minutes. `share`: the metric is a sleep stage, also shown as its percent of
 * total sleep time (MEASURE_DEFINITIONS.stageShare).
 */
export const TREND_METRICS: Record<
  TrendMetric,
  { title: string; unit: "hours" | "percent" | "minutes"; format: (raw: number | null) => string; share?: true }
> = {
  totalSleepTime: { title: "Total sleep time", unit: "hours", format: formatDuration },
  sleepEfficiency: { title: "Sleep efficiency", unit: "percent", format: (n) => formatPercent(n) },
  sleepOnsetLatency: { title: "Sleep onset latency", unit: "minutes", format: formatDuration },
  waso: { title: "WASO", unit: "minutes", format: formatDuration },
  timeInDeep: { title: "Deep sleep", unit: "minutes", format: formatDuration, share: true },
  timeInRem: { title: "REM sleep", unit: "minutes", format: formatDuration, share: true },
  timeInSnoring: { title: "Snoring", unit: "minutes", format: formatDuration },
};

const DAY_MS = 86_400_000;

/** One night on a trend chart; `value` is in the metric's chart unit, null when unknown or left out. */
export interface TrendPoint {
  sessionId: string;
  /** "15 Jan" in the night's time zone. */
  label: string;
  /** The night's date on the axis: Unix ms of its midnight in UTC (nightDateKey). */
  day: number;
  startTime: string;
  /** The metric in its stored unit (seconds or percent), for tooltips and tables; null when left out. */
  raw: number | null;
  value: number | null;
  /** Why the night is left out of the series and the averages; null when it counts. */
  excluded: NightDataProblem | null;
  /** For stage metrics: percent of total sleep time (one decimal); null otherwise or when unknown. */
  share: number | null;
}

/** `part` as a percent of `whole`, one decimal; null when either is unknown or the whole is 0. */
export function sharePercent(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** A raw value (seconds or percent) in the metric's chart unit: hours to 0.01, minutes to 0.1, percent as is. */
export function toChartUnit(metric: TrendMetric, raw: number | null): number | null {
  if (raw === null) return null;
  switch (TREND_METRICS[metric].unit) {
    case "hours":
      return Math.round((raw / 3600) * 100) / 100;
    case "minutes":
      return Math.round((raw / 60) * 10) / 10;
    case "percent":
      return raw;
  }
}

/** Why a trend row is left out, or null (findNightDataProblem on its summary columns). */
export function trendExclusion(
  row: Pick<NightTrendRow, "peculiarities" | "timeInBed" | "totalSleepTime" | "sleepEfficiency" | "missingDataRatio">,
): NightDataProblem | null {
  return findNightDataProblem({
    peculiarities: row.peculiarities,
    timeInBed: row.timeInBed,
    totalSleepTime: row.totalSleepTime,
    sleepEfficiency: row.sleepEfficiency,
    timeInUnknown:
      row.missingDataRatio !== null && row.timeInBed !== null ? row.missingDataRatio * row.timeInBed : null,
  });
}

/** Oldest night first, whatever order the rows came in; left-out nights carry `excluded` and no value. */
export function toTrendSeries(rows: readonly NightTrendRow[], metric: TrendMetric): TrendPoint[] {
  return [...rows]
    .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime))
    .map((r) => {
      const excluded = trendExclusion(r);
      const raw = excluded ? null : r[metric];
      return {
        sessionId: r.id,
        label: formatShortNightDate(r.startTime, r.timezone, r.endTime),
        day: nightDateKey(r.startTime, r.timezone, r.endTime),
        startTime: r.startTime,
        raw,
        value: toChartUnit(metric, raw),
        excluded,
        share: TREND_METRICS[metric].share && !excluded ? sharePercent(raw, r.totalSleepTime) : null,
      };
    });
}

/** The nights left out of the trends, newest first: "1 Dec: no sleep was detected". */
export function listExcludedNights(
  rows: readonly NightTrendRow[],
): Array<{ sessionId: string; label: string; reason: string }> {
  return [...rows]
    .sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime))
    .flatMap((r) => {
      const problem = trendExclusion(r);
      return problem
        ? [
            {
              sessionId: r.id,
              label: formatShortNightDate(r.startTime, r.timezone, r.endTime),
              reason: NIGHT_DATA_PROBLEM_TEXT[problem],
            },
          ]
        : [];
    });
}

/** "Average 7 h 12 min over 30 nights (lowest 5 h, highest 8 h 30 min)." Left-out nights do not count. */
export function describeTrend(points: readonly TrendPoint[], metric: TrendMetric): string {
  const { title, format } = TREND_METRICS[metric];
  const raws = points
    .filter((p) => !p.excluded)
    .map((p) => p.raw)
    .filter((v): v is number => v !== null);
  if (raws.length === 0) return `${title}: no nights with a value yet.`;
  const mean = raws.reduce((a, b) => a + b, 0) / raws.length;
  const nights = `${raws.length} night${raws.length === 1 ? "" : "s"}`;
  const lo = Math.min(...raws);
  const hi = Math.max(...raws);
  const range = raws.length > 1 ? ` (lowest ${format(lo)}, highest ${format(hi)})` : "";
  const avg = format(metric === "sleepEfficiency" ? Math.round(mean * 10) / 10 : mean);
  const shares = points.filter((p) => !p.excluded && p.share !== null).map((p) => p.share!);
  const share =
    TREND_METRICS[metric].share && shares.length > 0
      ? `, ${formatPercent(shares.reduce((a, b) => a + b, 0) / shares.length)} of total sleep time on average`
      : "";
  return `${title}: average ${avg}${share} over ${nights}${range}.`;
}

/**
 * The date axis of a trend chart: domain a slot (a day, or `slotDays` for
 * weekly or monthly averages) either side of the first and last point, and
 * ticks on whole days every 1, 2, 7, 14, 28, 56, 91 or 182 days (at most
 * `maxTicks`), counted back from the latest point so it is always labelled.
 * With `slotDays` of 7 or more the ticks fall on the points themselves.
 */
export function trendDateAxis(
  days: readonly number[],
  maxTicks = 5,
  slotDays = 1,
): { domain: [number, number]; ticks: number[] } {
  const known = days.filter(Number.isFinite);
  if (known.length === 0) return { domain: [0, DAY_MS], ticks: [] };
  const first = Math.min(...known);
  const last = Math.max(...known);
  if (slotDays > 1) {
    const sorted = [...new Set(known)].sort((a, b) => a - b);
    const every = Math.max(1, Math.ceil(sorted.length / maxTicks));
    const ticks = sorted.filter((_, i) => (sorted.length - 1 - i) % every === 0);
    const pad = (slotDays * DAY_MS) / 1.5;
    return { domain: [first - pad, last + pad], ticks };
  }
  const span = Math.round((last - first) / DAY_MS);
  const step = [1, 2, 7, 14, 28, 56, 91, 182].find((s) => Math.floor(span / s) + 1 <= maxTicks) ?? 182;
  const ticks: number[] = [];
  for (let t = last; t >= first; t -= step * DAY_MS) ticks.unshift(t);
  return { domain: [first - DAY_MS, last + DAY_MS], ticks };
}

/**
 * Round value ticks for a metric's axis, from 0 (or a round floor for
 * efficiency) to the first round value at or above the largest: hours in
 * steps of 1 or 2, minutes in 5, 10, 15, 30 or 60, percent in 10 or 20.
 */
export function trendValueTicks(metric: TrendMetric, values: readonly (number | null)[], maxTicks = 6): number[] {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const unit = TREND_METRICS[metric].unit;
  const hi = known.length ? Math.max(...known) : 0;
  // A night exactly on a round value (90.0%) gets room below it, not a point on the axis line.
  const lo =
    unit === "percent" ? (known.length ? Math.max(0, Math.floor((Math.min(...known) - 0.5) / 10) * 10) : 0) : 0;
  const top = unit === "percent" ? 100 : hi;
  const steps = unit === "hours" ? [1, 2, 3] : unit === "minutes" ? [5, 10, 15, 30, 60] : [10, 20, 25];
  const step = steps.find((s) => Math.ceil((top - lo) / s) + 1 <= maxTicks) ?? steps[steps.length - 1]!;
  const end = Math.max(lo + step, Math.ceil(top / step) * step);
  const ticks: number[] = [];
  for (let t = lo; t <= end + 1e-9; t += step) ticks.push(Math.round(t * 100) / 100);
  return ticks;
}
