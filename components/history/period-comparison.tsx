import { MeasureChange } from "@/components/ui/measure-change";
import { Panel } from "@/components/ui/section";
import type { PeriodComparison } from "@/lib/view/periods";

const NAMES = { week: ["This week", "Last week"], month: ["This month", "Last month"] } as const;

function nights(n: number): string {
  return `${n} night${n === 1 ? "" : "s"}`;
}

/**
 * "This week vs last week" (or month): each measure's average this period,
 * the last, and the difference with an arrow, in words, and whether it is
 * for the better.
 */
export function PeriodComparisonTable({ comparison }: { comparison: PeriodComparison }) {
  const [thisName, lastName] = NAMES[comparison.kind];
  const { current, previous } = comparison;
  return (
    <Panel className="overflow-x-auto">
      <table className="w-full text-left text-sm tabular-nums" data-comparison={comparison.kind}>
        <caption className="mb-2 text-left">
          <span className="font-semibold">
            {thisName} vs {lastName.toLowerCase()}
          </span>
          <span className="block text-xs text-slate-500 dark:text-slate-400">
            {current.label} ({nights(current.averages.nights)}) vs {previous.label} ({nights(previous.averages.nights)})
          </span>
        </caption>
        <thead className="text-xs text-slate-500 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-2 font-medium">
              Average
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              {thisName}
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              {lastName}
            </th>
            <th scope="col" className="py-1 font-medium">
              Change
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {comparison.measures.map((m) => (
            <tr key={m.key} data-compare={m.key}>
              <th scope="row" className="py-1 pr-2 font-normal">
                {m.label}
              </th>
              <td data-current className="py-1 pr-2 whitespace-nowrap">
                {m.current}
              </td>
              <td data-reference className="py-1 pr-2 whitespace-nowrap">
                {m.reference}
              </td>
              <td className="py-1">
                <MeasureChange m={m} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

/** What "better" means in the comparisons, said once under them. */
export const BETTER_DIRECTION_NOTE =
  "Averages over the nights with measurable sleep. Better means more total sleep, efficiency, deep and REM sleep, and a shorter sleep onset latency and WASO. Bedtime and wake time (when the recording started and ended, averaged on the clock so 23:00 and 01:00 make 00:00) have no better direction: keeping them steady is what helps.";
