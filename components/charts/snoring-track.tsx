"use client";

import { Area, ComposedChart, XAxis, YAxis } from "recharts";

import type { SnoringPoint } from "@/lib/view/hypnogram-series";

import { AXIS_TICK, NIGHT_CHART_MARGIN, NIGHT_Y_AXIS_WIDTH } from "./chart-frame";

export interface SnoringTrackProps {
  points: SnoringPoint[];
  startMs: number;
  endMs: number;
  title: string;
}

/** Snoring under the hypnogram, on the same time grid: filled where snoring, empty where quiet or unknown. */
export function SnoringTrack({ points, startMs, endMs, title }: SnoringTrackProps) {
  return (
    <ComposedChart
      responsive
      data={points}
      style={{ width: "100%", height: 40 }}
      margin={{ ...NIGHT_CHART_MARGIN, top: 4 }}
      title={title}
      accessibilityLayer={false}
    >
      <XAxis dataKey="t" type="number" domain={[startMs, Math.max(endMs, startMs + 1)]} hide allowDataOverflow />
      <YAxis
        type="number"
        domain={[0, 1]}
        ticks={[0.5]}
        tickFormatter={() => "Snoring"}
        tick={AXIS_TICK}
        width={NIGHT_Y_AXIS_WIDTH}
        axisLine={false}
        tickLine={false}
      />
      <Area
        dataKey="snoring"
        type="linear"
        stroke="none"
        fill="var(--color-snoring)"
        fillOpacity={0.85}
        baseValue={0}
        connectNulls={false}
        dot={false}
        activeDot={false}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}
