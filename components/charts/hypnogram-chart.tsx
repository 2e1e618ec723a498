"use client";

import { ComposedChart, Line, ReferenceArea, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";

import { formatClockTime } from "@/lib/view/format";
import { HYPNOGRAM_STAGES, levelLabel, type CycleBand, type HypnogramPoint } from "@/lib/view/hypnogram-series";

import { AXIS_TICK, NIGHT_CHART_MARGIN, NIGHT_Y_AXIS_WIDTH } from "./chart-frame";

export interface HypnogramChartProps {
  /** Step series from toHypnogramSeries: two corners per run, null level for unknown epochs. */
  points: HypnogramPoint[];
  startMs: number;
  endMs: number;
  /** X-axis ticks (Unix ms), from timeAxisTicks. */
  ticks: number[];
  timeZone: string;
  cycles: CycleBand[];
  height?: number;
  /** Accessible name of the chart's SVG. */
  title: string;
}

function HypnogramTooltip({ active, payload, timeZone }: TooltipContentProps & { timeZone: string }) {
  const point = payload?.[0]?.payload as HypnogramPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-2 py-1 text-xs shadow-sm dark:border-slate-700 dark:bg-slate-800">
      <span className="font-medium">{formatClockTime(point.t, timeZone)}</span>{" "}
      {point.level === null ? "no data" : levelLabel(point.level)}
    </div>
  );
}

/**
 * A night's hypnogram as a step chart: Wake on top, then REM, Light, Deep; gaps where no stage is known.
 * Never animated: a live night changes under it, and morphing between step series draws diagonals.
 */
export function HypnogramChart({
  points,
  startMs,
  endMs,
  ticks,
  timeZone,
  cycles,
  height = 220,
  title,
}: HypnogramChartProps) {
  return (
    <ComposedChart responsive data={points} style={{ width: "100%", height }} margin={NIGHT_CHART_MARGIN} title={title}>
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={[startMs, Math.max(endMs, startMs + 1)]}
        ticks={ticks}
        tickFormatter={(t: number) => formatClockTime(t, timeZone)}
        tick={AXIS_TICK}
        stroke="currentColor"
        strokeOpacity={0.3}
        allowDataOverflow
      />
      <YAxis
        type="number"
        domain={[-0.5, 3.5]}
        ticks={HYPNOGRAM_STAGES.map((s) => s.level)}
        tickFormatter={(level: number) => levelLabel(level)}
        tick={AXIS_TICK}
        width={NIGHT_Y_AXIS_WIDTH}
        stroke="currentColor"
        strokeOpacity={0.3}
        interval={0}
      />
      {cycles.map((c) => (
        <ReferenceArea
          key={c.number}
          x1={c.startMs}
          x2={c.endMs}
          fill={c.number % 2 ? "var(--color-cycle-band)" : "var(--color-cycle-band-alt)"}
          fillOpacity={1}
          ifOverflow="hidden"
          label={{ value: `C${c.number}`, position: "insideTop", fontSize: 10, fill: "currentColor", dy: -12 }}
        />
      ))}
      <Line
        dataKey="level"
        type="linear"
        stroke="currentColor"
        strokeOpacity={0.7}
        strokeWidth={1.25}
        dot={false}
        activeDot={false}
        isAnimationActive={false}
        connectNulls={false}
      />
      {HYPNOGRAM_STAGES.map((s) => (
        <Line
          key={s.key}
          dataKey={s.key}
          type="linear"
          stroke={`var(--color-stage-${s.key})`}
          strokeWidth={6}
          strokeLinecap="butt"
          dot={false}
          activeDot={false}
          isAnimationActive={false}
          connectNulls={false}
          legendType="none"
        />
      ))}
      <Tooltip
        content={(props) => <HypnogramTooltip {...props} timeZone={timeZone} />}
        cursor={{ stroke: "currentColor", strokeOpacity: 0.3 }}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}
