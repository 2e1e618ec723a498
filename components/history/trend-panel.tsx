import { TrendChart } from "@/components/charts/trend-chart";
import { Panel } from "@/components/ui/section";
import { formatPercent } from "@/lib/view/format";
import { describeTrend, TREND_METRICS, type TrendMetric, type TrendPoint } from "@/lib/view/trends";

export interface TrendPanelProps {
  metric: TrendMetric;
  /** Oldest first: nights (toTrendSeries) or period averages (toPeriodSeries). */
  points: TrendPoint[];
  /** The text summary under the chart; describeTrend's by default. */
  caption?: string;
  /** The table's first column: "Night" (default), "Week" or "Month". */
  rowHeader?: string;
  /** Days one bar stands for (7 for weeks, 30 for months). */
  slotDays?: number;
}

/**
 * One trend chart with its text summary and a table of the nights (or
 * periods) as the accessible alternative. Stage metrics add a column with
 * their share of total sleep time.
 */
export function TrendPanel({ metric, points, caption, rowHeader = "Night", slotDays }: TrendPanelProps) {
  const { title, format, share } = TREND_METRICS[metric];
  const noun = rowHeader === "Night" ? "nights" : `${rowHeader.toLowerCase()}s`;
  return (
    <Panel>
      <figure className="space-y-2" data-trend={metric}>
        <h3 className="text-sm font-semibold">{title}</h3>
        <div className="text-slate-600 dark:text-slate-300">
          <TrendChart
            metric={metric}
            points={points}
            slotDays={slotDays}
            title={`${title}, last ${points.length} ${noun}`}
          />
        </div>
        <figcaption data-trend-summary className="text-xs text-slate-600 dark:text-slate-300">
          {caption ?? describeTrend(points, metric)}
        </figcaption>
        <details className="text-xs">
          <summary className="cursor-pointer font-medium text-indigo-700 dark:text-indigo-300">
            Table of {noun}
          </summary>
          <div className="mt-2 max-h-64 overflow-auto">
            <table className="w-full text-left tabular-nums">
              <thead>
                <tr>
                  <th scope="col" className="py-1 pr-2 font-medium">
                    {rowHeader}
                  </th>
                  <th scope="col" className="py-1 pr-2 font-medium">
                    {title}
                  </th>
                  {share ? (
                    <th scope="col" className="py-1 text-right font-medium">
                      % of sleep
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {[...points].reverse().map((p) => (
                  <tr key={p.sessionId}>
                    <td className="py-0.5 pr-2">{p.label}</td>
                    <td className="py-0.5 pr-2">{p.excluded ? "left out" : format(p.raw)}</td>
                    {share ? <td className="py-0.5 text-right">{p.excluded ? "" : formatPercent(p.share)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figure>
    </Panel>
  );
}
