import { MeasureChange } from "@/components/ui/measure-change";
import type { MeasureComparison } from "@/lib/view/periods";
import type { ReportStat } from "@/lib/view/report-stats";

import { MeasureTerm } from "./measure-term";

/**
 * Stat cards; each value sits in an element with `data-stat=<key>` whose text
 * is exactly the formatted value, and each name shows its definition on hover
 * and focus. `vsAverage` puts "+25 min vs your average" under the cards it has a key for.
 */
export function StatCards({
  stats,
  vsAverage = {},
}: {
  stats: ReportStat[];
  vsAverage?: Partial<Record<string, MeasureComparison>>;
}) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {stats.map((s) => (
        <div
          key={s.key}
          data-card={s.key}
          className="relative rounded-xl border border-slate-200 bg-white p-3 shadow-sm break-inside-avoid dark:border-slate-800 dark:bg-slate-900"
        >
          <dt className="text-xs font-medium text-slate-500 dark:text-slate-400">
            <MeasureTerm definition={s.definition} place="container">
              {s.label}
            </MeasureTerm>
          </dt>
          <dd className="mt-1 flex flex-wrap items-baseline gap-x-2">
            <span data-stat={s.key} className="text-xl font-semibold tabular-nums">
              {s.value}
            </span>
            {s.source === "computed" ? (
              <span className="text-[11px] text-slate-500 dark:text-slate-400" title="Computed from the hypnogram">
                computed
              </span>
            ) : null}
          </dd>
          {vsAverage[s.key] ? (
            <dd data-vs-average={s.key} className="mt-0.5 text-xs">
              <MeasureChange m={vsAverage[s.key]!} suffix="vs your average" />
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
