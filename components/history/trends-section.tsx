import { Section } from "@/components/ui/section";
import type { NightTrendRow } from "@/lib/store/read-model";
import {
  CALENDAR_WINDOW_PERIODS,
  comparePeriods,
  describePeriodTrend,
  groupNightsByPeriod,
  periodStart,
  shiftPeriod,
  toPeriodSeries,
  TREND_WINDOWS,
  type PeriodKind,
  type TrendWindow,
} from "@/lib/view/periods";
import { listExcludedNights, toTrendSeries, type TrendMetric } from "@/lib/view/trends";

import { ExcludedNights } from "./excluded-nights";
import { PeriodAveragesTable } from "./period-averages-table";
import { BETTER_DIRECTION_NOTE, PeriodComparisonTable } from "./period-comparison";
import { TrendPanel } from "./trend-panel";
import { TrendWindowNav } from "./trend-window-nav";

/** The trend charts in page order. */
export const TREND_PANEL_ORDER: TrendMetric[] = [
  "totalSleepTime",
  "sleepEfficiency",
  "sleepOnsetLatency",
  "waso",
  "timeInDeep",
  "timeInRem",
  "timeInSnoring",
];

export interface TrendsSectionProps {
  /** The user page's path, for the window links. */
  basePath: string;
  window: TrendWindow;
  /** The window's nights (nightsToLoad), newest first. */
  rows: NightTrendRow[];
  /** Every night since last month's start (comparisonNightsToLoad). */
  comparisonRows: NightTrendRow[];
  /** Today's night date in the user's zone (todayNightDay). */
  today: number;
}

/**
 * The user page's trends (a chart, summary and table per measure over the
 * chosen window; for calendar windows the weekly or monthly averages too)
 * and the "this week vs last week" and "this month vs last month" comparisons.
 */
export function TrendsSection({ basePath, window, rows, comparisonRows, today }: TrendsSectionProps) {
  const heading = TREND_WINDOWS.find((w) => w.value === window)!.heading;
  const kind: PeriodKind | null = window === "weeks" ? "week" : window === "months" ? "month" : null;
  const periods = kind
    ? groupNightsByPeriod(rows, kind, {
        from: shiftPeriod(periodStart(today, kind), kind, CALENDAR_WINDOW_PERIODS - 1),
        to: today,
      })
    : [];
  const shownRows = kind ? periods.flatMap((p) => p.rows) : rows;
  return (
    <>
      <Section title={heading} id="trends" aside={<TrendWindowNav basePath={basePath} current={window} />}>
        {shownRows.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            {rows.length === 0 && comparisonRows.length === 0
              ? "Trends appear after the first completed night."
              : "No completed night in this window."}
          </p>
        ) : (
          <>
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {TREND_PANEL_ORDER.map((metric) => {
                if (!kind) return <TrendPanel key={metric} metric={metric} points={toTrendSeries(rows, metric)} />;
                const points = toPeriodSeries(periods, metric);
                return (
                  <TrendPanel
                    key={metric}
                    metric={metric}
                    points={points}
                    caption={describePeriodTrend(points, metric, kind)}
                    rowHeader={kind === "week" ? "Week" : "Month"}
                    slotDays={kind === "week" ? 7 : 30}
                  />
                );
              })}
            </div>
            {kind ? (
              <div className="mt-4">
                <PeriodAveragesTable
                  periods={periods}
                  caption={kind === "week" ? "Averages by ISO week (Monday to Sunday)" : "Averages by calendar month"}
                />
              </div>
            ) : null}
            <ExcludedNights nights={listExcludedNights(shownRows)} />
          </>
        )}
      </Section>

      {comparisonRows.length > 0 ? (
        <Section title="This week and this month" id="compare">
          <div className="grid gap-4 lg:grid-cols-2">
            <PeriodComparisonTable comparison={comparePeriods(comparisonRows, "week", today)} />
            <PeriodComparisonTable comparison={comparePeriods(comparisonRows, "month", today)} />
          </div>
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{BETTER_DIRECTION_NOTE}</p>
        </Section>
      ) : null}
    </>
  );
}
