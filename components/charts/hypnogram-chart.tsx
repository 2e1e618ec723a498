"use client";

import { useState, type KeyboardEvent, type PointerEvent } from "react";
import {
  ComposedChart,
  Line,
  ReferenceArea,
  usePlotArea,
  useXAxisInverseScale,
  useXAxisScale,
  XAxis,
  YAxis,
  ZIndexLayer,
} from "recharts";

import { formatClockTime } from "@/lib/view/format";
import { describeHoveredEpoch, epochAt, thinLabels, type HoveredEpoch } from "@/lib/view/hypnogram-hover";
import {
  HYPNOGRAM_STAGES,
  levelLabel,
  type CycleBand,
  type HypnogramPoint,
  type StageRun,
} from "@/lib/view/hypnogram-series";

import { AXIS_TICK, NIGHT_CHART_MARGIN, NIGHT_Y_AXIS_WIDTH } from "./chart-frame";

export interface HypnogramChartProps {
  /** Step series from toHypnogramSeries: two corners per run, null level for unknown epochs. */
  points: HypnogramPoint[];
  /** The runs the series was made from: the tooltip reads the epoch under the cursor from them. */
  runs: StageRun[];
  startMs: number;
  /** End of the recorded epochs (Unix ms). */
  endMs: number;
  /** End of the time axis (Unix ms), at or after endMs; a live night keeps it steady as chunks arrive. */
  axisEndMs?: number;
  /** X-axis ticks (Unix ms), from timeAxisTicks. */
  ticks: number[];
  timeZone: string;
  cycles: CycleBand[];
  height?: number;
  /** Accessible name of the chart. */
  title: string;
  /** Shown over the plot when no epoch has a scored stage (the axes stay). */
  emptyMessage?: string;
}

interface Hover {
  epoch: HoveredEpoch;
  /** Pixel x of the cursor in the chart. */
  x: number;
}

/** The plot-sized layer that reads the cursor's time, draws the crosshair and the thinned cycle labels. */
function PlotOverlay({
  hover,
  cycles,
  onPointer,
}: {
  hover: Hover | null;
  cycles: CycleBand[];
  onPointer: (t: number | null, x: number) => void;
}) {
  const plot = usePlotArea();
  const inverse = useXAxisInverseScale();
  const scale = useXAxisScale();
  if (!plot || !inverse || !scale) return null;
  const centres = cycles.map((c) => ((scale(c.startMs) ?? 0) + (scale(c.endMs) ?? 0)) / 2);
  const shown = thinLabels(centres);
  const move = (e: PointerEvent<SVGRectElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const x = plot.x + ((e.clientX - box.left) / box.width) * plot.width;
    onPointer(Number(inverse(x)), x);
  };
  return (
    <ZIndexLayer zIndex={2500}>
      {shown.map((i) => (
        <text
          key={cycles[i]!.number}
          x={centres[i]}
          y={plot.y - 3}
          textAnchor="middle"
          fontSize={10}
          fill="currentColor"
          data-cycle-label={cycles[i]!.number}
        >
          C{cycles[i]!.number}
        </text>
      ))}
      {hover ? (
        <line
          x1={hover.x}
          x2={hover.x}
          y1={plot.y}
          y2={plot.y + plot.height}
          stroke="currentColor"
          strokeOpacity={0.35}
          pointerEvents="none"
        />
      ) : null}
      <rect
        data-testid="hypnogram-hover-area"
        x={plot.x}
        y={plot.y}
        width={plot.width}
        height={plot.height}
        fill="transparent"
        onPointerMove={move}
        onPointerDown={move}
        onPointerLeave={() => onPointer(null, 0)}
      />
    </ZIndexLayer>
  );
}

/**
 * A night's hypnogram as a step chart: Wake on top, then REM, Light, Deep; gaps where no stage is known.
 * The tooltip names the stage of the epoch under the cursor (found from the time, not the nearest
 * corner point) with the epoch's exact time; the arrow keys step through the stretches when focused.
 * Cycle labels are thinned so they never collide. Never animated: a live night changes under it,
 * and morphing between step series draws diagonals.
 */
export function HypnogramChart({
  points,
  runs,
  startMs,
  endMs,
  axisEndMs,
  ticks,
  timeZone,
  cycles,
  height = 220,
  title,
  emptyMessage,
}: HypnogramChartProps) {
  const [hover, setHover] = useState<Hover | null>(null);
  const domainEnd = Math.max(axisEndMs ?? endMs, endMs, startMs + 1);
  const onPointer = (t: number | null, x: number) => {
    const epoch = t === null ? null : epochAt(runs, startMs, t, cycles);
    setHover(epoch ? { epoch, x } : null);
  };
  // For keyboard stepping: the pixel x of an instant, from the plot's fixed margins.
  const xOf = (ms: number, width: number) => {
    const left = NIGHT_CHART_MARGIN.left + NIGHT_Y_AXIS_WIDTH;
    const w = width - left - NIGHT_CHART_MARGIN.right;
    return left + ((ms - startMs) / (domainEnd - startMs)) * w;
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (runs.length === 0) return;
    const current = hover?.epoch.run ?? -1;
    let next: number | null = null;
    if (e.key === "ArrowRight") next = Math.min(runs.length - 1, current + 1);
    else if (e.key === "ArrowLeft") next = Math.max(0, current - 1);
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = runs.length - 1;
    else if (e.key === "Escape") return setHover(null);
    if (next === null) return;
    e.preventDefault();
    const r = runs[next]!;
    const t = startMs + r.startEpoch * 30_000;
    const epoch = epochAt(runs, startMs, t, cycles);
    if (epoch) setHover({ epoch, x: xOf(t, e.currentTarget.clientWidth) });
  };
  const text = hover ? describeHoveredEpoch(hover.epoch, timeZone, endMs - startMs) : null;
  return (
    <div
      className="relative rounded-md focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      tabIndex={0}
      role="group"
      aria-label={`${title}. Use the arrow keys to step through the stretches.`}
      onKeyDown={onKey}
      onBlur={() => setHover(null)}
    >
      <ComposedChart
        responsive
        data={points}
        style={{ width: "100%", height }}
        margin={NIGHT_CHART_MARGIN}
        title={title}
        accessibilityLayer={false}
      >
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[startMs, domainEnd]}
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
          allowDataOverflow
        />
        {cycles.map((c) => (
          <ReferenceArea
            key={c.number}
            x1={c.startMs}
            x2={c.endMs}
            fill={c.number % 2 ? "var(--color-cycle-band)" : "var(--color-cycle-band-alt)"}
            fillOpacity={1}
            ifOverflow="hidden"
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
        <PlotOverlay hover={hover} cycles={cycles} onPointer={onPointer} />
      </ComposedChart>
      {emptyMessage ? (
        <p
          data-testid="hypnogram-empty"
          className="pointer-events-none absolute inset-0 flex items-center justify-center pl-13 text-sm font-medium text-slate-500 dark:text-slate-400"
        >
          <span className="rounded bg-white/80 px-2 py-1 dark:bg-slate-900/80">{emptyMessage}</span>
        </p>
      ) : null}
      {text ? (
        <div
          aria-live="polite"
          data-testid="hypnogram-tooltip"
          className="pointer-events-none absolute top-1 z-10 rounded-md border border-slate-200 bg-white px-2 py-1 text-xs whitespace-nowrap text-slate-800 shadow-sm dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100"
          style={hover!.x > 160 ? { right: `calc(100% - ${hover!.x - 8}px)` } : { left: `${hover!.x + 8}px` }}
        >
          <div data-tooltip-stage className="font-semibold">
            {text.stage}
          </div>
          <div data-tooltip-epoch>{text.epoch}</div>
          <div className="text-slate-500 dark:text-slate-400">{text.stretch}</div>
        </div>
      ) : null}
    </div>
  );
}
