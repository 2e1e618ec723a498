/**
 * Trend series over recent nights (total sleep time, sleep efficiency, sleep
 * onset latency) and their text summaries. Pure, isomorphic.
 */
import type { NightTrendRow } from "../store/read-model";

import { formatDuration, formatPercent, formatShortNightDate } from "./format";

export type TrendMetric = "totalSleepTime" | "sleepEfficiency" | "sleepOnsetLatency";

/** What a trend chart needs per metric. Seconds are charted in hours or minutes. */
export const TREND_METRICS: Record<
  TrendMetric,
  { title: string; unit: "hours" | "percent" | "minutes"; format: (raw: number | null) => string }
> = {
  totalSleepTime: { title: "Total sleep time", unit: "hours", format: formatDuration },
  sleepEfficiency: { title: "Sleep efficiency", unit: "percent", format: (n) => formatPercent(n) },
  sleepOnsetLatency: { title: "Sleep onset latency", unit: "minutes", format: formatDuration },
};

/** One night on a trend chart; `value` is in the metric's chart unit, null when unknown. */
export interface TrendPoint {
  sessionId: string;
  /** "15 Jan" in the night's time zone. */
  label: string;
  startTime: string;
  /** The metric in its stored unit (seconds or percent), for tooltips and tables. */
  raw: number | null;
  value: number | null;
}

function toChartUnit(metric: TrendMetric, raw: number | null): number | null {
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

/** Oldest night first, whatever order the rows came in. */
export function toTrendSeries(rows: readonly NightTrendRow[], metric: TrendMetric): TrendPoint[] {
  return [...rows]
    .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime))
    .map((r) => ({
      sessionId: r.id,
      label: formatShortNightDate(r.startTime, r.timezone),
      startTime: r.startTime,
      raw: r[metric],
      value: toChartUnit(metric, r[metric]),
    }));
}

/** "Average 7 h 12 min over 30 nights (lowest 5 h, highest 8 h 30 min)." */
export function describeTrend(points: readonly TrendPoint[], metric: TrendMetric): string {
  const { title, format } = TREND_METRICS[metric];
  const raws = points.map((p) => p.raw).filter((v): v is number => v !== null);
  if (raws.length === 0) return `${title}: no nights with a value yet.`;
  const mean = raws.reduce((a, b) => a + b, 0) / raws.length;
  const nights = `${raws.length} night${raws.length === 1 ? "" : "s"}`;
  const lo = Math.min(...raws);
  const hi = Math.max(...raws);
  const range = raws.length > 1 ? ` (lowest ${format(lo)}, highest ${format(hi)})` : "";
  const avg = format(metric === "sleepEfficiency" ? Math.round(mean * 10) / 10 : mean);
  return `${title}: average ${avg} over ${nights}${range}.`;
}
