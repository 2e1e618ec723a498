import Link from "next/link";

import { HypnogramChart } from "@/components/charts/hypnogram-chart";
import { Panel } from "@/components/ui/section";
import type { SleepSessionView } from "@/lib/store/read-model";
import { formatNightSpan, formatNightTitle, resolveTimeZone } from "@/lib/view/format";
import { selectCycleBands, toHypnogramSeries, toStageRuns } from "@/lib/view/hypnogram-series";
import { buildReportStats, nightProblem } from "@/lib/view/report-stats";
import { NIGHT_DATA_PROBLEM_TEXT } from "@/lib/view/night-data";
import { timeAxisTicks } from "@/lib/view/time-axis";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";

/**
 * Last night's headline, shown under "Tonight" once a night has completed and
 * until the next one starts: total sleep time, sleep efficiency, a small
 * hypnogram and a link to the report. Same figures as the report's cards.
 */
export function LastNightHeadline({ view }: { view: SleepSessionView }) {
  const timeZone = resolveTimeZone(view.timezone);
  const { bands } = selectCycleBands(view.sleepCycles, view.computed.sleepCycles);
  const input = {
    stat: view.stat,
    sleepEfficiencyPercent: view.sleepEfficiencyPercent,
    computed: view.computed,
    cycleCount: bands.length,
    peculiarities: view.peculiarities,
    timeZone,
  };
  const stats = buildReportStats(input);
  const problem = nightProblem(input);
  const value = (key: string) => stats.find((s) => s.key === key)?.value ?? "—";
  const startMs = Date.parse(view.startTime);
  const endMs = startMs + view.sleepStages.length * EPOCH_SECONDS * 1000;
  const runs = toStageRuns(view.sleepStages);
  const title = formatNightTitle(view.startTime, timeZone, view.endTime);
  return (
    <Panel>
      <div data-testid="last-night" data-session-id={view.id} className="space-y-3">
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <h3 className="font-semibold">Last night · {title}</h3>
          <span className="text-sm text-slate-600 dark:text-slate-300">
            {formatNightSpan(view.startTime, view.endTime, timeZone)} ({timeZone})
          </span>
          <Link
            href={`/sessions/${encodeURIComponent(view.id)}`}
            className="ml-auto text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
          >
            Open the report
          </Link>
        </div>
        {problem ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            No sleep measures: {NIGHT_DATA_PROBLEM_TEXT[problem]}.
          </p>
        ) : (
          <dl className="grid grid-cols-2 gap-2 sm:max-w-md sm:gap-3">
            {(["totalSleepTime", "sleepEfficiency"] as const).map((key) => (
              <div key={key} className="rounded-lg bg-slate-50 p-2 sm:p-3 dark:bg-slate-800/60">
                <dt className="text-[11px] font-medium text-slate-500 sm:text-xs dark:text-slate-400">
                  {stats.find((s) => s.key === key)?.label}
                </dt>
                <dd data-last-night={key} className="mt-0.5 text-base font-semibold tabular-nums sm:text-xl">
                  {value(key)}
                </dd>
              </div>
            ))}
          </dl>
        )}
        {view.sleepStages.length > 0 ? (
          <div className="text-slate-600 dark:text-slate-300">
            <HypnogramChart
              points={toHypnogramSeries(runs, startMs)}
              runs={runs}
              startMs={startMs}
              endMs={endMs}
              ticks={timeAxisTicks(startMs, endMs, timeZone, 5)}
              timeZone={timeZone}
              cycles={[]}
              height={120}
              title={`Last night's hypnogram, ${title}`}
            />
          </div>
        ) : null}
      </div>
    </Panel>
  );
}
