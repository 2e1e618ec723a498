import { HypnogramFigure } from "@/components/sleep/hypnogram-figure";
import { StageSwatch, stageBgClass } from "@/components/sleep/stage-swatch";
import { Panel, Section } from "@/components/ui/section";
import Link from "next/link";

import { formatClockTime, formatDuration, formatPercent, resolveTimeZone } from "@/lib/view/format";
import { apportionStageDurations, selectCycleBands, summariseStageDurations } from "@/lib/view/hypnogram-series";
import type { SleepSessionView } from "@/lib/store/read-model";
import { MeasureChange } from "@/components/ui/measure-change";
import type { MeasureComparison } from "@/lib/view/periods";
import { buildReportStats, describePeculiarity, describeStatMismatch, nightProblem } from "@/lib/view/report-stats";
import { MEASURE_DEFINITIONS } from "@/lib/sleep/statistics";

import { MeasureTerm } from "./measure-term";
import { StatCards } from "./stat-cards";
import { TableHead } from "@/components/ui/table-head";

/**
 * A completed (or incomplete: analyses stopped, no report) night: peculiarities, stat cards, hypnogram with snoring and cycles, stage durations.
 * `vsAverage` (compareWithAverage): how the night compares with the user's average of the nights before it; null says nothing.
 */
export function SessionReport({
  view,
  vsAverage = null,
}: {
  view: SleepSessionView;
  vsAverage?: { nights: number; measures: MeasureComparison[] } | null;
}) {
  const timeZone = resolveTimeZone(view.timezone);
  const { bands, source } = selectCycleBands(view.sleepCycles, view.computed.sleepCycles);
  const peculiarities = view.peculiarities.filter(Boolean);
  const input = {
    stat: view.stat,
    sleepEfficiencyPercent: view.sleepEfficiencyPercent,
    computed: view.computed,
    cycleCount: bands.length,
    peculiarities,
    timeZone,
  };
  const stats = buildReportStats(input);
  const problem = nightProblem(input);
  const mismatch = describeStatMismatch(view.stat, view.computed);
  const durations = summariseStageDurations(view.sleepStages);
  const shown = apportionStageDurations(durations);
  const statOf = (key: string) => stats.find((x) => x.key === key)?.value ?? "—";
  const vs = Object.fromEntries((vsAverage?.measures ?? []).map((m) => [m.key, m]));
  const stageVs: Record<number, MeasureComparison | undefined> = { 2: vs.timeInDeep, 3: vs.timeInRem };
  const cyclesNote =
    bands.length === 0
      ? undefined
      : source === "asleep"
        ? "Sleep cycles as scored by Asleep."
        : "Sleep cycles computed from the stages.";
  return (
    <article data-testid="session-report" data-session-id={view.id}>
      {view.state === "INCOMPLETE" ? (
        <p
          data-testid="incomplete-night"
          className="mb-6 rounded-xl border border-slate-300 bg-slate-100 p-3 text-sm dark:border-slate-700 dark:bg-slate-800/60"
        >
          Asleep stopped sending analyses for this night at {formatClockTime(view.updatedAt, timeZone)} {timeZone} and
          sent no report, so it is incomplete: the figures below are computed from the stages that arrived.
        </p>
      ) : null}
      {peculiarities.length > 0 || (view.missingDataRatio ?? 0) > 0 ? (
        <div className="mb-6 rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-100">
          <h2 className="font-semibold">Notes on this night</h2>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {peculiarities.map((p) => (
              <li key={p} data-peculiarity={p}>
                {describePeculiarity(p)}
              </li>
            ))}
            {(view.missingDataRatio ?? 0) > 0 ? (
              <li>{formatPercent((view.missingDataRatio ?? 0) * 100)} of the recording had no usable data</li>
            ) : null}
          </ul>
        </div>
      ) : null}

      {mismatch ? (
        <p
          data-testid="stat-mismatch"
          className="mb-6 rounded-xl border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-500/40 dark:bg-sky-500/10 dark:text-sky-100"
        >
          {mismatch}
        </p>
      ) : null}

      <Section title="Summary">
        {problem === "NEVER_SLEPT" || problem === "TOO_SHORT" ? (
          <div
            data-testid="night-empty-state"
            data-problem={problem}
            className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
          >
            <h3 className="text-lg font-semibold">
              {problem === "NEVER_SLEPT" ? "No sleep detected" : "Too short to analyse"}
            </h3>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
              {problem === "NEVER_SLEPT"
                ? `The recording lasted ${statOf("timeInBed")} and no sleep was scored, so there is no sleep onset, sleep efficiency or WASO to report.`
                : `The recording lasted ${statOf("timeInBed")}; Asleep analyses recordings of 5 minutes or more, so this night has no sleep measures.`}{" "}
              It is left out of your averages and trends.
            </p>
          </div>
        ) : (
          <>
            {problem === "NO_DATA" ? (
              <p data-testid="night-no-data" className="mb-3 text-sm text-slate-600 dark:text-slate-300">
                No sleep stage was scored in this recording, so every measure but time in bed reads “—”. It is left out
                of your averages and trends.
              </p>
            ) : null}
            <StatCards stats={stats} vsAverage={vs} />
            {vsAverage ? (
              <p data-testid="vs-average-note" className="mt-2 text-xs text-slate-500 dark:text-slate-400">
                “vs your average” compares this night with your average over the {vsAverage.nights} nights before it
                with measurable sleep (of the last 30).
              </p>
            ) : null}
          </>
        )}
        <p className="mt-2 text-xs text-slate-500 print:hidden dark:text-slate-400">
          {problem === "NEVER_SLEPT" || problem === "TOO_SHORT"
            ? "What the measures mean: "
            : "Hover over or focus a measure for its definition; "}
          <Link href="/glossary" className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
            all definitions
          </Link>
          .
        </p>
      </Section>

      <Section title="Hypnogram">
        <Panel>
          {view.sleepStages.length > 0 ? (
            <HypnogramFigure
              sleepStages={view.sleepStages}
              snoringStages={view.snoringStages}
              startMs={Date.parse(view.startTime)}
              timeZone={timeZone}
              cycles={bands}
              note={cyclesNote}
            />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-300">Asleep sent no sleep stages for this night.</p>
          )}
        </Panel>
      </Section>

      <Section title="Stage durations">
        <Panel className="overflow-x-auto">
          <table className="w-full text-left text-sm tabular-nums">
            <caption className="sr-only">Time in each stage, its share of time in bed and of total sleep time</caption>
            <TableHead
              className="text-slate-500 dark:text-slate-400"
              cell="py-1.5 pr-3"
              columns={[
                { label: "Stage" },
                { label: "Duration" },
                { label: "% of time in bed", className: "text-right" },
                {
                  label: <MeasureTerm definition={MEASURE_DEFINITIONS.stageShare.definition}>% of sleep</MeasureTerm>,
                  className: "text-right",
                },
                { label: <span className="sr-only">Bar</span>, className: "hidden w-2/5 sm:table-cell" },
              ]}
            />
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {durations.map((d) => (
                <tr key={d.stage} data-stage={d.label}>
                  <th scope="row" className="py-1.5 pr-3 font-normal">
                    <span className="flex items-center gap-2">
                      <StageSwatch stage={d.stage} />
                      {d.stage === -1 ? "No data" : d.label}
                    </span>
                  </th>
                  <td className="py-1.5 pr-3">
                    <span data-duration>{formatDuration(shown[d.stage])}</span>
                    {stageVs[d.stage] ? (
                      <span data-vs-average={stageVs[d.stage]!.key} className="block text-xs">
                        <MeasureChange m={stageVs[d.stage]!} suffix="vs your average" />
                      </span>
                    ) : null}
                  </td>
                  <td className="py-1.5 pr-3 text-right">{formatPercent(d.percent)}</td>
                  <td data-sleep-share className="py-1.5 pr-3 text-right">
                    {d.sleepPercent === null ? "" : formatPercent(d.sleepPercent)}
                  </td>
                  <td className="hidden py-1.5 sm:table-cell" aria-hidden="true">
                    <div className="h-2 w-full rounded-full bg-slate-100 dark:bg-slate-800">
                      <div
                        className={`h-2 rounded-full ${d.stage === -1 ? "border border-dashed border-current opacity-50" : stageBgClass(d.stage)}`}
                        style={{ width: `${Math.min(100, d.percent)}%` }}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t border-slate-200 font-medium dark:border-slate-700">
                <th scope="row" className="py-1.5 pr-3 text-left">
                  Time in bed
                </th>
                <td data-duration-total className="py-1.5 pr-3">
                  {formatDuration(view.computed.timeInBed)}
                </td>
                <td className="py-1.5 pr-3 text-right">{formatPercent(view.computed.timeInBed > 0 ? 100 : null)}</td>
                <td />
                <td className="hidden sm:table-cell" />
              </tr>
            </tfoot>
          </table>
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
            From the {view.sleepStages.length} 30-second epochs of the hypnogram. Durations under a minute are in
            seconds, longer ones rounded to the minute so that the stages add up to time in bed; share of sleep is of
            total sleep time (light + deep + REM).
          </p>
        </Panel>
      </Section>
    </article>
  );
}
