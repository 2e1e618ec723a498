import { Panel } from "@/components/ui/section";
import { TableHead } from "@/components/ui/table-head";
import { formatDuration, formatPercent } from "@/lib/view/format";
import { formatClockMinutes, type NightPeriod } from "@/lib/view/periods";

/** Calendar weeks or months, newest first, each with its averages over the nights that count. */
export function PeriodAveragesTable({ periods, caption }: { periods: NightPeriod[]; caption: string }) {
  const kind = periods[0]?.kind ?? "week";
  return (
    <Panel className="overflow-x-auto">
      <table className="w-full text-left text-sm tabular-nums" data-period-averages={kind}>
        <caption className="mb-2 text-left text-sm font-semibold">{caption}</caption>
        <TableHead
          className="text-xs text-slate-500 dark:text-slate-400"
          cell="py-1 pr-3 whitespace-nowrap"
          columns={[
            { label: kind === "week" ? "Week" : "Month" },
            { label: "Nights", className: "text-right" },
            { label: "Total sleep" },
            { label: "Efficiency", className: "text-right" },
            { label: "Onset latency" },
            { label: "WASO" },
            { label: "Deep (% of sleep)" },
            { label: "REM (% of sleep)" },
            { label: "Bedtime" },
            { label: "Wake time" },
          ]}
        />
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {periods.map((p) => {
            const v = p.averages.values;
            return (
              <tr key={p.start} data-period={p.label}>
                <th scope="row" className="py-1 pr-3 font-normal whitespace-nowrap">
                  {p.label}
                </th>
                <td className="py-1 pr-3 text-right">{p.averages.nights}</td>
                <td data-avg="totalSleepTime" className="py-1 pr-3 whitespace-nowrap">
                  {formatDuration(v.totalSleepTime)}
                </td>
                <td data-avg="sleepEfficiency" className="py-1 pr-3 text-right">
                  {formatPercent(v.sleepEfficiency)}
                </td>
                <td className="py-1 pr-3 whitespace-nowrap">{formatDuration(v.sleepOnsetLatency)}</td>
                <td className="py-1 pr-3 whitespace-nowrap">{formatDuration(v.waso)}</td>
                <td className="py-1 pr-3 whitespace-nowrap">
                  {formatDuration(v.timeInDeep)}
                  {p.deepShare === null ? "" : ` (${formatPercent(p.deepShare)})`}
                </td>
                <td className="py-1 pr-3 whitespace-nowrap">
                  {formatDuration(v.timeInRem)}
                  {p.remShare === null ? "" : ` (${formatPercent(p.remShare)})`}
                </td>
                <td className="py-1 pr-3">{formatClockMinutes(v.bedtime)}</td>
                <td className="py-1 pr-3">{formatClockMinutes(v.wakeTime)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Panel>
  );
}
