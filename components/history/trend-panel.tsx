import { TrendChart } from "@/components/charts/trend-chart";
import { Panel } from "@/components/ui/section";
import { describeTrend, TREND_METRICS, type TrendMetric, type TrendPoint } from "@/lib/view/trends";

/** One trend chart with its text summary and a table of the nights as the accessible alternative. */
export function TrendPanel({ metric, points }: { metric: TrendMetric; points: TrendPoint[] }) {
  const { title, format } = TREND_METRICS[metric];
  return (
    <Panel>
      <figure className="space-y-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        <div className="text-slate-600 dark:text-slate-300">
          <TrendChart metric={metric} points={points} title={`${title}, last ${points.length} nights`} />
        </div>
        <figcaption className="text-xs text-slate-600 dark:text-slate-300">{describeTrend(points, metric)}</figcaption>
        <details className="text-xs">
          <summary className="cursor-pointer font-medium text-indigo-700 dark:text-indigo-300">Table of nights</summary>
          <div className="mt-2 max-h-64 overflow-auto">
            <table className="w-full text-left tabular-nums">
              <thead>
                <tr>
                  <th scope="col" className="py-1 pr-2 font-medium">
                    Night
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    {title}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...points].reverse().map((p) => (
                  <tr key={p.sessionId}>
                    <td className="py-0.5 pr-2">{p.label}</td>
                    <td className="py-0.5">{p.excluded ? "left out" : format(p.raw)}</td>
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
