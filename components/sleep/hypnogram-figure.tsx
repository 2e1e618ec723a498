import { HypnogramChart } from "@/components/charts/hypnogram-chart";
import { SnoringTrack } from "@/components/charts/snoring-track";
import { formatClockTime, formatDuration, formatNightSpan } from "@/lib/view/format";
import {
  describeHypnogram,
  hasSnoringData,
  summariseStageDurations,
  toHypnogramSeries,
  toSnoringSeries,
  toStageRuns,
  type CycleBand,
} from "@/lib/view/hypnogram-series";
import { stageName } from "@/lib/view/hypnogram-hover";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import { timeAxisTicks } from "@/lib/view/time-axis";

import { StageLegend, StageSwatch } from "./stage-swatch";
import { TableHead } from "@/components/ui/table-head";

export interface HypnogramFigureProps {
  sleepStages: number[];
  snoringStages: number[];
  /** Unix ms of epoch 0. */
  startMs: number;
  /** IANA zone the axis and table are written in (already resolved). */
  timeZone: string;
  cycles: CycleBand[];
  /** Extra sentence for the caption (e.g. where the cycles come from). */
  note?: string;
  /** End of the time axis (Unix ms) when it should reach past the last epoch (the live view's steady axis). */
  axisEndMs?: number;
}

/**
 * A night's hypnogram with its snoring track, a text summary and a table of
 * stage runs as the accessible alternative. Shapes the epochs here, so the
 * chart components get a few hundred points, not one per epoch. Used by the
 * report (server-rendered) and the live view (in the browser) alike.
 */
export function HypnogramFigure({
  sleepStages,
  snoringStages,
  startMs,
  timeZone,
  cycles,
  note,
  axisEndMs,
}: HypnogramFigureProps) {
  const endMs = startMs + sleepStages.length * EPOCH_SECONDS * 1000;
  const axisEnd = Math.max(endMs, axisEndMs ?? endMs);
  const runs = toStageRuns(sleepStages);
  const snoringScored = hasSnoringData(snoringStages);
  const showSnoring = snoringStages.some((v) => v === 1);
  const scored = sleepStages.some((v) => v !== -1);
  const clock = (ms: number) => formatClockTime(ms, timeZone, { offsetIfAmbiguous: true });
  // A night of 18 hours or more names the days too ("20:00 Mon 30 Nov", "20:00 Tue 1 Dec").
  const span = formatNightSpan(startMs, endMs, timeZone).split(" – ");
  const [from, to] = span.length === 2 ? (span as [string, string]) : [clock(startMs), clock(endMs)];
  const summary = describeHypnogram({
    durations: summariseStageDurations(sleepStages),
    cycleCount: cycles.length,
    from,
    to,
    timeZone,
  });
  const at = (epoch: number) => startMs + epoch * EPOCH_SECONDS * 1000;
  return (
    <figure className="space-y-3">
      <div className="text-slate-600 dark:text-slate-300">
        <HypnogramChart
          points={toHypnogramSeries(runs, startMs)}
          runs={runs}
          startMs={startMs}
          endMs={endMs}
          axisEndMs={axisEnd}
          ticks={timeAxisTicks(startMs, axisEnd, timeZone)}
          timeZone={timeZone}
          cycles={cycles}
          title={`Hypnogram, ${from} to ${to}`}
          emptyMessage={scored ? undefined : "No data: no sleep stage was scored in this recording"}
        />
        {showSnoring ? (
          <SnoringTrack
            points={toSnoringSeries(snoringStages, startMs)}
            startMs={startMs}
            endMs={axisEnd}
            title="Snoring track"
          />
        ) : null}
      </div>
      <StageLegend withSnoring={showSnoring} withCycles={cycles.length > 0} />
      <figcaption className="text-sm text-slate-600 dark:text-slate-300">
        {summary}
        {snoringScored && !showSnoring ? " No snoring detected." : null}
        {note ? ` ${note}` : null}
      </figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-indigo-700 dark:text-indigo-300">
          Table of stages ({runs.length} {runs.length === 1 ? "stretch" : "stretches"})
        </summary>
        <div className="mt-2 max-h-96 overflow-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">Sleep stages in time order, {timeZone}</caption>
            <TableHead
              className="sticky top-0 bg-slate-100 dark:bg-slate-800"
              cell="px-3 py-1.5"
              columns={[{ label: "Stage" }, { label: "From" }, { label: "To" }, { label: "Duration" }]}
            />
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {runs.map((r) => (
                <tr key={r.startEpoch}>
                  <td className="px-3 py-1">
                    <span className="flex items-center gap-2">
                      <StageSwatch stage={r.stage} />
                      {stageName(r.stage)}
                    </span>
                  </td>
                  <td className="px-3 py-1">{clock(at(r.startEpoch))}</td>
                  <td className="px-3 py-1">{clock(at(r.endEpoch))}</td>
                  <td className="px-3 py-1">{formatDuration((r.endEpoch - r.startEpoch) * EPOCH_SECONDS)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
