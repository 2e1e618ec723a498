import Link from "next/link";

import { Panel, Section } from "@/components/ui/section";
import { TableHead } from "@/components/ui/table-head";
import type { RegularitySummary } from "@/lib/sleep/regularity";
import { MEASURE_DEFINITIONS } from "@/lib/sleep/statistics";
import type { NightTrendRow } from "@/lib/store/read-model";
import { formatDuration, formatNightDate, formatNightSpan, formatPercent, resolveTimeZone } from "@/lib/view/format";
import { NIGHT_DATA_PROBLEM_TEXT } from "@/lib/view/night-data";
import { averageNights, formatClockMinutes, groupNightsByPeriod } from "@/lib/view/periods";
import { sharePercent, trendExclusion } from "@/lib/view/trends";

import { PeriodAveragesTable } from "./period-averages-table";
import { RegularityPanel } from "./regularity-panel";

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-3 break-inside-avoid dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs font-medium text-slate-500 dark:text-slate-400">{label}</dt>
      <dd data-range-avg={testId} className="mt-1 text-lg font-semibold tabular-nums">
        {value}
      </dd>
    </div>
  );
}

/**
 * The body of the printable range report: averages over the nights with
 * measurable sleep, one row per night, averages by ISO week and by calendar
 * month, and regularity over the period. `rows` are the nights dated in [from, to], newest first.
 */
export function RangeReport({
  rows,
  from,
  to,
  regularity,
}: {
  rows: NightTrendRow[];
  from: number;
  to: number;
  /** Regularity over the period's nights (lib/view/regularity.ts). */
  regularity: RegularitySummary;
}) {
  const avg = averageNights(rows);
  const v = avg.values;
  const left = rows.length - avg.nights;
  const weeks = groupNightsByPeriod(rows, "week", { from, to });
  const months = groupNightsByPeriod(rows, "month", { from, to });
  const cell = "py-1 pr-3 whitespace-nowrap";
  return (
    <>
      <Section title="Averages" id="averages">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-300" data-testid="range-nights">
          {rows.length === 0
            ? "No completed night in this period."
            : `${avg.nights} night${avg.nights === 1 ? "" : "s"} with measurable sleep${left > 0 ? ` (${left} more left out: no measurable sleep)` : ""}.`}
        </p>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 print:grid-cols-5">
          <Figure label="Total sleep time" value={formatDuration(v.totalSleepTime)} testId="totalSleepTime" />
          <Figure label="Sleep efficiency" value={formatPercent(v.sleepEfficiency)} testId="sleepEfficiency" />
          <Figure label="Sleep onset latency" value={formatDuration(v.sleepOnsetLatency)} testId="sleepOnsetLatency" />
          <Figure label="WASO" value={formatDuration(v.waso)} testId="waso" />
          <Figure
            label="Deep sleep (% of sleep)"
            value={`${formatDuration(v.timeInDeep)} (${formatPercent(sharePercent(v.timeInDeep, v.totalSleepTime))})`}
            testId="timeInDeep"
          />
          <Figure
            label="REM sleep (% of sleep)"
            value={`${formatDuration(v.timeInRem)} (${formatPercent(sharePercent(v.timeInRem, v.totalSleepTime))})`}
            testId="timeInRem"
          />
          <Figure label="Snoring" value={formatDuration(avg.timeInSnoring)} testId="timeInSnoring" />
          <Figure label="Bedtime" value={formatClockMinutes(v.bedtime)} testId="bedtime" />
          <Figure label="Wake time" value={formatClockMinutes(v.wakeTime)} testId="wakeTime" />
        </dl>
      </Section>

      <Section title="Regularity" id="regularity">
        <RegularityPanel summary={regularity} inPeriod />
      </Section>

      <Section title="Every night" id="nights">
        <Panel className="overflow-x-auto">
          <table className="w-full text-left text-sm tabular-nums" data-testid="range-nights-table">
            <caption className="sr-only">One row per night, newest first</caption>
            <TableHead
              className="text-xs text-slate-500 dark:text-slate-400"
              cell={cell}
              columns={[
                { label: "Night" },
                { label: "In bed" },
                { label: "Total sleep" },
                { label: "Efficiency", className: "text-right" },
                { label: "Onset latency" },
                { label: "WASO" },
                { label: "Deep" },
                { label: "REM" },
                { label: "Snoring" },
              ]}
            />
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((r) => {
                const tz = resolveTimeZone(r.timezone);
                const problem = trendExclusion(r);
                return (
                  <tr key={r.id} data-session-id={r.id}>
                    <th scope="row" className={`${cell} font-normal`}>
                      <Link
                        href={`/sessions/${encodeURIComponent(r.id)}`}
                        className="text-indigo-700 hover:underline print:text-inherit dark:text-indigo-300"
                      >
                        {formatNightDate(r.startTime, tz, r.endTime)}
                      </Link>
                    </th>
                    <td className={cell}>{formatNightSpan(r.startTime, r.endTime, tz)}</td>
                    {problem ? (
                      <td colSpan={7} className={`${cell} text-slate-500 dark:text-slate-400`}>
                        left out: {NIGHT_DATA_PROBLEM_TEXT[problem]}
                      </td>
                    ) : (
                      <>
                        <td className={cell}>{formatDuration(r.totalSleepTime)}</td>
                        <td className={`${cell} text-right`}>{formatPercent(r.sleepEfficiency)}</td>
                        <td className={cell}>{formatDuration(r.sleepOnsetLatency)}</td>
                        <td className={cell}>{formatDuration(r.waso)}</td>
                        <td className={cell}>{formatDuration(r.timeInDeep)}</td>
                        <td className={cell}>{formatDuration(r.timeInRem)}</td>
                        <td className={cell}>{formatDuration(r.timeInSnoring)}</td>
                      </>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Panel>
      </Section>

      <Section title="Week by week and month by month" id="periods">
        <div className="space-y-4">
          <PeriodAveragesTable periods={weeks} caption="Averages by ISO week (Monday to Sunday)" />
          <PeriodAveragesTable periods={months} caption="Averages by calendar month" />
        </div>
      </Section>

      <section className="text-xs text-slate-500 break-inside-avoid dark:text-slate-400" aria-label="Definitions">
        <p>
          Nights are dated by their evening in their own time zone; bedtime and wake time are when the recording started
          and ended, averaged on the clock. Averages leave out nights without measurable sleep.
        </p>
        <dl className="mt-1 grid gap-x-4 sm:grid-cols-2">
          {(["totalSleepTime", "sleepEfficiency", "sleepOnsetLatency", "waso"] as const).map((k) => (
            <div key={k}>
              <dt className="inline font-medium">{MEASURE_DEFINITIONS[k].term}: </dt>
              <dd className="inline">{MEASURE_DEFINITIONS[k].definition}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
