"use client";

import { Bar, ComposedChart, Line, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";

import { TREND_METRICS, type TrendMetric, type TrendPoint } from "@/lib/view/trends";

import { AXIS_TICK } from "./chart-frame";

export interface TrendChartProps {
  metric: TrendMetric;
  /** Oldest night first, from toTrendSeries. */
  points: TrendPoint[];
  title: string;
}

const UNIT_TICK: Record<(typeof TREND_METRICS)[TrendMetric]["unit"], (v: number) => string> = {
  hours: (v) => `${v} h`,
  percent: (v) => `${v}%`,
  minutes: (v) => `${v} min`,
};

function TrendTooltip({ active, payload, metric }: TooltipContentProps & { metric: TrendMetric }) {
  const point = payload?.[0]?.payload as TrendPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-2 py-1 text-xs shadow-sm dark:border-slate-700 dark:bg-slate-800">
      <div className="font-medium">{point.label}</div>
      <div>{TREND_METRICS[metric].format(point.raw)}</div>
    </div>
  );
}

/** One metric over recent nights: bars for durations, a line for efficiency. */
export function TrendChart({ metric, points, title }: TrendChartProps) {
  const { unit } = TREND_METRICS[metric];
  return (
    <ComposedChart
      responsive
      data={points}
      style={{ width: "100%", height: 160 }}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
      title={title}
    >
      <XAxis
        dataKey="label"
        tick={AXIS_TICK}
        stroke="currentColor"
        strokeOpacity={0.3}
        interval="preserveStartEnd"
        minTickGap={16}
      />
      <YAxis
        tick={AXIS_TICK}
        width={52}
        stroke="currentColor"
        strokeOpacity={0.3}
        tickFormatter={UNIT_TICK[unit]}
        domain={unit === "percent" ? [(min: number) => Math.max(0, Math.floor(min / 10) * 10), 100] : [0, "auto"]}
        allowDecimals={false}
      />
      {unit === "percent" ? (
        <Line
          dataKey="value"
          type="monotone"
          stroke="var(--color-trend)"
          strokeWidth={2}
          dot={{ r: 2.5, fill: "var(--color-trend)" }}
          isAnimationActive={false}
          connectNulls
        />
      ) : (
        <Bar
          dataKey="value"
          fill="var(--color-trend)"
          radius={[2, 2, 0, 0]}
          isAnimationActive={false}
          maxBarSize={18}
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
