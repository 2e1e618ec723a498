"use client";

import { Bar, ComposedChart, Line, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";

import { TREND_METRICS, trendDateAxis, trendValueTicks, type TrendMetric, type TrendPoint } from "@/lib/view/trends";

import { AXIS_TICK } from "./chart-frame";

export interface TrendChartProps {
  metric: TrendMetric;
  /** Oldest night first, from toTrendSeries; left-out nights have no value and draw nothing. */
  points: TrendPoint[];
  title: string;
  /** Days one bar stands for: 1 for nights (default), 7 for weekly and 30 for monthly averages. */
  slotDays?: number;
}

const UNIT_TICK: Record<(typeof TREND_METRICS)[TrendMetric]["unit"], (v: number) => string> = {
  hours: (v) => `${v} h`,
  percent: (v) => `${v}%`,
  minutes: (v) => `${v} min`,
};

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

function TrendTooltip({ active, payload, metric }: TooltipContentProps & { metric: TrendMetric }) {
  const point = payload?.[0]?.payload as TrendPoint | undefined;
  if (!active || !point || point.value === null) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-2 py-1 text-xs shadow-sm dark:border-slate-700 dark:bg-slate-800">
      <div className="font-medium">{point.label}</div>
      <div>{TREND_METRICS[metric].format(point.raw)}</div>
    </div>
  );
}

/**
 * One metric over recent nights on a real date axis (a slot per calendar
 * night, gaps where none was recorded): bars for durations, unconnected points
 * for efficiency (nights are separate measurements, so nothing is smoothed or
 * drawn between them). Round value ticks.
 */
export function TrendChart({ metric, points, title, slotDays = 1 }: TrendChartProps) {
  const { unit } = TREND_METRICS[metric];
  const shown = points.filter((p) => p.value !== null && Number.isFinite(p.day));
  // Weekly or monthly averages keep every period on the axis, an empty week as a gap.
  const { domain, ticks } = trendDateAxis(
    (slotDays > 1 ? points.filter((p) => Number.isFinite(p.day)) : shown).map((p) => p.day),
    5,
    slotDays,
  );
  const yTicks = trendValueTicks(
    metric,
    shown.map((p) => p.value),
  );
  const days = Math.max(1, Math.round((domain[1] - domain[0]) / 86_400_000 / slotDays));
  return (
    <ComposedChart
      responsive
      data={shown}
      style={{ width: "100%", height: 160 }}
      margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
      title={title}
    >
      <XAxis
        dataKey="day"
        type="number"
        scale="time"
        domain={domain}
        ticks={ticks}
        tickFormatter={(d: number) => dayLabel.format(new Date(d))}
        tick={AXIS_TICK}
        stroke="currentColor"
        strokeOpacity={0.3}
        allowDataOverflow
      />
      <YAxis
        tick={AXIS_TICK}
        width={58}
        stroke="currentColor"
        strokeOpacity={0.3}
        tickFormatter={UNIT_TICK[unit]}
        domain={[yTicks[0] ?? 0, yTicks[yTicks.length - 1] ?? "auto"]}
        ticks={yTicks}
        interval={0}
        allowDataOverflow
      />
      {unit === "percent" ? (
        <Line
          dataKey="value"
          type="linear"
          stroke="none"
          dot={{ r: 3, fill: "var(--color-trend)", stroke: "var(--color-trend)" }}
          activeDot={{ r: 4.5, fill: "var(--color-trend)" }}
          isAnimationActive={false}
          connectNulls={false}
        />
      ) : (
        <Bar
          dataKey="value"
          fill="var(--color-trend)"
          radius={[2, 2, 0, 0]}
          isAnimationActive={false}
          barSize={Math.max(2, Math.min(14, Math.floor(220 / days)))}
        />
      )}
      <Tooltip
        content={(props) => <TrendTooltip {...props} metric={metric} />}
        cursor={{ fill: "currentColor", fillOpacity: 0.06, stroke: "currentColor", strokeOpacity: 0.2 }}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}
