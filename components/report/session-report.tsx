import { HypnogramFigure } from "@/components/sleep/hypnogram-figure";
import { StageSwatch, stageBgClass } from "@/components/sleep/stage-swatch";
import { Panel, Section } from "@/components/ui/section";
import { formatClockTime, formatDuration, formatPercent, resolveTimeZone } from "@/lib/view/format";
import { selectCycleBands, summariseStageDurations } from "@/lib/view/hypnogram-series";
import type { SleepSessionView } from "@/lib/store/read-model";
import { buildReportStats, describePeculiarity } from "@/lib/view/report-stats";

import { StatCards } from "./stat-cards";
import { TableHead } from "@/components/ui/table-head";

/** A completed (or incomplete: analyses stopped, no report) night: peculiarities, stat cards, hypnogram with snoring and cycles, stage durations. */
export function SessionReport({ view }: { view: SleepSessionView }) {
  const timeZone = resolveTimeZone(view.timezone);
  const { bands, source } = selectCycleBands(view.sleepCycles, view.computed.sleepCycles);
  const stats = buildReportStats({
    stat: view.stat,
    sleepEfficiencyPercent: view.sleepEfficiencyPercent,
    computed: view.computed,
    cycleCount: bands.length,
  });
  const durations = summariseStageDurations(view.sleepStages);
  const peculiarities = view.peculiarities.filter(Boolean);
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

      <Section title="Summary">
        <StatCards stats={stats} />
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
            <caption className="sr-only">Time in each stage, and its share of time in bed</caption>
            <TableHead
              className="text-slate-500 dark:text-slate-400"
              cell="py-1.5 pr-3"
              columns={[
                { label: "Stage" },
                { label: "Duration" },
                { label: "Minutes", className: "text-right" },
                { label: "Share", className: "text-right" },
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
                  <td className="py-1.5 pr-3">{formatDuration(d.seconds)}</td>
                  <td className="py-1.5 pr-3 text-right">{d.seconds / 60}</td>
                  <td className="py-1.5 pr-3 text-right">{formatPercent(d.percent)}</td>
                  <td className="hidden py-1.5 sm:table-cell" aria-hidden="true">
                    <div className="h-2 w-full rounded-full bg-slate-100 dark:bg-slate-800">
                      <div
                        className={`h-2 rounded-full ${stageBgClass(d.stage)}`}
                        style={{ width: `${Math.min(100, d.percent)}%` }}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
            From the {view.sleepStages.length} 30-second epochs of the hypnogram; shares are of time in bed.
          </p>
        </Panel>
      </Section>
    </article>
  );
}
